import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, mkdirSync, promises as fsp, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readInputs } from './readInputs.ts';
import { memoryIo } from './io.ts';
import { Loader } from '../core/load/loader.ts';
import type { FlowRecordInput } from '../core/load/types.ts';

let dir = '';
const NS = (n: string): string => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}}\n`;
const FLOW = (i: number): string => JSON.stringify({ flow: { verdict: 'FORWARDED', IP: { source: `10.0.0.${i}` } }, node_name: 'n' });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'netpol-viz-read-'));
  mkdirSync(join(dir, 'in/sub'), { recursive: true });
  mkdirSync(join(dir, 'in/.hidden'));
  writeFileSync(join(dir, 'in/b.yaml'), NS('b'));
  writeFileSync(join(dir, 'in/a.yml'), NS('a'));
  writeFileSync(join(dir, 'in/sub/c.json'), JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'c' } }));
  writeFileSync(join(dir, 'in/sub/flows.jsonl.gz'), gzipSync(Buffer.from(`${FLOW(1)}\n${FLOW(2)}\n`)));
  writeFileSync(join(dir, 'in/notes.md'), '# not an input');
  writeFileSync(join(dir, 'in/.hidden/x.yaml'), NS('hidden'));
  // A gzip stream cut in half: the whole lines before the cut still load.
  const gz = gzipSync(Buffer.from(Array.from({ length: 2000 }, (_, i) => FLOW(i)).join('\n')));
  writeFileSync(join(dir, 'cut.jsonl.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
  writeFileSync(join(dir, 'gz-without-extension.yaml'), gzipSync(Buffer.from(NS('z'))));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readInputs', () => {
  it('reads folders recursively in sorted order, only input extensions, skipping hidden entries, gunzipping', async () => {
    const flows: FlowRecordInput[] = [];
    const loader = new Loader({ flowSink: { accept: (f) => flows.push(f) } });
    await readInputs(['in'], loader, { ...memoryIo(), cwd: dir });
    const r = loader.finish();
    expect(r.cluster.sources.map((s) => s.file)).toEqual([join('in', 'a.yml'), join('in', 'b.yaml'), join('in', 'sub', 'c.json'), join('in', 'sub', 'flows.jsonl.gz')]);
    expect([...r.cluster.namespaces.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(flows.map((f) => [f.file, f.line])).toEqual([
      [join('in', 'sub', 'flows.jsonl.gz'), 1],
      [join('in', 'sub', 'flows.jsonl.gz'), 2],
    ]);
  });

  it('detects gzip by magic number and loads what precedes damage in a cut gzip stream', async () => {
    const loader = new Loader({});
    await readInputs(['gz-without-extension.yaml', 'cut.jsonl.gz'], loader, { ...memoryIo(), cwd: dir });
    const r = loader.finish();
    expect(r.cluster.namespaces.has('z')).toBe(true);
    expect(r.flowRecords).toBeGreaterThan(100);
    expect(r.diagnostics.map((d) => d.code)).toContain('gzip-truncated');
  });

  it('turns unreadable paths into diagnostics', async () => {
    const loader = new Loader({});
    await readInputs(['missing.yaml', 'missing-folder/'], loader, { ...memoryIo(), cwd: dir });
    const r = loader.finish();
    expect(r.diagnostics.map((d) => [d.file, d.code])).toEqual([
      ['missing.yaml', 'read-error'],
      ['missing-folder/', 'read-error'],
    ]);
    expect(r.diagnostics[0]?.message).toContain('no such file');
  });

  // The read failure is injected (as root, chmod 000 would not stop the read): the file and the
  // folder exist, opening or listing them fails as it does for a file of another user.
  it('reports permission problems of files and folders', async () => {
    const denied = (what: string): Error => Object.assign(new Error(`EACCES: permission denied, ${what}`), { code: 'EACCES' });
    writeFileSync(join(dir, 'secret.yaml'), NS('s'));
    mkdirSync(join(dir, 'locked'), { recursive: true });
    writeFileSync(join(dir, 'locked/x.yaml'), NS('x'));
    const open = vi.spyOn(fsp, 'open').mockRejectedValue(denied('open'));
    const readdir = vi.spyOn(fsp, 'readdir').mockRejectedValue(denied('scandir'));
    try {
      const loader = new Loader({});
      await readInputs(['secret.yaml', 'locked'], loader, { ...memoryIo(), cwd: dir });
      const r = loader.finish();
      expect(r.diagnostics.map((d) => [d.file, d.code, d.message])).toEqual([
        ['secret.yaml', 'read-error', 'Cannot read secret.yaml: permission denied.'],
        ['locked', 'read-error', 'Cannot read folder locked: permission denied.'],
      ]);
      expect(r.cluster.namespaces.size).toBe(0);
      expect(open).toHaveBeenCalled();
      expect(readdir).toHaveBeenCalled();
    } finally {
      open.mockRestore();
      readdir.mockRestore();
    }
  });

  it('reads `cat a.json b.yaml | netpol-viz inspect -`: a JSON document, then YAML documents', async () => {
    const loader = new Loader({});
    const io = memoryIo();
    const text = `${JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } })}\n---\n${NS('b')}`;
    await readInputs(['-'], loader, { ...io, stdin: async () => new TextEncoder().encode(text), cwd: dir });
    const r = loader.finish();
    expect(r.diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([]);
    expect([...r.cluster.namespaces.keys()].sort()).toEqual(['a', 'b']);
  });

  it('reads - from stdin, gzip included', async () => {
    const loader = new Loader({});
    const io = memoryIo();
    await readInputs(['-'], loader, { ...io, stdin: async () => new Uint8Array(gzipSync(Buffer.from(NS('from-stdin')))), cwd: dir });
    const r = loader.finish();
    expect(r.cluster.sources[0]?.file).toBe('<stdin>');
    expect(r.cluster.namespaces.has('from-stdin')).toBe(true);
  });
});
