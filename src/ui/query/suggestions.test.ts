import { describe, expect, it } from 'vitest';
import { matchOptions, peerCatalog, portOptions } from './suggestions.ts';
import { queryPlaceholders } from './placeholders.ts';
import { appPlatform } from './testing.ts';

describe('peer suggestions', () => {
  const { model } = appPlatform();
  const catalog = peerCatalog(model);

  it('offers workloads, pods, entities, pod IPs, FQDNs and label templates', () => {
    const kinds = new Set(catalog.map((o) => o.kind));
    for (const k of ['workload', 'pod', 'entity', 'ip', 'fqdn', 'labels']) expect(kinds).toContain(k);
    expect(catalog.map((o) => o.value)).toContain('fqdn:smtp.mailgun.org');
    expect(catalog.map((o) => o.value)).toContain('entity:kube-apiserver');
  });

  it('ranks prefix matches first, then parts, then substrings', () => {
    const m = matchOptions(catalog, 'mail').map((o) => o.value);
    expect(m[0]).toBe('acme-jobs/mailer');
    expect(m).toContain('fqdn:smtp.mailgun.org');
    expect(matchOptions(catalog, 'acme-web/').every((o) => o.value.startsWith('acme-web/'))).toBe(true);
    expect(matchOptions(catalog, 'entity:w').map((o) => o.value)).toEqual(['entity:world']);
  });

  it('does not repeat what is already typed in full, and caps the list', () => {
    expect(matchOptions(catalog, 'acme-web/api').map((o) => o.value)).not.toContain('acme-web/api');
    expect(matchOptions(catalog, 'a', 5)).toHaveLength(5);
  });

  it('offers the destination’s declared ports', () => {
    const ports = portOptions(model, 'acme-web/api').map((o) => o.value);
    expect(ports).toContain('9000/TCP');
    expect(portOptions(model, 'nonsense')).toEqual([]);
  });
});

describe('the graph’s own names and the loaded cluster’s examples (issue 16)', () => {
  const { model } = appPlatform();
  const catalog = peerCatalog(model);

  it('suggests what the graph shows: internet, kube-apiserver, DNS', () => {
    const values = catalog.map((o) => o.value);
    for (const v of ['internet', 'kube-apiserver', 'DNS']) expect(values).toContain(v);
    expect(matchOptions(catalog, 'inter').map((o) => o.value)[0]).toBe('internet');
  });

  it('shows examples from the loaded cluster in the empty boxes, never the demo’s names', () => {
    const p = queryPlaceholders(model.cluster);
    const names = model.cluster.workloads.map((w) => `${w.namespace}/${w.name}`);
    expect(names).toContain(p.from);
    expect(names).toContain(p.to.split(',')[0]);
    expect(p.port).toMatch(/^\d+\/(TCP|UDP|SCTP)$/);
    const demo = queryPlaceholders({ ...model.cluster, workloads: model.cluster.workloads.filter((w) => !w.namespace.startsWith('acme-')) });
    expect(demo.from.startsWith('acme-')).toBe(false);
    expect(queryPlaceholders(null).from).toBe('ns/name, pod, IP');
  });
});
