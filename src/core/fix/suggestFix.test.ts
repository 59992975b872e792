import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadInputs } from '../load/loadInputs.ts';
import { compile, type EngineModel } from '../engine/compile.ts';
import { decide } from '../engine/decide.ts';
import { formatPortSet } from '../engine/PortSet.ts';
import { parsePeerRef, resolvePeerRef } from '../engine/peerRef.ts';
import type { Endpoint, Query } from '../engine/types.ts';
import { suggestFix } from './suggestFix.ts';
import { appPlatformDir } from '../../../test/paths.ts';

const dir = appPlatformDir;
const files = ['policies.yaml', 'inventory.yaml'].map((n) => ({ name: n, data: readFileSync(path.join(dir, n), 'utf8') }));
const model = compile(loadInputs(files).cluster);

function ep(m: EngineModel, text: string): Endpoint {
  const p = parsePeerRef(text);
  if (!p.ok) throw new Error(p.error);
  const r = resolvePeerRef(m, p.value);
  if (!r.ok) throw new Error(r.error);
  return r.value.endpoint;
}
const query = (m: EngineModel, from: string, to: string, port: number): Query => ({ from: ep(m, from), to: ep(m, to), port, protocol: 'TCP' });

/** The fixture plus the suggested YAML, loaded like a user would apply it. */
function applied(yaml: string): EngineModel {
  return compile(loadInputs([...files, { name: 'fix.yaml', data: yaml }]).cluster);
}

describe('suggestFix on the app-platform fixture', () => {
  it('allows platform-ingress/envoy → acme-web/api 9000/TCP with one CNP in acme-web, opening nothing else', () => {
    const fix = suggestFix(model, query(model, 'platform-ingress/envoy', 'acme-web/api', 9000));
    expect(fix).toMatchObject({ goal: 'allow', before: 'denied', after: 'allowed', possible: true, diagnostics: [] });
    expect(fix.changes.map((c) => [c.kind, c.policy.kind, c.policy.namespace, c.policy.name])).toEqual([['add-policy', 'CiliumNetworkPolicy', 'acme-web', 'allow-envoy-to-api-9000-tcp']]);
    expect(parse(fix.yaml)).toEqual({
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'allow-envoy-to-api-9000-tcp', namespace: 'acme-web' },
      spec: {
        description: 'netpol-viz fix: allow platform-ingress/envoy → acme-web/api 9000/TCP',
        endpointSelector: { matchLabels: { app: 'api' } },
        ingress: [{ fromEndpoints: [{ matchLabels: { app: 'envoy', 'k8s:io.kubernetes.pod.namespace': 'platform-ingress' } }], toPorts: [{ ports: [{ port: '9000', protocol: 'TCP' }] }] }],
      },
    });
    expect(fix.explanation.join(' ')).toMatch(/ingress of acme-web\/api is in default deny/);
    // Exactly what else opens: nothing (envoy's two pods share one identity; only api has app=api in acme-web).
    expect(fix.blastRadius).toEqual([]);
    // The YAML applies as is: loaded next to the fixture, the path is allowed.
    const m2 = applied(fix.yaml);
    expect(decide(m2, query(m2, 'platform-ingress/envoy', 'acme-web/api', 9000)).verdict).toBe('allowed');
  });

  it('writes one CNP per side when both sides deny', () => {
    const fix = suggestFix(model, query(model, 'globex-shop/storefront', 'acme-web/api', 9000));
    expect(fix.changes.map((c) => `${c.policy.namespace}/${c.policy.name}`)).toEqual(['globex-shop/allow-storefront-to-api-9000-tcp', 'acme-web/allow-storefront-to-api-9000-tcp']);
    expect(fix.after).toBe('allowed');
    expect(fix.blastRadius).toEqual([]);
  });

  it('narrows an explicit deny instead of adding an allow, and lists what else it opens', () => {
    const fix = suggestFix(model, { from: ep(model, 'acme-jobs/mailer'), to: ep(model, '198.51.100.25'), port: 25, protocol: 'TCP' });
    expect(fix.explanation[0]).toMatch(/a deny wins over every allow/);
    expect(fix.changes).toHaveLength(1);
    expect(fix.changes[0]).toMatchObject({ kind: 'edit-policy', op: 'replace', policy: { name: 'tenant-egress-baseline' }, path: 'spec.egressDeny[0].toEntities' });
    expect(parse(fix.changes[0]?.yaml ?? '')).toEqual({ toCIDRSet: [{ cidr: '0.0.0.0/0', except: ['198.51.100.25/32'] }, { cidr: '::/0' }] });
    expect(fix.after).toBe('allowed');
    // The other tenant workloads may now send SMTP to that address too.
    expect(fix.blastRadius.map((c) => `${c.from.display} → ${c.to.display} +${formatPortSet(c.opened)} -${formatPortSet(c.closed)}`)).toEqual(
      ['acme-jobs/worker', 'acme-web/api', 'acme-web/frontend', 'globex-shop/cart', 'globex-shop/realtime', 'globex-shop/storefront', 'initech-admin/admin-panel', 'initech-blog/blog', 'initech-blog/db'].map(
        (w) => `${w} → 198.51.100.25 +TCP 25 -No Connections`,
      ),
    );
  });

  it('blocks an allowed path with a deny that wins over the allows', () => {
    const fix = suggestFix(model, query(model, 'initech-admin/admin-panel', 'initech-blog/db', 5432));
    expect(fix).toMatchObject({ goal: 'block', before: 'allowed', after: 'denied', possible: true });
    const doc = parse(fix.yaml) as { metadata: { namespace: string }; spec: Record<string, unknown> };
    expect(doc.metadata.namespace).toBe('initech-admin');
    expect(doc.spec['egressDeny']).toEqual([{ toEndpoints: [{ matchLabels: { app: 'db', 'k8s:io.kubernetes.pod.namespace': 'initech-blog' } }], toPorts: [{ ports: [{ port: '5432', protocol: 'TCP' }] }] }]);
    expect(doc.spec['enableDefaultDeny']).toBeUndefined(); // admin-panel's egress is already enforced
    expect(fix.blastRadius).toEqual([]);
  });

  it('keeps a deny-only policy from switching on default deny where the direction was open', () => {
    const fix = suggestFix(model, query(model, 'platform-mgmt/metrics-agent', 'acme-web/api', 9090));
    const doc = parse(fix.yaml) as { spec: Record<string, unknown> };
    expect(doc.spec['enableDefaultDeny']).toEqual({ egress: false });
    expect(fix.explanation.join(' ')).toMatch(/#14992/);
    expect(fix.after).toBe('denied');
    expect(fix.blastRadius).toEqual([]);
  });
});
