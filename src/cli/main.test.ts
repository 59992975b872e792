import { afterEach, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { memoryIo } from './io.ts';
import { commands, main } from './main.ts';
import { INPUT_EXTENSIONS } from './readInputs.ts';

/** A command that fails as a bug would: an exception nobody expected, with a message on two lines. */
const BOOM = 'test-boom';

describe('main: an unexpected exception in a command', () => {
  afterEach(() => {
    delete commands[BOOM];
  });

  it('prints one clear line and exits with 2, no stack (a stack only with NETPOL_VIZ_DEBUG)', async () => {
    commands[BOOM] = {
      summary: 'fails',
      load: async () => ({
        run: () => {
          throw new TypeError("Cannot read properties of undefined (reading 'x')\n    at somewhere");
        },
      }),
    };
    const io = memoryIo();
    expect(await main([BOOM], io)).toBe(2);
    expect(io.stdout).toBe('');
    const lines = io.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`netpol-viz ${BOOM}: internal error`);
    expect(lines[0]).toContain("Cannot read properties of undefined (reading 'x')");
    expect(lines[0]).toContain('NETPOL_VIZ_DEBUG=1');
    expect(io.stderr).not.toMatch(/^\s+at /m);

    const withStack = Object.assign(memoryIo(), { debug: true });
    expect(await main([BOOM], withStack)).toBe(2);
    expect(withStack.stderr).toMatch(/^\s+at /m);
  });

  it('a rejected promise (async failure) is caught the same way', async () => {
    commands[BOOM] = { summary: 'fails', load: async () => ({ run: async () => Promise.reject(new Error('disk on fire')) }) };
    const io = memoryIo();
    expect(await main([BOOM], io)).toBe(2);
    expect(io.stderr).toMatch(/^netpol-viz test-boom: internal error: disk on fire\./);
  });
});

describe('main.ts run as a script', () => {
  it('`npx tsx src/cli/main.ts …` runs the command (it printed nothing and exited 0)', () => {
    const root = resolve(__dirname, '../..');
    const r = spawnSync(process.execPath, [resolve(root, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/main.ts', 'explain', '--bogus'], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toContain('unknown option');
    expect(r.status).toBe(2);
    const help = spawnSync(process.execPath, [resolve(root, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/main.ts', '--help'], { cwd: root, encoding: 'utf8' });
    expect(help.stdout).toMatch(/^Usage: netpol-viz <command>/);
    expect(help.status).toBe(0);
  }, 30_000);
});

describe('bin/netpol-viz.js with its output piped to a reader that stops early (`… | head`)', () => {
  it('ends without a stack trace and with the command\'s own status', async () => {
    // Was: node's 'Unhandled error event … Error: write EPIPE' stack on stderr, exit 1.
    const root = resolve(__dirname, '../..');
    const child = spawn(process.execPath, [resolve(root, 'bin/netpol-viz.js'), 'flows', resolve(root, 'test/fixtures/app-platform'), '--json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader is gone before the first write
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const status = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(status).toBe(0);
  }, 60_000);
});

describe('usage and help', () => {
  it('no command is a usage error: the usage on stderr, exit 2, nothing on stdout; --help on stdout, exit 0', async () => {
    // Was: the usage on stdout with exit 2 (`netpol-viz > out.txt` filled the file, said nothing).
    const none = memoryIo();
    expect(await main([], none)).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/^Usage: netpol-viz <command>/);
    const help = memoryIo();
    expect(await main(['--help'], help)).toBe(0);
    expect(help.stdout).toMatch(/^Usage: netpol-viz <command>/);
    expect(help.stderr).toBe('');
  });

  it('the help of every command that reads folders names every file kind a folder is read for (archives too)', async () => {
    // Was: '(.yaml .yml .json .jsonl .gz)', while a sysdump .zip, .tar and .tgz are read.
    for (const cmd of ['inspect', 'flows', 'render']) {
      const io = memoryIo();
      expect(await main([cmd, '--help'], io)).toBe(0);
      for (const ext of INPUT_EXTENSIONS) expect(io.stdout, `${cmd} --help: ${ext}`).toMatch(new RegExp(`[ (]\\${ext}[ )]`));
    }
  });

  it('the help of every command says its exit statuses', async () => {
    // Was: explain's and connlist's said nothing, yet scripts branch on them.
    for (const cmd of Object.keys(commands)) {
      const io = memoryIo();
      expect(await main([cmd, '--help'], io)).toBe(0);
      expect(io.stdout, cmd).toMatch(/\nExit status: 0 [^\n]*/);
    }
  });
});
