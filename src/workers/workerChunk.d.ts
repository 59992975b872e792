/** `./x.worker.ts?worker-chunk-url`: the URL of a module worker built as a chunk of the app (vite.config.ts). */
declare module '*?worker-chunk-url' {
  const url: string;
  export default url;
}
