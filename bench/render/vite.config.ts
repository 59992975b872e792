import { defineConfig } from 'vite';

// Built by bench/render.ts into the app's preview folder (`/bare/`), so one `vite preview` serves both.
export default defineConfig({ base: './', build: { target: 'es2022' }, logLevel: 'warn' });
