import { describe, expect, it } from 'vitest';
import { labelValueProblem, parseLabelSelector, qualifiedNameProblem, sanitizeSelectorKey, selectorHasKey } from './LabelSelector.ts';

const cilium = (raw: unknown) => parseLabelSelector(raw, ['sel'], { mode: 'cilium' });

describe('sanitizeSelectorKey (Cilium GetExtendedKeyFrom)', () => {
  it.each([
    ['k8s:foo', 'k8s', 'foo'],
    ['foo', 'any', 'foo'],
    ['any:foo', 'any', 'foo'],
    ['reserved:host', 'reserved', 'host'],
    ['$host', 'reserved', 'host'],
    ['cidr:10.0.0.0/8', 'cidr', '10.0.0.0/8'],
    ['fqdn:api.github.com', 'fqdn', 'api.github.com'],
    ['unspec:foo', 'unspec', 'foo'],
    ['k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name', 'k8s', 'io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name'],
  ])('%s → %s:%s', (raw, source, key) => {
    expect(sanitizeSelectorKey(raw)).toEqual({ source, key });
  });
});

describe('parseLabelSelector (cilium mode)', () => {
  it('turns matchLabels and matchExpressions into requirements with sources', () => {
    const r = cilium({
      matchLabels: { 'k8s:app': 'web', tier: 'front', $host: '' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['a', 'b'] },
        { key: 'k8s:team', operator: 'NotIn', values: ['x'] },
        { key: 'reserved:init', operator: 'Exists' },
        { key: 'gone', operator: 'DoesNotExist', values: [] },
      ],
    });
    expect(r.issues).toEqual([]);
    expect(r.selector?.requirements).toEqual([
      { source: 'k8s', key: 'app', operator: 'In', values: ['web'] },
      { source: 'any', key: 'tier', operator: 'In', values: ['front'] },
      { source: 'reserved', key: 'host', operator: 'In', values: [''] },
      { source: 'any', key: 'env', operator: 'In', values: ['a', 'b'] },
      { source: 'k8s', key: 'team', operator: 'NotIn', values: ['x'] },
      { source: 'reserved', key: 'init', operator: 'Exists', values: [] },
      { source: 'any', key: 'gone', operator: 'DoesNotExist', values: [] },
    ]);
  });

  it('treats {} and empty lists as match-everything', () => {
    expect(cilium({}).selector).toEqual({ requirements: [] });
    expect(cilium({ matchLabels: {}, matchExpressions: [] }).selector).toEqual({ requirements: [] });
    expect(cilium({ matchLabels: null }).selector).toEqual({ requirements: [] });
  });

  it.each([
    [{ matchExpressions: [{ key: 'a', operator: 'In' }] }, 'needs a non-empty'],
    [{ matchExpressions: [{ key: 'a', operator: 'NotIn', values: [] }] }, 'needs a non-empty'],
    [{ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, 'must not have'],
    [{ matchExpressions: [{ key: 'a', operator: 'DoesNotExist', values: ['x'] }] }, 'must not have'],
    [{ matchExpressions: [{ key: 'a', operator: 'in', values: ['x'] }] }, 'operator must be one of'],
    [{ matchExpressions: [{ operator: 'Exists' }] }, 'string "key"'],
    [{ matchExpressions: [{ key: 'a', operator: 'In', values: 'x' }] }, 'values must be a list'],
    [{ matchLabels: { app: 3 } }, 'must be a string'],
    [{ matchLabels: { app: 'bad value!' } }, 'invalid label value'],
    [{ matchLabels: { 'Bad/Prefix/x': 'v' } }, 'invalid label key'],
    [{ matchLabels: { 'app!': 'v' } }, 'invalid label key'],
    [{ matchLabels: ['a'] }, 'matchLabels must be a map'],
    ['app=web', 'must be an object'],
  ])('rejects %j', (raw, msg) => {
    const r = cilium(raw);
    expect(r.selector).toBeNull();
    expect(r.issues.some((i) => i.fatal && i.message.includes(msg))).toBe(true);
  });

  it('warns about unknown fields (pruned) and keeps the rest', () => {
    const r = cilium({ role: 'frontend' });
    expect(r.selector).toEqual({ requirements: [] });
    expect(r.issues[0]?.severity).toBe('warning');
    expect(r.issues[0]?.message).toContain('selects everything in its scope');
    expect(r.issues[0]?.path).toEqual(['sel', 'role']);
  });

  it('points issues at the offending field', () => {
    const r = cilium({ matchExpressions: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'In', values: [] }] });
    expect(r.issues.map((i) => i.path)).toEqual([['sel', 'matchExpressions', 1, 'values']]);
  });
});

