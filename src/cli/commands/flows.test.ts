import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { memoryIo } from '../io.ts';
import { main } from '../main.ts';
import { looksLikeFlows, run } from './flows.ts';
import { appPlatformDir, hubbleFlowsDir, realWorldFile } from '../../../test/paths.ts';

const ROOT = resolve(__dirname, '../../..');
const APP = appPlatformDir;
const CORPUS = hubbleFlowsDir;

interface EdgeOut {
  source: string;
  destination: string;
  port: number | null;
  protocol: string;
  verdicts: Record<string, number>;
  flows: number;
  predicted: 'allowed' | 'denied' | null;
  mismatch: boolean;
  mismatchClass: string | null;
}
interface Out {
  flows: number;
  skipped: number;
  byVerdict: Record<string, number>;
  byDropReason: Record<string, number>;
  edges: EdgeOut[];
  diagnostics: { file: string; line: number; code: string }[];
}

async function flowsJson(args: string[], stdin = ''): Promise<{ code: number; out: Out; stderr: string }> {
  const io = memoryIo(stdin);
  const code = await run([...args, '--json'], { out: io.out, err: io.err, stdin: io.stdin, cwd: ROOT });
  return { code, out: JSON.parse(io.stdout) as Out, stderr: io.stderr };
}

describe('flows command', () => {
  it('is registered in main, prints help and rejects bad usage', async () => {
    const io = memoryIo();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.stdout).toContain('flows');
    const help = memoryIo();
    expect(await run(['--help'], help)).toBe(0);
    expect(help.stdout).toContain('--json');
    const bad = memoryIo();
    expect(await run([], bad)).toBe(2);
    expect(await run(['--bogus', 'x'], bad)).toBe(2);
    expect(bad.stderr).toContain('unknown option');
  });

  it('acceptance: app-platform flows with policies and inventory give 223 flows and one mismatch, the AUDIT flow', async () => {
    const { code, out } = await flowsJson([join(APP, 'flows.jsonl'), join(APP, 'policies.yaml'), join(APP, 'inventory.yaml')]);
    expect(code).toBe(0);
    expect(out).toMatchObject({ flows: 223, skipped: 0, byVerdict: { FORWARDED: 207, DROPPED: 15, AUDIT: 1 }, byDropReason: { POLICY_DENIED: 9, POLICY_DENY: 6 } });
    expect(out.edges.every((e) => e.predicted !== null)).toBe(true);
    expect(out.edges.filter((e) => e.mismatch)).toEqual([
      expect.objectContaining({
        source: 'initech-blog/Deployment/blog',
        destination: 'globex-shop/Deployment/cart',
        port: 8081,
        protocol: 'TCP',
        verdicts: { AUDIT: 1 },
        flows: 1,
        predicted: 'denied',
        mismatchClass: 'observed-allowed-predicted-denied',
      }),
    ]);
    expect(out.diagnostics).toEqual([]);
  });

  it('reads a folder mixing flows, policies and inventory the same way', async () => {
    const { out } = await flowsJson([APP]);
    expect(out.flows).toBe(223);
    expect(out.edges.filter((e) => e.mismatch)).toHaveLength(1);
  });

  it('gives predicted null when no policies are among the inputs', async () => {
    const { out } = await flowsJson([join(APP, 'flows.jsonl')]);
    expect(out.flows).toBe(223);
    expect(out.edges.every((e) => e.predicted === null && e.mismatch === false)).toBe(true);
  });

  it('streams gzip exports and reads standard input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-flows-'));
    const gz = join(dir, 'flows.jsonl.gz');
    writeFileSync(gz, gzipSync(readFileSync(join(APP, 'flows.jsonl'))));
    const fromGz = await flowsJson([gz]);
    const fromStdin = await flowsJson(['-'], readFileSync(join(APP, 'flows.jsonl'), 'utf8'));
    const plain = await flowsJson([join(APP, 'flows.jsonl')]);
    expect(fromGz.out.edges).toEqual(plain.out.edges);
    expect(fromStdin.out.edges).toEqual(plain.out.edges);
  });

  it('stops with exit 2 and says so on stderr when an input path cannot be read (a mistyped policy file)', async () => {
    // Was: exit 0, the summary cross-checked against the policies that were found, the path only in the report.
    const missing = join(APP, 'policies.yml');
    for (const extra of [[], ['--json'], ['--save-aggregate', join(mkdtempSync(join(tmpdir(), 'netpol-flows-')), 'agg.json')]]) {
      const io = memoryIo();
      const code = await run([join(APP, 'flows.jsonl'), missing, ...extra], { out: io.out, err: io.err, stdin: io.stdin, cwd: ROOT });
      expect(code).toBe(2);
      expect(io.stdout).toBe('');
      expect(io.stderr).toContain(`${missing}: error: Cannot read ${missing}: no such file or folder.`);
      expect(io.stderr).toContain('netpol-viz flows: an input could not be read');
    }
  });

  it('reads damaged gzip on standard input as a user error: what decompresses loads, the damage is a diagnostic', async () => {
    // Was: 'internal error: unknown compression method. This is a bug in netpol-viz'.
    const whole = gzipSync(readFileSync(join(APP, 'flows.jsonl')));
    for (const bytes of [new Uint8Array([0x1f, 0x8b, 0x67, 0x61, 0x72, 0x62]), new Uint8Array(whole.subarray(0, 4000))]) {
      const io = memoryIo();
      const code = await run(['-', '--json'], { out: io.out, err: io.err, stdin: async () => bytes, cwd: ROOT });
      expect(io.stderr).not.toContain('internal error');
      const out = JSON.parse(io.stdout) as Out;
      expect(out.diagnostics.map((d) => [d.file, d.code])).toContainEqual(['<stdin>', 'gzip-truncated']);
      if (bytes.byteLength > 100) {
        expect(code).toBe(0);
        expect(out.flows).toBeGreaterThan(10);
      } else expect(code).toBe(2);
    }
  });

  it('reports bad lines with file and line and still loads the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-flows-'));
    const f = join(dir, 'mixed.jsonl');
    const good = readFileSync(join(APP, 'flows.jsonl'), 'utf8').split('\n').slice(0, 3);
    writeFileSync(f, [good[0], good[1], '{"flow": oops', good[2]].join('\r\n'));
    const { code, out } = await flowsJson([f]);
    expect(code).toBe(0);
    expect(out.flows).toBe(3);
    expect(out.skipped).toBe(1);
    expect(out.diagnostics).toEqual([expect.objectContaining({ file: f, line: 3, code: 'flow-json-syntax' })]);
  });

  it('--json diagnostics carry every field of a diagnostic, document included, as inspect --json writes them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-flows-'));
    const f = join(dir, 'mixed.jsonl');
    const good = readFileSync(join(APP, 'flows.jsonl'), 'utf8').split('\n').slice(0, 3);
    writeFileSync(f, [good[0], good[1], '{"flow": oops', good[2]].join('\n'));
    const { out } = await flowsJson([f]);
    expect(out.diagnostics).toHaveLength(1);
    expect(Object.keys(out.diagnostics[0] ?? {})).toEqual(['file', 'document', 'line', 'column', 'path', 'severity', 'code', 'message']);
    expect(out.diagnostics[0]).toMatchObject({ file: f, document: 2, line: 3 });
  });

  it('acceptance: loads the whole Hubble corpus folder without diagnostics', async () => {
    const { code, out } = await flowsJson([CORPUS]);
    expect(code).toBe(0);
    expect(out.flows).toBe(10 + 5 + 5 + 330 + 348 + 18 + 400 + 400 + 400 + 2 + 3);
    expect(out.skipped).toBe(0);
    // Only the folder's note that its SOURCES.md is not an input.
    expect(out.diagnostics).toEqual([expect.objectContaining({ file: CORPUS, code: 'folder-skipped', severity: 'info', message: expect.stringContaining('skipped 1 other file (SOURCES.md)') })]);
  });

  it('counts a Hubble exporter\'s aggregate records as the flows they stand for, and says so', async () => {
    const file = realWorldFile('exporter-aggregated/events.log');
    const io = memoryIo();
    expect(await main(['flows', file, '--json'], io)).toBe(0);
    const j = JSON.parse(io.stdout) as { flows: number; aggregated: unknown };
    expect(j).toMatchObject({ flows: 94, aggregated: { records: 3, flows: 93 } });
    const text = memoryIo();
    expect(await main(['flows', file], text)).toBe(0);
    expect(text.stdout).toContain('Flows: 94 (0 replies; 93 of them in 3 Hubble exporter aggregate records, counted as the flows they stand for)');
  });

  it('prints a deterministic text table with mismatches first', async () => {
    const args = [join(APP, 'policies.yaml'), join(APP, 'inventory.yaml'), join(APP, 'flows.jsonl')];
    const a = memoryIo();
    const b = memoryIo();
    await run(args, { ...a, cwd: ROOT });
    await run(args, { ...b, cwd: ROOT });
    expect(a.stdout).toBe(b.stdout);
    const table = a.stdout.split('\n');
    const header = table.findIndex((l) => l.startsWith('SOURCE'));
    expect(table[header + 1]).toMatch(/^initech-blog\/Deployment\/blog\s+globex-shop\/Deployment\/cart\s+8081\/TCP\s+1\s+AUDIT 1\s+denied\s+MISMATCH/);
    expect(a.stdout).toContain('Flows: 223');
  });

  it('tells exports from policy files by their first line', () => {
    expect(looksLikeFlows('{"flow":{"verdict":"FORWARDED"}}\n{"fl')).toBe(true);
    expect(looksLikeFlows('\n{"node_status":{}}\n')).toBe(true);
    expect(looksLikeFlows('{"apiVersion":"v1","kind":"List","items":[]}\n')).toBe(false);
    expect(looksLikeFlows('{\n  "apiVersion": "v1"\n}\n')).toBe(false);
    expect(looksLikeFlows('apiVersion: cilium.io/v2\n')).toBe(false);
    expect(looksLikeFlows('[{"flow":{}}]')).toBe(false);
  });
});
