import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { memoryIo } from '../io.ts';
import { main } from '../main.ts';
import { appPlatformDir } from '../../../test/paths.ts';

/**
 * `--strict`: a document that did not load makes lint, explain, connlist and inspect exit 3 (their
 * output unchanged); without it they go on with what loaded and exit 0, as before.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'netpol-viz-strict-'));
const damaged = path.join(dir, 'extra-policies.yaml');
writeFileSync(damaged, 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: half, namespace: acme-web\nspec: [\n');

const COMMANDS: readonly (readonly [string, readonly string[]])[] = [
  ['lint', []],
  ['explain', ['--from', 'acme-jobs/mailer', '--to', '198.51.100.25', '--port', '25/TCP']],
  ['connlist', []],
  ['inspect', []],
];

async function cli(argv: readonly string[]) {
  const io = memoryIo();
  const code = await main([...argv], io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('--strict', () => {
  for (const [cmd, extra] of COMMANDS) {
    it(`${cmd}: a document that did not load is named; exit 0 by default, 3 with --strict, the same output`, async () => {
      const loose = await cli([cmd, appPlatformDir, damaged, ...extra]);
      expect(loose.code).toBe(0);
      expect(`${loose.err}${loose.out}`).toContain('extra-policies.yaml');
      const strict = await cli([cmd, appPlatformDir, damaged, ...extra, '--strict']);
      expect(strict.code).toBe(3);
      expect(strict.out).toBe(loose.out);
      expect(strict.err).toContain(`netpol-viz ${cmd}: --strict: 1 load error`);
      // All loaded: --strict changes nothing.
      const clean = await cli([cmd, appPlatformDir, ...extra, '--strict']);
      expect(clean.code).toBe(0);
      expect(clean.err).not.toContain('--strict');
    });

    it(`${cmd}: --help documents --strict and exit status 3`, async () => {
      const help = await cli([cmd, '--help']);
      expect(help.code).toBe(0);
      expect(help.out).toMatch(/--strict\s+exit 3 when a document/);
      expect(help.out).toMatch(/Exit status:[^]*\b3 with --strict/);
    });
  }

  it('is refused by the commands that do not take it, and takes no value', async () => {
    for (const cmd of ['render', 'flows', 'diff', 'fix']) {
      const r = await cli([cmd, appPlatformDir, '--strict']);
      expect(r.code, cmd).toBe(2);
      expect(r.err, cmd).toContain(`unknown option --strict`);
    }
    const valued = await cli(['lint', appPlatformDir, '--strict=yes']);
    expect(valued.code).toBe(2);
    expect(valued.err).toContain('--strict takes no value');
  });
});