describe('parseLabelSelector (k8s mode)', () => {
  it('gives every key the k8s source and applies a key prefix', () => {
    const r = parseLabelSelector({ matchLabels: { team: 'fin' }, matchExpressions: [{ key: 'env', operator: 'Exists' }] }, [], {
      mode: 'k8s',
      keyPrefix: 'io.cilium.k8s.namespace.labels.',
    });
    expect(r.selector?.requirements).toEqual([
      { source: 'k8s', key: 'io.cilium.k8s.namespace.labels.team', operator: 'In', values: ['fin'] },
      { source: 'k8s', key: 'io.cilium.k8s.namespace.labels.env', operator: 'Exists', values: [] },
    ]);
  });

  it('rejects Cilium-style source prefixes, which are not Kubernetes label keys', () => {
    const r = parseLabelSelector({ matchLabels: { 'k8s:app': 'x' } }, [], { mode: 'k8s' });
    expect(r.selector).toBeNull();
  });
});

describe('label syntax helpers', () => {
  it('validates qualified names', () => {
    expect(qualifiedNameProblem('app')).toBeNull();
    expect(qualifiedNameProblem('kubernetes.io/metadata.name')).toBeNull();
    expect(qualifiedNameProblem('a'.repeat(64))).not.toBeNull();
    expect(qualifiedNameProblem('UPPER.io/x')).not.toBeNull();
    expect(qualifiedNameProblem('a/b/c')).not.toBeNull();
    expect(qualifiedNameProblem('/x')).not.toBeNull();
  });
  it('validates label values', () => {
    expect(labelValueProblem('')).toBeNull();
    expect(labelValueProblem('v1.2_a-b')).toBeNull();
    expect(labelValueProblem('-x')).not.toBeNull();
    expect(labelValueProblem('x'.repeat(64))).not.toBeNull();
  });
  it('selectorHasKey looks at every operator', () => {
    const s = cilium({ matchExpressions: [{ key: 'io.kubernetes.pod.namespace', operator: 'NotIn', values: ['a'] }] }).selector;
    expect(s && selectorHasKey(s, ['any'], 'io.kubernetes.pod.namespace')).toBe(true);
  });
});

/**
 * pkg/labels/validation_test.go TestValidateLabels (cilium/cilium 669f18e3e0474760a42e86a2e5637e350384393d,
 * Apache-2.0), the label keys: Cilium's IsValidCiliumLabelKey checks a `source:` part and the key
 * after it, a namespace label (`io.cilium.k8s.namespace.labels.` + key) by its own key, so the
 * longest legal namespace label keys stay valid after the prefix. Modelled from Cilium 1.20 (the
 * script test namespace-label-limits.txtar of the same main branch); older releases check the
 * extended key `source.key` as one Kubernetes key, where those keys are too long.
 */
describe('Cilium 1.20 label keys (validation_test.go TestValidateLabels)', () => {
  const v120 = (key: string) => parseLabelSelector({ matchLabels: { [key]: 'v' } }, ['sel'], { mode: 'cilium', version: [1, 20] }).issues.map((i) => i.message);
  const ns = 'k8s:io.cilium.k8s.namespace.labels.';
  const a = (n: number) => 'a'.repeat(n);
  it.each([
    'simple', 'now-with-dashes', '1-starts-with-num', '1234', 'simple/simple', 'now-with-dashes/simple', 'now-with-dashes/now-with-dashes',
    'now.with.dots/simple', 'now-with.dashes-and.dots/simple', '1-num.2-num/3-num', '1234/5678', '1.2.3.4/5678', 'UpperCaseAreOK123',
    'k8s:key', 'any:simple/simple', 'k8s:app.kubernetes.io', 'k8s:app.k8s.io/name', 'reserved:k8s-app',
    `k8s:${a(63)}`, `${ns}${a(63)}`, `k8s:${a(253)}/${'b'.repeat(63)}`, `${ns}${a(253)}/${'b'.repeat(63)}`,
  ])('accepts %s', (key) => expect(v120(key)).toEqual([]));
  it.each([
    ['nospecialchars^=@', 'consist of'], ['cantendwithadash-', 'consist of'], ['only/one/slash', 'at most one'], [a(64), 'at most 63'],
    [`src:${a(64)}`, 'at most 63'], [`k8s:test.com/${a(64)}`, 'at most 63'], [`k8s:${a(254)}/test`, 'at most 253'],
    [`${ns}${a(254)}/test`, 'at most 253'], [`${ns}${a(64)}`, 'at most 63'], [':empty-source', 'label source'], ['k8s:empty:source', "':'"],
  ])('refuses %s', (key, why) => {
    const issues = v120(key);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toContain(why);
  });
  it('before 1.20 the longest namespace label keys are refused, and the message says 1.20 accepts them', () => {
    const issues = parseLabelSelector({ matchLabels: { [`${ns}${a(63)}`]: 'v' } }, ['sel'], { mode: 'cilium', version: [1, 19] }).issues.map((i) => i.message);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toContain('Cilium 1.20 accepts it');
  });
});
