import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readYaml, setYamlFastPath, splitYamlDocuments } from './yamlDocuments.ts';
import { fastYaml } from './fastYaml.ts';
import { loadInputs } from './loadInputs.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import { isGzip } from './decode.ts';
import type { InputFile, LoadResult } from './types.ts';
import type { SourceDocument } from './sourceDocument.ts';
import type { PathSegment } from './parseTypes.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import { generateCluster, type SynthCluster } from '../synth/cluster.ts';
import { appPlatformDir, corporaDir, malformedDir, testDataDir } from '../../../test/paths.ts';

/**
 * The js-yaml fast path must be invisible: for every input, the same Cluster, the same
 * diagnostics and the same positions as the `yaml` path (the reference). Checked on the
 * corpora and the app-platform fixture, the malformed fixtures, generated clusters and mutated documents.
 */

function withFastPath<T>(on: boolean, f: () => T): T {
  const was = setYamlFastPath(on);
  try {
    return f();
  } finally {
    setYamlFastPath(was);
  }
}

function bothPaths(files: readonly InputFile[]): { fast: LoadResult; slow: LoadResult } {
  return { fast: withFastPath(true, () => loadInputs(files)), slow: withFastPath(false, () => loadInputs(files)) };
}

/** Every node path of a value (breadth first, at most `limit`). */
function nodePaths(value: unknown, limit = 400): PathSegment[][] {
  const out: PathSegment[][] = [];
  const queue: { v: unknown; path: PathSegment[] }[] = [{ v: value, path: [] }];
  while (queue.length > 0 && out.length < limit) {
    const { v, path } = queue.shift() as { v: unknown; path: PathSegment[] };
    out.push(path);
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) v.forEach((x, i) => queue.push({ v: x, path: [...path, i] }));
    else for (const [k, x] of Object.entries(v)) queue.push({ v: x, path: [...path, k] });
  }
  return out;
}

/** What the loader can observe of a document: value, prefix, positions, List items and their positions. */
function observe(doc: SourceDocument, depth = 0): unknown {
  const v = doc.value;
  const items = typeof v === 'object' && v !== null && !Array.isArray(v) && Array.isArray((v as Record<string, unknown>)['items']) ? ((v as Record<string, unknown>)['items'] as unknown[]) : null;
  const kids = depth > 1 ? [] : Array.isArray(v) ? doc.children([], v) : items ? doc.children(['items'], items) : [];
  return {
    file: doc.file,
    index: doc.index,
    prefix: doc.pathPrefix,
    value: v,
    positions: nodePaths(v).map((p) => [p.join('.'), doc.position(p)]),
    children: kids.map((c) => observe(c, depth + 1)),
  };
}

function readBoth(text: string): { fast: unknown; slow: unknown } {
  const read = (): unknown => {
    const r = readYaml('t.yaml', text, DEFAULT_LIMITS);
    return { count: r.count, diagnostics: r.diagnostics, documents: r.documents.map((d) => observe(d)) };
  };
  return { fast: withFastPath(true, read), slow: withFastPath(false, read) };
}

const MALFORMED = malformedDir;

function filesUnder(dir: string, exts: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (exts.some((e) => name.endsWith(e))) out.push(p);
    }
  };
  walk(dir);
  return out;
}

const CORPUS = [...filesUnder(corporaDir, ['.yaml', '.yml']), ...filesUnder(appPlatformDir, ['.yaml', '.yml'])];

/** The corpus by folder (`corpora/npguard`, `fixtures/app-platform`…), in file order. */
const CORPUS_BY_FOLDER = new Map<string, string[]>();
for (const path of CORPUS) {
  const folder = path.slice(testDataDir.length + 1).split('/').slice(0, 2).join('/');
  CORPUS_BY_FOLDER.set(folder, [...(CORPUS_BY_FOLDER.get(folder) ?? []), path]);
}

/** The default generated cluster as YAML, made once for the two tests that read it (deterministic: seeded). */
let generated: SynthCluster | null = null;
function generatedYaml(): SynthCluster {
  generated ??= generateCluster({ format: 'yaml' });
  return generated;
}

