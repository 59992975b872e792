import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { memoryIo } from '../io.ts';
import { commands, main } from '../main.ts';
import { STRICT_EXIT } from '../args.ts';
import { appPlatformDir, appPlatformFile, customerStatefulsetDir } from '../../../test/paths.ts';

/**
 * `--strict`, in every command: a document that did not load makes the exit status 4 where the
 * command did its work (0, or fix's 1: no change found), its output unchanged; without it the
 * command goes on with what loaded, as before. 4 is no other status of any command (2: usage or a
 * path not read, 3: render's customer view refused), so a script reads one meaning from it.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'netpol-viz-strict-'));
const damaged = path.join(dir, 'extra-policies.yaml');
writeFileSync(damaged, 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: half, namespace: acme-web\nspec: [\n');

/** Each command with inputs (`extra` the damaged file or nothing) and the exit status it gives when all loaded. */
const COMMANDS: readonly (readonly [string, (extra: readonly string[], tag: string) => string[], number])[] = [
  ['lint', (x) => [appPlatformDir, ...x], 0],
  ['explain', (x) => [appPlatformDir, ...x, '--from', 'acme-jobs/mailer', '--to', '198.51.100.25', '--port', '25/TCP'], 0],
  ['connlist', (x) => [appPlatformDir, ...x], 0],
  ['inspect', (x) => [appPlatformDir, ...x], 0],
  ['flows', (x) => [appPlatformDir, ...x], 0],
  ['render', (x, tag) => [appPlatformDir, ...x, '--out', path.join(dir, `${tag}.svg`)], 0],
  ['diff', (x) => [appPlatformFile('inventory.yaml'), '--before', appPlatformFile('policies.yaml'), '--after', appPlatformFile('policies.yaml'), ...x], 0],
  ['fix', (x) => [appPlatformDir, ...x, '--from', 'acme-jobs/mailer', '--to', '198.51.100.25', '--port', '25/TCP'], 0],
  // fix's 1 (no change could be generated: neither end is a pod) is a finished answer too.
  ['fix', (x) => [appPlatformDir, ...x, '--from', '198.51.100.7', '--to', '198.51.100.25', '--port', '25/TCP'], 1],
];

async function cli(argv: readonly string[]) {
  const io = memoryIo();
  const code = await main([...argv], io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('--strict', () => {
  it('exits 4, a status no command gives otherwise', () => {
    expect(STRICT_EXIT).toBe(4);
  });

  for (const [cmd, argv, allLoaded] of COMMANDS) {
    it(`${cmd} (exit ${allLoaded} when all loaded): a document that did not load is named; exit ${allLoaded} by default, 4 with --strict, the same output`, async () => {
      const loose = await cli([cmd, ...argv([damaged], `${cmd}-loose`)]);
      expect(loose.code).toBe(allLoaded);
      expect(`${loose.err}${loose.out}`).toContain('extra-policies.yaml');
      const strict = await cli([cmd, ...argv([damaged], `${cmd}-strict`), '--strict']);
      expect(strict.code).toBe(4);
      expect(strict.out).toBe(loose.out);
      expect(strict.err).toContain(`netpol-viz ${cmd}: --strict: 1 load error`);
      if (cmd === 'render') expect(readFileSync(path.join(dir, 'render-strict.svg'), 'utf8')).toBe(readFileSync(path.join(dir, 'render-loose.svg'), 'utf8'));
      // All loaded: --strict changes nothing.
      const clean = await cli([cmd, ...argv([], `${cmd}-clean`), '--strict']);
      expect(clean.code).toBe(allLoaded);
      expect(clean.err).not.toContain('--strict');
    });
  }

  for (const cmd of Object.keys(commands)) {
    it(`${cmd}: --help documents --strict and exit status 4, which names nothing else`, async () => {
      const help = await cli([cmd, '--help']);
      expect(help.code).toBe(0);
      expect(help.out).toMatch(/--strict\s+exit 4 when a document did not load/);
      const status = /Exit status:([^]*)$/.exec(help.out)?.[1] ?? '';
      expect(status).toMatch(/\b4 with --strict when a document did not load/);
      expect(status.replace(/\b4 with --strict/, '')).not.toMatch(/\b4\b/);
    });
  }

  it('leaves the statuses of a command that did not do its work: 2 (a path not read, a usage error), 3 (a customer view refused)', async () => {
    const missing = await cli(['diff', appPlatformFile('inventory.yaml'), '--before', appPlatformFile('policies.yaml'), '--after', damaged, path.join(dir, 'no-such.yaml'), '--strict']);
    expect(missing.code).toBe(2);
    expect((await cli(['fix', appPlatformDir, damaged, '--strict'])).code).toBe(2);
    const file = path.join(dir, 'refused.svg');
    const refused = await cli(['render', customerStatefulsetDir, damaged, '--out', file, '--tenant', 'acme', '--customer', '--title', 'Paths of ledgerdb and acme', '--strict']);
    expect(refused.code).toBe(3);
    expect(existsSync(file)).toBe(false);
  });

  it('connlist --quiet: the status only', async () => {
    const r = await cli(['connlist', appPlatformDir, damaged, '--quiet', '--strict']);
    expect(r.code).toBe(4);
    expect(r.err).toBe('');
  });

  it('takes no value', async () => {
    const valued = await cli(['lint', appPlatformDir, '--strict=yes']);
    expect(valued.code).toBe(2);
    expect(valued.err).toContain('--strict takes no value');
  });
});
