import { describe, expect, it } from 'vitest';
import { yamlDoc } from '../load/testing.ts';
import { parseNamespace } from './Namespace.ts';

const ctx = { defaultNamespace: 'default', clusterName: 'default' };

describe('parseNamespace', () => {
  it('reads labels and adds kubernetes.io/metadata.name as the API server does', () => {
    const r = parseNamespace(yamlDoc('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {tenant: acme}\n'), ctx);
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toMatchObject({ name: 'shop', labels: { tenant: 'acme', 'kubernetes.io/metadata.name': 'shop' }, source: { file: 'test.yaml', line: 1 } });
  });

  it('refuses a namespace without a name', () => {
    const r = parseNamespace(yamlDoc('apiVersion: v1\nkind: Namespace\nmetadata:\n  labels: {a: b}\n'), ctx);
    expect(r.value).toBeNull();
    expect(r.diagnostics[0]).toMatchObject({ code: 'missing-name', line: 3, path: 'metadata', severity: 'error' });
  });

  it('reports label values of the wrong type and keeps the text', () => {
    const r = parseNamespace(yamlDoc('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    version: 1.5\n'), ctx);
    expect(r.value?.labels['version']).toBe('1.5');
    expect(r.diagnostics[0]).toMatchObject({ code: 'invalid-type', line: 6, path: 'metadata.labels.version' });
  });

  it('notes that metadata.namespace means nothing on a cluster-scoped object', () => {
    const r = parseNamespace(yamlDoc('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  namespace: x\n'), ctx);
    expect(r.value?.name).toBe('shop');
    expect(r.diagnostics[0]).toMatchObject({ code: 'namespace-ignored', severity: 'info', line: 5 });
  });
});