describe('YAML fast path: same result as the yaml package', () => {
  it('finds the corpora', () => {
    expect(CORPUS.length).toBeGreaterThan(100);
  });

  // One test per corpus folder: together they take seconds, tens of seconds on a loaded machine.
  for (const [folder, paths] of CORPUS_BY_FOLDER) {
    it(`on every YAML file of ${folder}: same Cluster, diagnostics, values and positions`, () => {
      for (const path of paths) {
        const text = readFileSync(path, 'utf8');
        const name = path.slice(testDataDir.length + 1);
        const { fast, slow } = bothPaths([{ name, data: text }]);
        expect(fast.cluster, name).toEqual(slow.cluster);
        expect(fast.diagnostics, name).toEqual(slow.diagnostics);
        const docs = readBoth(text.replace(/\r\n?/g, '\n'));
        expect(docs.fast, name).toEqual(docs.slow);
      }
    });
  }

  it('takes the fast path on ordinary manifests (or it buys nothing)', () => {
    let fastDocs = 0;
    for (const path of CORPUS) {
      fastDocs += splitYamlDocuments(readFileSync(path, 'utf8')).filter((c) => !c.text.includes('{{') && fastYaml(c.text) !== null).length;
    }
    expect(fastDocs).toBeGreaterThan(300);
  });

  it('on every malformed fixture: same Cluster and diagnostics', () => {
    let compared = 0;
    for (const name of readdirSync(MALFORMED).filter((n) => !n.endsWith('.expected.json'))) {
      let data: Uint8Array = readFileSync(join(MALFORMED, name));
      if (isGzip(data)) data = gunzipSync(data);
      // The 64 MiB JSON fixtures are never YAML: JSON over the per-document limit is refused
      // unparsed, JSON lines are never re-read as YAML. Loading them twice cost most of this
      // test (seconds under load); malformedFixtures.test.ts checks what they report.
      if (data.length > DEFAULT_LIMITS.maxDocumentChars && (data[0] === 0x7b || data[0] === 0x5b)) continue;
      compared++;
      const { fast, slow } = bothPaths([{ name, data }]);
      expect(fast.cluster, name).toEqual(slow.cluster);
      expect(fast.diagnostics, name).toEqual(slow.diagnostics);
    }
    expect(compared).toBeGreaterThanOrEqual(40);
  });

  it('on a generated cluster as kubectl prints it (every document takes the fast path)', () => {
    const synth = generatedYaml();
    for (const f of synth.files) {
      for (const c of splitYamlDocuments(f.data as string)) expect(fastYaml(c.text), f.name).not.toBeNull();
    }
    const { fast, slow } = bothPaths(synth.files);
    expect(fast.cluster.workloads.length).toBeGreaterThan(100);
    expect(fast.cluster).toEqual(slow.cluster);
    expect(fast.diagnostics).toEqual(slow.diagnostics);
  });

  it('on List items with problems: same diagnostics at the same lines and paths (items re-parsed one by one)', () => {
    const synth = generatedYaml();
    // Break some objects inside the big Lists: ports out of range, a bad CIDR, a pod without a name.
    const broken = synth.files.map((f) => ({
      name: f.name,
      data: (f.data as string)
        .replace(/containerPort: 8080/g, (m, off: number) => (off % 3 === 0 ? 'containerPort: 99999' : m))
        .replace(/port: "(\d+)"/, 'port: "700000"')
        .replace(/cidr: 0\.0\.0\.0\/0/, 'cidr: 0.0.0.0/99')
        .replace(/\n  metadata:\n    name: ([\w-]+)\n/, '\n  metadata:\n    nome: $1\n'),
    }));
    const { fast, slow } = bothPaths(broken);
    expect(slow.diagnostics.filter((d) => d.path !== '').length).toBeGreaterThan(0);
    expect(fast.diagnostics).toEqual(slow.diagnostics);
    expect(fast.cluster).toEqual(slow.cluster);
  });

  it('on mutated corpus documents: the fast path only ever accepts what the yaml package reads the same way', () => {
    const seeds = CORPUS.map((p) => readFileSync(p, 'utf8').replace(/\r\n?/g, '\n')).filter((t) => t.length < 6000);
    const op = fc.record({
      at: fc.nat(),
      del: fc.nat({ max: 6 }),
      ins: fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom('\n', '\n  ', '- ', ': ', '#', '"', "'", '[', '{', '}', ']', ',', '&a ', '*a', '!t ', '<<: ', '~: ', '? ', '|2', '|+', '\t', '---', '...', '%YAML 1.1\n', 'yes', '0755', '1e3', '2001-12-14', '\\x7b\\x7b')),
    });
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(op, { minLength: 1, maxLength: 4 }), (seed, ops) => {
        let t = seed;
        for (const o of ops) {
          const at = o.at % (t.length + 1);
          t = t.slice(0, at) + o.ins + t.slice(at + o.del);
        }
        const docs = readBoth(t);
        expect(docs.fast).toEqual(docs.slow);
      }),
      { numRuns: 300 },
    );
  });
});

