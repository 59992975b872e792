import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { memoryIo } from '../io.ts';
import { main } from '../main.ts';
import { run } from './inspect.ts';
import { appPlatformDir, malformedDir } from '../../../test/paths.ts';

const ROOT = resolve(__dirname, '../../..');
const MALFORMED = malformedDir;

interface JsonOut {
  sources: { file: string; documents: number; counts: Record<string, number>; skipped: Record<string, number> }[];
  counts: Record<string, number>;
  diagnostics: { file: string; document: number; line: number; column: number; path: string; severity: string; code: string; message: string }[];
}

async function inspectJson(args: string[]): Promise<{ code: number; out: JsonOut; stderr: string }> {
  const io = memoryIo();
  const code = await run([...args, '--json'], { out: io.out, err: io.err, stdin: io.stdin, cwd: ROOT });
  return { code, out: JSON.parse(io.stdout) as JsonOut, stderr: io.stderr };
}

describe('inspect command', () => {
  it('is registered in main', async () => {
    const io = memoryIo();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.stdout).toContain('inspect');
  });

  it('prints help and rejects bad usage with exit 2', async () => {
    const io = memoryIo();
    expect(await run(['--help'], io)).toBe(0);
    expect(io.stdout).toContain('--namespace');
    const bad = memoryIo();
    expect(await run([], bad)).toBe(2);
    expect(await run(['--bogus', 'x'], bad)).toBe(2);
    expect(bad.stderr).toContain('unknown option');
    const setting = memoryIo();
    expect(await run(['x', '--enforcement', 'sometimes'], setting)).toBe(2);
    expect(setting.stderr).toContain('--enforcement must be default, always or never');
  });

  it('prints the documented JSON shape and exit 0 when something loaded', async () => {
    const { code, out } = await inspectJson([appPlatformDir]);
    expect(code).toBe(0);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['sources', 'counts', 'diagnostics']));
    expect(out.sources[0]).toEqual(expect.objectContaining({ file: expect.any(String), documents: expect.any(Number) }));
    expect(out.counts).toEqual(expect.objectContaining({ CiliumNetworkPolicy: 9, CiliumClusterwideNetworkPolicy: 2, NetworkPolicy: 1, HubbleFlow: 223, Namespace: 8 }));
    for (const d of out.diagnostics) expect(Object.keys(d)).toEqual(expect.arrayContaining(['file', 'document', 'line', 'column', 'path', 'severity', 'message']));
  });

  it('exits 2 when nothing could be loaded', async () => {
    const { code, out } = await inspectJson(['does/not/exist.yaml', 'test/fixtures/malformed/binary-nul.yaml']);
    expect(code).toBe(2);
    expect(out.diagnostics.map((d) => d.code)).toEqual(['read-error', 'binary-file']);
  });

  it('--namespace sets the namespace of objects without one', async () => {
    const { out } = await inspectJson(['test/fixtures/malformed/container-port-out-of-range.yaml', '--namespace', 'team-a']);
    expect(out.diagnostics.some((d) => d.code === 'namespace-not-loaded' && d.message.includes('"team-a"'))).toBe(true);
  });

  it('text mode shows counts per file and diagnostics grouped by file with lines', async () => {
    const io = memoryIo();
    const code = await run([join(MALFORMED, 'list-broken-item.yaml'), join(MALFORMED, 'flows-bad-line.jsonl')], { out: io.out, err: io.err, stdin: io.stdin, cwd: ROOT });
    expect(code).toBe(0);
    expect(io.stdout).toMatch(/list-broken-item\.yaml\s+1\s+Namespace 1, Pod 1\s+\(skipped: Pod 1\)/);
    expect(io.stdout).toMatch(/flows-bad-line\.jsonl\s+4\s+HubbleFlow 3/);
    expect(io.stdout).toMatch(/\n\s+10:\d+\s+error\s+missing-name \[items\[1\]\.metadata\]/);
    expect(io.stdout).toMatch(/\n\s+3:\d+\s+error\s+json-syntax/);
  });
});

describe('inspect over the malformed fixtures', () => {
  const names = readdirSync(MALFORMED)
    .filter((n) => !n.endsWith('.expected.json'))
    .sort();
  it('reports every expected diagnostic with its file and line', async () => {
    const { out } = await inspectJson(names.map((n) => join('test/fixtures/malformed', n)));
    for (const n of names) {
      const file = join('test/fixtures/malformed', n);
      const expected = JSON.parse(readFileSync(join(MALFORMED, `${n}.expected.json`), 'utf8')) as { code: string; line: number; path?: string }[];
      for (const e of expected) {
        const hit = out.diagnostics.find((d) => d.file === file && d.code === e.code && d.line === e.line && (e.path === undefined || d.path === e.path));
        expect(hit, `${n}: ${e.code}@${e.line}`).toBeDefined();
      }
    }
  }, 60_000);
});

describe('inspect: an input that cannot be read', () => {
  it('is named, the rest reported, and the exit status is 2 (as render, flows, lint…)', async () => {
    // Before: `netpol-viz inspect app-platform/ polices.yaml` (a mistyped name) listed the rest and
    // exited 0, the read error one line among the diagnostics: a script saw success.
    const io = memoryIo();
    const code = await run([appPlatformDir, 'does/not/exist.yaml'], io);
    expect(code).toBe(2);
    expect(io.stderr).toContain('does/not/exist.yaml: error: Cannot read does/not/exist.yaml');
    expect(io.stderr).toContain('netpol-viz inspect: an input could not be read');
    expect(io.stdout).toMatch(/Loaded: .*CiliumNetworkPolicy 9/);
    const json = memoryIo();
    expect(await run([appPlatformDir, 'does/not/exist.yaml', '--json'], json)).toBe(2);
    expect((JSON.parse(json.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code)).toContain('read-error');
  });
});
