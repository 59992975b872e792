import { describe, expect, it } from 'vitest';
import { coreScalar, fastYaml } from './fastYaml.ts';
import { readYaml } from './yamlDocuments.ts';
import { DEFAULT_LIMITS } from './limits.ts';

describe('coreScalar: plain scalars as the yaml package resolves them (YAML 1.2 core)', () => {
  it('resolves null, booleans, ints and floats, and leaves everything else a string', () => {
    expect(['', '~', 'null', 'Null', 'NULL'].map(coreScalar)).toEqual([null, null, null, null, null]);
    expect(['true', 'True', 'TRUE', 'false', 'FALSE'].map(coreScalar)).toEqual([true, true, true, false, false]);
    expect(['0', '-12', '+7', '0o17', '0x1F', '0755'].map(coreScalar)).toEqual([0, -12, 7, 15, 31, 755]);
    expect(['1e3', '.5', '1.', '-.inf', '.NaN'].map(coreScalar)).toEqual([1000, 0.5, 1, Number.NEGATIVE_INFINITY, NaN]);
    for (const s of ['yes', 'no', 'on', 'off', 'y', 'tRue', 'nULL', '0b101', '1_000', '-0x1F', '0x', '2001-12-14', '1:20', 'web']) expect(coreScalar(s), s).toBeUndefined();
  });
});

describe('fastYaml declines what it cannot read exactly like the yaml package', () => {
  const declined: [string, string][] = [
    ['anchors and aliases (alias bombs)', 'a: &x [1, 2]\nb: *x\n'],
    ['explicit tags', 'a: !!str 1\n'],
    ['custom tags', 'a: !Ref x\n'],
    ['a %YAML 1.1 directive', '%YAML 1.1\n---\na: yes\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['merge keys', 'base: {x: 1}\nm:\n  <<: {y: 2}\n'],
    ['null keys', '~: a\n'],
    ['complex keys', '? [a, b]\n: c\n'],
    ['flow collections as keys', '{a: 1}: b\n'],
    ['tabs as indentation', 'a:\n\tb: 1\n'],
    ['nesting over 100 levels', `${'['.repeat(150)}${']'.repeat(150)}\n`],
    ['syntax errors', 'a: [1, 2\n'],
    ['content on the --- line', '--- a: 1\n'],
  ];
  for (const [what, text] of declined) {
    it(what, () => {
      expect(fastYaml(text)).toBeNull();
    });
  }

  it('an alias bomb still gets the yaml-alias-bomb diagnostic', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');
    const r = readYaml('bomb.yaml', bomb, DEFAULT_LIMITS);
    expect(r.diagnostics.map((d) => d.code)).toContain('yaml-alias-bomb');
  });

  it('records where each List item starts and ends', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n  metadata: {name: a}\n- {kind: Pod}\n';
    const r = fastYaml(text);
    const items = (r?.value as { items: unknown[] }).items;
    const ranges = r?.elementRanges.get(items) ?? [];
    expect(ranges.map(([s, e]) => text.slice(s, e).trim())).toEqual(['kind: Pod\n  metadata: {name: a}', '{kind: Pod}']);
  });
});