describe('YAML fast path: the checks on the value still run', () => {
  const same = (text: string, limits = DEFAULT_LIMITS): Diagnostic[] => {
    const fast = withFastPath(true, () => readYaml('c.yaml', text, limits));
    const slow = withFastPath(false, () => readYaml('c.yaml', text, limits));
    expect(fastYaml(text)).not.toBeNull();
    expect(fast.diagnostics).toEqual(slow.diagnostics);
    expect(fast.documents.map((d) => d.value)).toEqual(slow.documents.map((d) => d.value));
    return fast.diagnostics;
  };

  it('a Go template made by escapes is still reported', () => {
    const d = same('kind: ConfigMap\nmetadata:\n  name: a\ndata:\n  cidr: "\\x7b\\x7b .ExternalCIDR }}"\n  other: "{\\\n    {x}}"\n');
    expect(d.map((x) => [x.code, x.line, x.path])).toEqual([
      ['template-value', 5, 'data.cidr'],
      ['template-value', 6, 'data.other'],
    ]);
  });

  it('a depth limit lower than js-yaml\'s is still enforced', () => {
    const d = same('a:\n  b:\n    c:\n      d: [[[1]]]\n', { ...DEFAULT_LIMITS, maxDepth: 4 });
    expect(d.map((x) => [x.code, x.line])).toEqual([['too-deep', 4]]);
  });
});

describe('YAML fast path: scalars resolve as YAML 1.2 core (the yaml package), not YAML 1.1', () => {
  const text = [
    'yes: yes',
    'on: on',
    'no: No',
    'mode: 0755',
    'octal: 0o755',
    'hex: 0x1F',
    'binary: 0b101',
    'underscore: 1_000',
    'exp: 1e3',
    'float: .5',
    'inf: -.inf',
    'date: 2001-12-14',
    'stamp: 2001-12-14t21:59:43.10-05:00',
    'quoted: "0755"',
    'tilde: ~',
    'empty:',
    'bool: True',
    'bigint: 12345678901234567890',
    '1: one',
  ].join('\n');
  const expected = {
    yes: 'yes',
    on: 'on',
    no: 'No',
    mode: 755,
    octal: 493,
    hex: 31,
    binary: '0b101',
    underscore: '1_000',
    exp: 1000,
    float: 0.5,
    inf: Number.NEGATIVE_INFINITY,
    date: '2001-12-14',
    stamp: '2001-12-14t21:59:43.10-05:00',
    quoted: '0755',
    tilde: null,
    empty: null,
    bool: true,
    bigint: 12345678901234567890,
    '1': 'one',
  };

  it('gives the same values in both paths, and the expected ones', () => {
    expect(fastYaml(text)?.value).toEqual(expected);
    const fast = withFastPath(true, () => readYaml('s.yaml', text, DEFAULT_LIMITS).documents[0]?.value);
    const slow = withFastPath(false, () => readYaml('s.yaml', text, DEFAULT_LIMITS).documents[0]?.value);
    expect(fast).toEqual(expected);
    expect(slow).toEqual(expected);
  });
});

