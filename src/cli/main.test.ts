import { afterEach, describe, expect, it } from 'vitest';
import { memoryIo } from './io.ts';
import { commands, main } from './main.ts';

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
