import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { tarArchive } from '../core/load/archiveTesting.ts';
import { documentLength, parseRulePath, POLICY_MAX_LINES, ruleText } from './ruleText.ts';
import { MAX_LINE_CHARS } from './excerpts.ts';
import type { LoadSource } from './protocol.ts';
import { loadInputs } from '../core/load/loadInputs.ts';

/** The line the loader records for a policy (Policy.source.line): the explanation asks with it. */
function policyLine(file: string, text: string, name: string): number {
  const p = loadInputs([{ name: file, data: text }]).cluster.policies.find((x) => x.ref.name === name);
  if (!p) throw new Error(`no policy ${name}`);
  return p.source.line;
}

const POLICIES = [
  'apiVersion: cilium.io/v2', // 1
  'kind: CiliumNetworkPolicy',
  'metadata:',
  '  name: first',
  'spec:', // 5
  '  endpointSelector: {}',
  '  egress:',
  '  - toEndpoints:',
  '    - {}',
  '---', // 10
  'apiVersion: cilium.io/v2',
  'kind: CiliumNetworkPolicy',
  'metadata:',
  '  name: shop-deny',
  '  namespace: shop', // 15
  'spec:',
  '  endpointSelector:',
  '    matchLabels: {app: web}',
  '  egressDeny:',
  '  - toEndpoints:', // 20
  '    - matchLabels: {app: db}',
  '    # the database port',
  '    toPorts:',
  '    - ports: [{port: "5432", protocol: TCP}]',
  '  - toCIDR: [10.0.0.0/8]', // 25
  '  egress:',
  '  - toEntities: [world]',
].join('\n');

