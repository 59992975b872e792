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
});
