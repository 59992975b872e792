import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { blockPathOffset } from './blockPositions.ts';
import { readYaml, setYamlFastPath, splitYamlDocuments } from './yamlDocuments.ts';
import { fastYaml } from './fastYaml.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import { loadInputs } from './loadInputs.ts';
import { unloadCarefulYamlForTests } from './carefulYaml.ts';
import { lazyModuleMisses } from '../util/lazyModule.ts';
import type { PathSegment } from './parseTypes.ts';
import type { SourceDocument } from './sourceDocument.ts';
import { appPlatformDir, corporaDir, demoFile, testDataDir } from '../../../test/paths.ts';

/** Offset → "line:column" (1-based), as diagnostics show them. */
function at(text: string, offset: number | null): string | null {
  if (offset === null) return null;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - (before.lastIndexOf('\n') + 1) + 1}`;
}

describe('blockPathOffset: positions of plain block YAML without the yaml package', () => {
  const text = [
    'apiVersion: v1', // 1
    'kind: List', // 2
    'metadata:', // 3
    '  labels:', // 4
    '    app: web # a comment', // 5
    '    io.cilium/app: x', // 6
    'spec:', // 7
    '  ports:', // 8
    '  - port: 80', // 9
    '    protocol: TCP', // 10
    '  -   port: 443', // 11
    '  nested:', // 12
    '    - - a', // 13
    '      - b', // 14
    '  empty:', // 15
    '  block: |', // 16
    '    key: not a key', // 17
    '  flow: {a: 1}', // 18
    '  "quoted": 1', // 19
    'after: 1', // 20
  ].join('\n');

  it('a tab after a key\'s colon is a key (YAML separation), not a plain scalar: left to yaml, never the parent\'s position', () => {
    // Found by the mutated-corpus property (yamlFastPath.test.ts, seed 1418178683): the map under
    // `spec` was taken for a scalar, and every path under it answered `spec`'s line.
    const t = ['spec:', '  description:\t "x"', '  egress:', '  - toPorts: []'].join('\n');
    expect(blockPathOffset(t, 0, ['spec', 'egress', 0])).toBeNull();
    expect(blockPathOffset(t, 0, ['spec', 'description'])).toBeNull();
    const u = ['spec:', '  egress: \t', '  - a'].join('\n');
    expect(blockPathOffset(u, 0, ['spec', 'egress', 0])).toBeNull();
  });

  it('a tab after a sequence dash is an item (YAML separation): left to yaml, never the key\'s position', () => {
    // Found by the mutated-corpus property (yamlFastPath.test.ts, seed -800243602): `values:` then
    // `-\t "production"` at the key's indentation was taken for no value, and the item answered the key's line.
    const t = ['values:', '-\t "production"', '- "strict"'].join('\n');
    expect(blockPathOffset(t, 0, ['values', 0])).toBeNull();
    expect(blockPathOffset(t, 0, ['values', 1])).toBeNull();
    const nested = ['values:', '  - a', '  -\tb'].join('\n');
    expect(blockPathOffset(nested, 0, ['values', 1])).toBeNull();
    const afterSpace = ['values:', '  - \tb'].join('\n');
    expect(blockPathOffset(afterSpace, 0, ['values', 0])).toBeNull();
    // Still answered where there is no tab.
    expect(at(nested, blockPathOffset(nested, 0, ['values', 0]))).toBe('2:5');
  });

  it('finds keys and items, and the nearest ancestor of what is not there', () => {
    const pos = (path: PathSegment[]): string | null => at(text, blockPathOffset(text, 0, path));
    expect(pos(['kind'])).toBe('2:1');
    expect(pos(['metadata', 'labels', 'app'])).toBe('5:5');
    expect(pos(['metadata', 'labels', 'io.cilium/app'])).toBe('6:5');
    expect(pos(['spec', 'ports', 0])).toBe('9:5');
    expect(pos(['spec', 'ports', 0, 'protocol'])).toBe('10:5');
    expect(pos(['spec', 'ports', 1])).toBe('11:7');
    expect(pos(['spec', 'ports', 1, 'port'])).toBe('11:7');
    expect(pos(['spec', 'nested', 0, 1])).toBe('14:9');
    expect(pos(['after'])).toBe('20:1');
    // Not there: the nearest ancestor, as the yaml package reports it.
    expect(pos(['spec', 'ports', 2])).toBe('8:3');
    expect(pos(['spec', 'ports', 0, 'missing'])).toBe('9:5');
    expect(pos(['spec', 'empty', 'x'])).toBe('15:3');
    expect(pos(['spec', 'block', 'key'])).toBe('16:3');
    expect(pos(['metadata', 'labels', 'app', 'deeper'])).toBe('5:5');
    expect(pos(['metadata', 0])).toBe('3:1');
    // Not plain block YAML on the way: left to the yaml package.
    expect(pos(['spec', 'flow', 'a'])).toBeNull();
    expect(pos(['spec', 'quoted'])).toBeNull();
  });

  /** Every node path of a value, and one path under each that is not there (at most `limit`). */
  function probePaths(value: unknown, limit = 300): PathSegment[][] {
    const out: PathSegment[][] = [];
    const queue: { v: unknown; path: PathSegment[] }[] = [{ v: value, path: [] }];
    while (queue.length > 0 && out.length < limit) {
      const { v, path } = queue.shift() as { v: unknown; path: PathSegment[] };
      out.push(path, [...path, 'not-there'], [...path, 999]);
      if (typeof v !== 'object' || v === null) continue;
      if (Array.isArray(v)) v.forEach((x, i) => queue.push({ v: x, path: [...path, i] }));
      else for (const [k, x] of Object.entries(v)) queue.push({ v: x, path: [...path, k] });
    }
    return out;
  }

  function filesUnder(dir: string): string[] {
    return readdirSync(dir)
      .sort()
      .flatMap((name) => {
        const p = join(dir, name);
        return statSync(p).isDirectory() ? filesUnder(p) : /\.ya?ml$/.test(name) ? [p] : [];
      });
  }

  it('agrees with the yaml package on every path of the corpora it answers for, and answers for most', () => {
    let answered = 0;
    let asked = 0;
    for (const path of [...filesUnder(corporaDir), ...filesUnder(appPlatformDir)]) {
      const text = readFileSync(path, 'utf8').replace(/\r\n?/g, '\n');
      const name = path.slice(testDataDir.length + 1);
      const fast = readYaml(name, text, DEFAULT_LIMITS).documents;
      const was = setYamlFastPath(false);
      const careful = readYaml(name, text, DEFAULT_LIMITS).documents;
      setYamlFastPath(was);
      const chunks = splitYamlDocuments(text);
      fast.forEach((doc: SourceDocument, i) => {
        const chunk = chunks[doc.index];
        const reference = careful[i];
        if (!chunk || !reference || !fastYaml(chunk.text)) return;
        const start = chunk.text.search(/^[^\s#%-]|^-[ \n]|^- *$/m);
        for (const p of probePaths(doc.value)) {
          if (p.length === 0) continue;
          asked++;
          const offset = blockPathOffset(chunk.text, start, p);
          if (offset === null) continue;
          answered++;
          const got = at(chunk.text, offset) as string;
          const want = reference.position(p);
          expect(`${name} #${doc.index} ${p.join('.')}: ${got}`).toBe(`${name} #${doc.index} ${p.join('.')}: ${want.line - chunk.startLine}:${want.column}`);
        }
      });
    }
    expect(asked).toBeGreaterThan(10_000);
    expect(answered / asked).toBeGreaterThan(0.8);
  });
});

describe('the careful YAML parser (carefulYaml.ts) is not needed for plain YAML', () => {
  it('loads the demo, diagnostics with field paths included, without it, exactly as with it', () => {
    const files = ['policies.yaml', 'inventory.yaml', 'flows.jsonl'].map((n) => ({ name: `demo/${n}`, data: readFileSync(demoFile(n), 'utf8') }));
    const withIt = loadInputs(files);
    const misses = lazyModuleMisses();
    const restore = unloadCarefulYamlForTests();
    try {
      const without = loadInputs(files);
      expect(lazyModuleMisses()).toBe(misses);
      expect(without.diagnostics.some((d) => d.path !== '')).toBe(true);
      expect(without).toEqual(withIt);
    } finally {
      restore();
    }
  });

  it('counts a miss, and says so, when a document needs it before it is loaded', () => {
    const restore = unloadCarefulYamlForTests();
    const misses = lazyModuleMisses();
    try {
      loadInputs([{ name: 'a.yaml', data: 'kind: Namespace\nmetadata: {name: &a x, labels: {a: *a}}\n' }]);
      expect(lazyModuleMisses()).toBeGreaterThan(misses);
    } finally {
      restore();
    }
  });
});