const JSON_LIST = JSON.stringify(
  { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np', namespace: 'a' }, spec: { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }, { ports: [{ port: 80 }] }] } }] },
  null,
  2,
);

const lineNumbers = (t: { lines: readonly (readonly [number, string])[] } | null): number[] => t?.lines.map(([n]) => n) ?? [];

describe('parseRulePath', () => {
  it('reads the paths RuleRefs carry', () => {
    expect(parseRulePath('spec.egressDeny[0]')).toEqual(['spec', 'egressDeny', 0]);
    expect(parseRulePath('specs[1].ingress[2]')).toEqual(['specs', 1, 'ingress', 2]);
    expect(parseRulePath('spec["odd key"][3]')).toEqual(['spec', 'odd key', 3]);
    expect(parseRulePath('spec..x')).toBeNull();
  });
});

describe('ruleText: the lines of a deciding rule', () => {
  it('marks the rule item of the policy starting at the line, with its nested lines and two lines around', async () => {
    const sources: LoadSource[] = [{ kind: 'text', name: 'policies.yaml', text: POLICIES }];
    expect([policyLine('policies.yaml', POLICIES, 'first'), policyLine('policies.yaml', POLICIES, 'shop-deny')]).toEqual([1, 11]);
    const t = await ruleText(sources, { file: 'policies.yaml', line: 11, path: 'spec.egressDeny[0]' });
    expect(t).toMatchObject({ file: 'policies.yaml', from: 20, to: 24, found: true });
    expect(lineNumbers(t)).toEqual([18, 19, 20, 21, 22, 23, 24, 25, 26]);
    expect(t?.lines[2]).toEqual([20, '  - toEndpoints:']);
    const second = await ruleText(sources, { file: 'policies.yaml', line: 11, path: 'spec.egressDeny[1]' });
    expect(second).toMatchObject({ from: 25, to: 25, found: true });
    const allow = await ruleText(sources, { file: 'policies.yaml', line: 1, path: 'spec.egress[0]' });
    expect(allow).toMatchObject({ from: 8, to: 9, found: true });
  });

  it('finds an item of a policy inside a kubectl YAML List (`- apiVersion:` its first line)', async () => {
    const list = ['apiVersion: v1', 'kind: List', 'items:', ...POLICIES.split('\n').filter((l) => l !== '---').map((l) => (/^apiVersion/.test(l) ? `- ${l}` : `  ${l}`))].join('\n');
    const line = policyLine('list.yaml', list, 'shop-deny');
    expect(list.split('\n')[line - 1]).toBe('- apiVersion: cilium.io/v2');
    const t = await ruleText([{ kind: 'text', name: 'list.yaml', text: list }], { file: 'list.yaml', line, path: 'spec.egressDeny[0]' });
    expect(t).toMatchObject({ found: true, from: line + 9, to: line + 13 });
    expect(t?.lines.find(([n]) => n === t.from)?.[1]).toBe('    - toEndpoints:');
  });

  it('finds an item of a pretty-printed JSON List, its closing bracket included', async () => {
    const lines = JSON_LIST.split('\n');
    const t = await ruleText([{ kind: 'text', name: 'np.json', text: JSON_LIST }], { file: 'np.json', line: policyLine('np.json', JSON_LIST, 'np'), path: 'spec.ingress[1]' });
    const portsLine = lines.findIndex((l) => l.includes('"ports"')) + 1;
    expect(t).toMatchObject({ found: true, from: portsLine - 1 });
    expect(lines[(t?.to ?? 0) - 1]?.trim()).toBe('}');
    expect(t?.lines.find(([n]) => n === t.to)?.[1].trim()).toBe('}');
  });

  it('reads a file inside an archive (a second pass over the archive)', async () => {
    const tar = tarArchive([
      { name: 'other.yaml', data: 'kind: ConfigMap\n' },
      { name: 'k8s/policies.yaml', data: POLICIES },
    ]);
    const sources: LoadSource[] = [{ kind: 'file', name: 'dump.tar', file: new Blob([tar as Uint8Array<ArrayBuffer>]) }];
    const t = await ruleText(sources, { file: 'dump.tar/k8s/policies.yaml', line: 11, path: 'spec.egressDeny[0]' });
    expect(t).toMatchObject({ file: 'dump.tar/k8s/policies.yaml', from: 20, to: 24, found: true });
    expect(lineNumbers(t)).toEqual([18, 19, 20, 21, 22, 23, 24, 25, 26]);
    // A gzipped file is read through the same decompression as the first pass.
    const gz = gzipSync(POLICIES) as Uint8Array<ArrayBuffer>;
    const z = await ruleText([{ kind: 'file', name: 'policies.yaml.gz', file: new Blob([gz]) }], { file: 'policies.yaml.gz', line: 11, path: 'spec.egressDeny[0]' });
    expect(z).toEqual(t && { ...t, file: 'policies.yaml.gz' });
  });

  it('shows the policy’s first lines when the item is not there, and nothing for an unknown file or line', async () => {
    const sources: LoadSource[] = [{ kind: 'text', name: 'policies.yaml', text: POLICIES }];
    const t = await ruleText(sources, { file: 'policies.yaml', line: 11, path: 'spec.ingress[0]' });
    expect(t).toMatchObject({ from: 11, to: 11, found: false });
    expect(lineNumbers(t)).toEqual([9, 10, 11, 12, 13]);
    expect(await ruleText(sources, { file: 'nope.yaml', line: 1, path: 'spec' })).toBeNull();
    expect(await ruleText(sources, { file: 'policies.yaml', line: 500, path: 'spec' })).toBeNull();
  });
});

describe('ruleText whole: the policy text view', () => {
  const sources: LoadSource[] = [{ kind: 'text', name: 'policies.yaml', text: POLICIES }];

  it('gives the policy’s whole YAML document with the rule item marked in it, and no line of the next document', async () => {
    const t = await ruleText(sources, { file: 'policies.yaml', line: 11, path: 'spec.egressDeny[0]', whole: true });
    expect(t).toMatchObject({ file: 'policies.yaml', from: 20, to: 24, found: true, cut: false });
    expect(lineNumbers(t)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27]);
    const first = await ruleText(sources, { file: 'policies.yaml', line: 1, path: 'spec.egress[0]', whole: true });
    expect(first).toMatchObject({ from: 8, to: 9, found: true });
    expect(lineNumbers(first)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // No rule (the policy list): the document, nothing marked.
    const none = await ruleText(sources, { file: 'policies.yaml', line: 1, path: '', whole: true });
    expect(none).toMatchObject({ found: false });
    expect(lineNumbers(none)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('gives an item of a YAML List to the next item, and of a JSON List to its closing brace', async () => {
    const list = ['apiVersion: v1', 'kind: List', 'items:', ...POLICIES.split('\n').filter((l) => l !== '---').map((l) => (/^apiVersion/.test(l) ? `- ${l}` : `  ${l}`)), '# end', ''].join('\n');
    const first = policyLine('list.yaml', list, 'first');
    const second = policyLine('list.yaml', list, 'shop-deny');
    const t = await ruleText([{ kind: 'text', name: 'list.yaml', text: list }], { file: 'list.yaml', line: first, path: 'spec.egress[0]', whole: true });
    expect(lineNumbers(t)).toEqual(Array.from({ length: second - first }, (_, i) => first + i));
    const last = await ruleText([{ kind: 'text', name: 'list.yaml', text: list }], { file: 'list.yaml', line: second, path: '', whole: true });
    expect(last?.lines.at(-1)).toEqual([second + 16, '    - toEntities: [world]']);
    const lines = JSON_LIST.split('\n');
    const j = await ruleText([{ kind: 'text', name: 'np.json', text: JSON_LIST }], { file: 'np.json', line: policyLine('np.json', JSON_LIST, 'np'), path: 'spec.ingress[1]', whole: true });
    const open = lines.findIndex((l) => l === '    {') + 1;
    expect(j?.lines[0]).toEqual([open, '    {']);
    expect(j?.lines.at(-1)).toEqual([lines.length - 2, '    }']);
    expect(j).toMatchObject({ found: true });
  });

  it('gives one line of JSON lines, and says when a document is longer than it shows', async () => {
    const jsonLines = [{ kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', metadata: { name: 'a', namespace: 'x' }, spec: { podSelector: {} } }, { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', metadata: { name: 'b', namespace: 'x' }, spec: { podSelector: {} } }]
      .map((o) => JSON.stringify(o))
      .join('\n');
    const b = await ruleText([{ kind: 'text', name: 'np.jsonl', text: jsonLines }], { file: 'np.jsonl', line: policyLine('np.jsonl', jsonLines, 'a'), path: '', whole: true });
    expect(lineNumbers(b)).toEqual([1]);
    const long = ['apiVersion: cilium.io/v2', 'kind: CiliumNetworkPolicy', 'metadata:', '  name: long', 'spec:', '  endpointSelector: {}', '  egress:', ...Array.from({ length: POLICY_MAX_LINES }, (_, i) => `  - toCIDR: [10.0.${Math.floor(i / 256)}.${i % 256}/32]`)].join('\n');
    const t = await ruleText([{ kind: 'text', name: 'long.yaml', text: long }], { file: 'long.yaml', line: 1, path: 'spec.egress[3]', whole: true });
    expect(t).toMatchObject({ cut: true, from: 11, to: 11, found: true });
    expect(t?.lines.length).toBe(POLICY_MAX_LINES);
  });
  it('gives a one-line JSON policy’s line whole (not cut at 240 characters as excerpts are), the rule found in it, from text, a gzip file and an archive', async () => {
    const policy = { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: 'one-line', namespace: 'x', annotations: { note: 'n'.repeat(300) } }, spec: { endpointSelector: {}, egress: [{ toEntities: ['world'] }, { toCIDR: Array.from({ length: 40 }, (_, i) => `10.1.${i}.0/24`) }] } };
    const text = `${JSON.stringify({ kind: 'List', apiVersion: 'v1', items: [] })}\n${JSON.stringify(policy)}\n`;
    const line = policyLine('one.json', text, 'one-line');
    expect(line).toBe(2);
    const doc = JSON.stringify(policy);
    expect(doc.length).toBeGreaterThan(MAX_LINE_CHARS * 4);
    const query = { file: 'one.json', line, path: 'spec.egress[1]', whole: true };
    const plain = await ruleText([{ kind: 'text', name: 'one.json', text }], query);
    expect(plain).toEqual({ file: 'one.json', lines: [[2, doc]], from: 2, to: 2, found: true, cut: false });
    const gz = gzipSync(text) as Uint8Array<ArrayBuffer>;
    expect(await ruleText([{ kind: 'file', name: 'one.json.gz', file: new Blob([gz]) }], { ...query, file: 'one.json.gz' })).toEqual({ ...plain, file: 'one.json.gz' });
    const tar = tarArchive([{ name: 'k8s/one.json', data: text }]);
    expect(await ruleText([{ kind: 'file', name: 'dump.tar', file: new Blob([tar as Uint8Array<ArrayBuffer>]) }], { ...query, file: 'dump.tar/k8s/one.json' })).toEqual({ ...plain, file: 'dump.tar/k8s/one.json' });
    // "Show rule text" (not whole) still cuts it as excerpts do.
    const excerpt = await ruleText([{ kind: 'text', name: 'one.json', text }], { ...query, whole: false });
    expect(excerpt?.lines.find(([n]) => n === 2)?.[1]).toMatch(/… \(\d+ more (characters|bytes)\)$/);
  });
});

describe('documentLength', () => {
  it('ends a YAML document at ---, not counting the blank and comment lines before it', () => {
    expect(documentLength(['kind: A', 'spec:', '  x: 1', '', '# next', '---', 'kind: B'])).toBe(3);
    expect(documentLength(['kind: A', '...'])).toBe(1);
    expect(documentLength(['- kind: A', '  spec: {}', '', '- kind: B'])).toBe(2);
    expect(documentLength(['  - kind: A', '    spec: {}', '  x: 1'])).toBe(2);
    expect(documentLength(['{', '  "a": {', '  }', '}', '{'])).toBe(4);
    expect(documentLength(['{"a": 1}', '{"b": 2}'])).toBe(1);
    expect(documentLength(['{"a": 1}', '', '  '])).toBe(1);
  });
});
