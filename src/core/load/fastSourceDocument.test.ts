import { describe, expect, it } from 'vitest';
import { readYaml, setYamlFastPath } from './yamlDocuments.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import { FastYamlDocument } from './fastSourceDocument.ts';
import type { SourceDocument } from './sourceDocument.ts';

function read(text: string, fast: boolean): SourceDocument[] {
  const was = setYamlFastPath(fast);
  try {
    return readYaml('f.yaml', text, DEFAULT_LIMITS).documents;
  } finally {
    setYamlFastPath(was);
  }
}

const LIST = `# kubectl get pods -A -o yaml
---
apiVersion: v1
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: a
    namespace: shop
  spec:
    containers:
    - name: web
      ports:
      - containerPort: 8080
- {apiVersion: v1, kind: Pod, metadata: {name: b}}
-   apiVersion: v1
    kind: Pod
    metadata: {name: c, labels: {app: "x"}}
kind: List
metadata:
  resourceVersion: ""
`;

describe('FastYamlDocument', () => {
  it('is what the fast path hands out for plain YAML', () => {
    expect(read(LIST, true)[0]).toBeInstanceOf(FastYamlDocument);
  });

  it('starts the document where the yaml package does (after comments and ---)', () => {
    expect(read(LIST, true)[0]?.position([])).toEqual({ line: 3, column: 1 });
    expect(read('\n# c\n--- \n\n  a: 1\n', true)[0]?.position([])).toEqual(read('\n# c\n--- \n\n  a: 1\n', false)[0]?.position([]));
  });

  it('gives List items and their fields the same positions as the yaml path', () => {
    const [fast, slow] = [read(LIST, true)[0], read(LIST, false)[0]] as [SourceDocument, SourceDocument];
    const items = (fast.value as { items: unknown[] }).items;
    const fastItems = fast.children(['items'], items);
    const slowItems = slow.children(['items'], items);
    const paths: (string | number)[][] = [[], ['kind'], ['metadata', 'name'], ['spec', 'containers', 0, 'ports', 0, 'containerPort'], ['metadata', 'labels', 'app'], ['nope']];
    for (let i = 0; i < items.length; i++) {
      expect(fastItems[i]?.pathPrefix).toBe(`items[${i}]`);
      for (const p of paths) expect(fastItems[i]?.position(p), `item ${i} ${p.join('.')}`).toEqual(slowItems[i]?.position(p));
    }
    expect(fastItems.map((d) => d.position([]).line)).toEqual([5, 15, 16]);
    expect(fastItems[0]?.position(['spec', 'containers', 0, 'ports', 0, 'containerPort'])).toEqual({ line: 14, column: 9 });
  });

  it('keeps its positions after withValue (a repaired apiVersion key)', () => {
    const doc = read(LIST, true)[0] as SourceDocument;
    const item = doc.children(['items'], (doc.value as { items: unknown[] }).items)[2] as SourceDocument;
    const repaired = item.withValue({ apiVersion: 'v1' });
    expect(repaired.value).toEqual({ apiVersion: 'v1' });
    expect(repaired.position(['metadata', 'labels', 'app'])).toEqual(item.position(['metadata', 'labels', 'app']));
    expect(repaired.position(['metadata', 'labels', 'app'])).toEqual({ line: 18, column: 34 });
  });

  it('gives the elements of a top-level array their lines', () => {
    const text = '- kind: Namespace\n  metadata: {name: a}\n- kind: Namespace\n  metadata: {name: b}\n';
    const doc = read(text, true)[0] as SourceDocument;
    const kids = doc.children([], doc.value as unknown[]);
    expect(kids.map((k) => [k.pathPrefix, k.position([]).line, k.position(['metadata', 'name']).line])).toEqual([
      ['[0]', 1, 2],
      ['[1]', 3, 4],
    ]);
  });
});
