import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { appPlatformDir, malformedDir, npguardDir, realWorldDir, semanticsDir } from '../../../test/paths.ts';
import { generateCluster, synthPresets } from '../synth/cluster.ts';
import { tarArchive } from './archiveTesting.ts';
import { arrayItemOffsets, jsonPathOffset } from './jsonScan.ts';
import { LineIndex } from './lineIndex.ts';
import { Loader } from './loadInputs.ts';
import { textFactsOf, textFactsOfBytes } from './textFacts.ts';
import type { TextFacts } from './types.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The same input read from its bytes here, and from what the helper thread found (`addScanned`). */
function bothWays(name: string, data: Uint8Array): { plain: ReturnType<Loader['finish']>; scanned: ReturnType<Loader['finish']> | null } {
  const plain = new Loader({});
  plain.addFile({ name, data });
  const facts = textFactsOfBytes(data);
  if (facts === null) return { plain: plain.finish(), scanned: null };
  const scanned = new Loader({});
  scanned.addScanned(name, facts);
  return { plain: plain.finish(), scanned: scanned.finish() };
}

/** Every regular file under `dir`. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const list = (items: readonly string[]): string => `{
  "apiVersion": "v1",
  "kind": "List",
  "items": [
${items.join(',\n')}
  ],
  "metadata": {"resourceVersion": ""}
}
`;
const pod = (name: string, extra = ''): string => `    {
      "apiVersion": "v1",
      "kind": "Pod",
      "metadata": {"name": "${name}", "namespace": "shop", "labels": {"app": "${name}", "note": "a \\" quote, a [ and a {"}},
      "spec": {"containers": [{"name": "c", "ports": [{"containerPort": ${extra || '8080'}}]}]}
    }`;

describe('textFactsOf', () => {
  it('finds the line starts and the List items the loader would find itself', () => {
    const text = list([pod('a'), pod('b'), pod('c')]);
    const facts = textFactsOf(text, text.length);
    const at = jsonPathOffset(text, 0, ['items'], true);
    expect(facts.listItems?.at).toBe(at);
    expect([...(facts.listItems?.offsets ?? [])]).toEqual(arrayItemOffsets(text, at));
    expect(facts.listItems?.offsets).toHaveLength(3);
    const own = new LineIndex(text);
    own.position(0);
    const given = LineIndex.withStarts(text, facts.lineStarts as Uint32Array);
    for (let o = 0; o <= text.length; o++) expect(given.position(o)).toEqual(own.position(o));
  });

  it('leaves YAML alone (its positions come from elsewhere) and a JSON array without List items', () => {
    expect(textFactsOf('kind: Pod\n', 10)).toMatchObject({ lineStarts: null, listItems: null });
    const array = textFactsOf('[{"kind": "Pod"}]\n', 18);
    expect(array.lineStarts).not.toBeNull();
    expect(array.listItems).toBeNull();
  });
});

describe('textFactsOfBytes', () => {
  it('decodes as the loader does (a BOM dropped) and says how many bytes', () => {
    const facts = textFactsOfBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('{"é": 1}')]));
    expect(facts?.text).toBe('{"é": 1}');
    expect(facts?.bytes).toBe(12);
  });

  it('leaves to the loader what it must read as bytes: gzip, zip, tar, NUL bytes, bad UTF-8', () => {
    expect(textFactsOfBytes(gzipSync(bytes('{}')))).toBeNull();
    expect(textFactsOfBytes(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x41, 0x41]))).toBeNull();
    expect(textFactsOfBytes(tarArchive([{ name: 'a.json', data: '{}' }]))).toBeNull();
    expect(textFactsOfBytes(bytes('{"a": "x\u0000"}'))).toBeNull();
    expect(textFactsOfBytes(new Uint8Array([0x7b, 0xff, 0x7d]))).toBeNull();
  });
});

describe('Loader.addScanned', () => {
  it('gives each item of a JSON List its own line, and a diagnostic inside an item its exact line', () => {
    const text = list([pod('a'), pod('b'), pod('c', '70000')]);
    const { plain, scanned } = bothWays('pods.json', bytes(text));
    expect(scanned).toEqual(plain);
    const lines = text.split('\n');
    const lineOf = (needle: string): number => lines.findIndex((l) => l.includes(needle)) + 1;
    expect(scanned?.cluster.pods.map((p) => p.source?.line)).toEqual([5, 11, 17]);
    const bad = scanned?.diagnostics.find((d) => d.code === 'invalid-port');
    expect(bad?.line).toBe(lineOf('70000'));
    expect(bad?.path).toBe('items[2].spec.containers[0].ports[0].containerPort');
    // The label value with a quote and brackets (skipped by the item scan as string content): each item's own line.
    expect(scanned?.diagnostics.filter((d) => d.code === 'invalid-label').map((d) => [d.path, d.line])).toEqual([
      ['items[0].metadata.labels.note', 8],
      ['items[1].metadata.labels.note', 14],
      ['items[2].metadata.labels.note', 20],
    ]);
  });

  it('uses the facts only for the text they are of: text the reader changes first is read on its own', () => {
    // A markdown fence is blanked before the format is decided: the lines stay, the text differs.
    const text = '```json\n' + list([pod('a'), pod('b')]) + '```\n';
    const { plain, scanned } = bothWays('pods.json', bytes(text));
    expect(scanned).toEqual(plain);
    expect(scanned?.cluster.pods.map((p) => p.source?.line)).toEqual([6, 12]);
  });

  it('reads every fixture exactly as from its bytes (cluster, sources, diagnostics and their lines)', () => {
    const files = [
      ...[appPlatformDir, malformedDir, realWorldDir, semanticsDir].flatMap(filesUnder).filter((f) => !f.endsWith('.expected.json')),
      ...filesUnder(npguardDir).filter((f) => f.endsWith('.json')),
    ];
    expect(files.length).toBeGreaterThan(60);
    let scannedCount = 0;
    let lists = 0;
    for (const file of files) {
      const data = readFileSync(file);
      if ((textFactsOfBytes(data)?.listItems?.offsets.length ?? 0) > 0) lists++;
      const { plain, scanned } = bothWays(file.slice(file.lastIndexOf('/') + 1), data);
      if (scanned === null) continue;
      scannedCount++;
      expect(scanned, file).toEqual(plain);
    }
    expect(scannedCount).toBeGreaterThan(50);
    expect(lists).toBeGreaterThan(2);
  });

  it('reads the synthetic cluster the render bench opens (kubectl JSON Lists) exactly as from its bytes', () => {
    const synth = generateCluster({ ...synthPresets['200'], format: 'json' });
    const plain = new Loader({});
    const scanned = new Loader({});
    let lists = 0;
    for (const f of synth.files) {
      const data = bytes(f.data);
      plain.addFile({ name: f.name, data });
      const facts = textFactsOfBytes(data);
      expect(facts, f.name).not.toBeNull();
      if ((facts?.listItems?.offsets.length ?? 0) > 0) lists++;
      scanned.addScanned(f.name, facts as TextFacts);
    }
    expect(lists).toBeGreaterThan(3);
    const a = scanned.finish();
    expect(a.cluster.pods.length).toBeGreaterThan(100);
    expect(a).toEqual(plain.finish());
  });
});
