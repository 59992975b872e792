import { describe, expect, it } from 'vitest';
import { readYaml, splitYamlDocuments } from './yamlDocuments.ts';
import { DEFAULT_LIMITS } from './limits.ts';

describe('splitYamlDocuments', () => {
  it('splits on --- and ..., drops comment-only parts and keeps line offsets', () => {
    const text = '# header\n---\na: 1\n---\n# only a comment\n---\nb: 2\n...\n--- c: 3\n';
    const chunks = splitYamlDocuments(text);
    expect(chunks.map((c) => [c.startLine, c.firstContentLine])).toEqual([
      [1, 3],
      // A comment-only part is dropped: the document starts at the last marker before its content.
      [5, 7],
      [8, 9],
    ]);
  });
  it('records the longest line without copying it', () => {
    const [c] = splitYamlDocuments(`a: 1\nb: ${'x'.repeat(5000)}\n`);
    expect(c?.longestLine).toEqual({ line: 2, length: 5003 });
  });
});

describe('readYaml', () => {
  it('reads helm template output: comment-only and empty documents between markers', () => {
    const text = '---\n# Source: chart/templates/np.yaml\n---\nkind: A\n---\n# Source: chart/templates/empty.yaml\n---\n---\nkind: B\n';
    const r = readYaml('helm.yaml', text, DEFAULT_LIMITS);
    expect(r.diagnostics).toEqual([]);
    expect(r.documents.map((d) => [d.value, d.position([]).line])).toEqual([
      [{ kind: 'A' }, 4],
      [{ kind: 'B' }, 9],
    ]);
  });
  it('gives field positions through the AST, also inside flow collections', () => {
    const r = readYaml('f.yaml', '---\nkind: Pod\nspec:\n  containers:\n  - {name: a, ports: [{containerPort: 80}]}\n', DEFAULT_LIMITS);
    const doc = r.documents[0];
    expect(doc?.position(['spec', 'containers', 0, 'ports', 0, 'containerPort'])).toEqual({ line: 5, column: 24 });
    expect(doc?.position(['spec', 'nope'])).toEqual({ line: 3, column: 1 });
  });
  it('expands merge keys and small aliases', () => {
    const r = readYaml('f.yaml', 'base: &b {app: web}\nlabels:\n  <<: *b\n  tier: fe\n', DEFAULT_LIMITS);
    expect(r.documents[0]?.value).toEqual({ base: { app: 'web' }, labels: { app: 'web', tier: 'fe' } });
  });
  it('reports every repeated key of block and flow maps, in document order, with its line', () => {
    const text = 'a: &x 1\nb: {k: 1, k: 2}\nc:\n  d: 1\n  e: [{f: 1, f: 2}]\n  d: *x\na: 3\n';
    const r = readYaml('f.yaml', text, DEFAULT_LIMITS);
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ['duplicate-key', 2, 11],
      ['duplicate-key', 5, 14],
      ['duplicate-key', 6, 3],
      ['duplicate-key', 7, 1],
    ]);
    expect(r.documents[0]?.value).toEqual({ a: 3, b: { k: 2 }, c: { d: 1, e: [{ f: 2 }] } });
  });
  it('reads a map of 20,000 keys that the careful parser takes (an anchor) in one pass over its keys', () => {
    // The yaml package's own unique-key check compares each key with every earlier one: minutes here.
    const keys = Array.from({ length: 20_000 }, (_, i) => `k${i}: v${i}`).join('\n');
    const r = readYaml('f.yaml', `v: &v x\nw: *v\n${keys}\nk7: y\n`, DEFAULT_LIMITS);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['duplicate-key', 20_003]]);
    expect(Object.keys(r.documents[0]?.value as object)).toHaveLength(20_002);
  });
  it('refuses a document holding a control character, as kubectl does, where it is; the others load (archives.property seed -226801304: a plain tar whose file data had a byte changed)', () => {
    // YAML allows no C0 control character but tab and line ends, nor DEL; kubectl never prints one (it writes "\x01").
    for (const [c, hex] of [['\u0001', '0001'], ['\u001b', '001B'], ['\u007f', '007F']] as const) {
      const text = `kind: A\nmetadata: {name: a}\n---\nkind: B\nmetadata:\n  name: ${c}a\n---\nkind: C\n`;
      const r = readYaml('f.yaml', text, DEFAULT_LIMITS);
      expect(r.diagnostics.map((d) => [d.severity, d.code, d.document, d.line, d.column])).toEqual([['error', 'control-character', 1, 6, 9]]);
      expect(r.diagnostics[0]?.message).toContain(`U+${hex}`);
      expect(r.documents.map((d) => (d.value as { kind: string }).kind)).toEqual(['A', 'C']);
    }
  });
});
