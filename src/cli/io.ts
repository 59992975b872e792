/** The CLI's window on the world, injectable for tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Reads all of stdin (for `-` as an input). */
  stdin(): Promise<Uint8Array>;
  cwd: string;
  /** Show the stack of an unexpected exception (`NETPOL_VIZ_DEBUG=1`). */
  debug?: boolean;
}

export function nodeIo(): CliIo {
  // The reader of our output went away (`netpol-viz … | head`): stop writing, finish quietly with
  // the command's own status. Node's default was an unhandled 'error' event: a stack and exit 1.
  let stdoutGone = false;
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (!stdoutGone && e.code !== 'EPIPE') process.stderr.write(`netpol-viz: cannot write the output: ${e.message}\n`);
    stdoutGone = true;
  });
  return {
    out: (t) => {
      if (!stdoutGone) process.stdout.write(t);
    },
    err: (t) => void process.stderr.write(t),
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return new Uint8Array(Buffer.concat(chunks));
    },
    cwd: process.cwd(),
    debug: (process.env['NETPOL_VIZ_DEBUG'] ?? '') !== '' && process.env['NETPOL_VIZ_DEBUG'] !== '0',
  };
}

/** Collects output in memory (tests). */
export function memoryIo(stdinText = ''): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out(t: string) {
      io.stdout += t;
    },
    err(t: string) {
      io.stderr += t;
    },
    stdin: async () => new TextEncoder().encode(stdinText),
    cwd: process.cwd(),
  };
  return io;
}
