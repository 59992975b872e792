import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { decide } from './decide.ts';
import { buildCluster, podEndpoint, policiesFromYaml } from './testing.ts';
import { backendInClusterMesh } from './versionGaps.fixture.ts';

/**
 * A policy the selected Cilium version refuses (or a field it ignores) while another release
 * applies it: the explanation of every verdict it would touch (its subjects, in that direction)
 * names the policy and field, the version that refuses it, and the verdict on a release that
 * applies it. Gates as the parsers keep them: entity cluster-mesh came with 1.20
 * (cilium/peers.ts), a rule with no item is refused from 1.18 (cilium/rule.ts: pkg/policy/api/
 * rule_validation.go Rule.Sanitize, present at v1.18.0-pre.3), enableDefaultDeny came with 1.16
 * (PR #30572; side.ts enablesDefaultDeny).
 */
const pods = [
  { ns: 'shop', name: 'frontend', labels: { app: 'frontend' } },
  { ns: 'shop', name: 'backend', labels: { app: 'backend' } },
  { ns: 'shop', name: 'db', labels: { app: 'db' } },
];

function ask(yaml: string, ciliumVersion: string, from: string, to: string) {
  const { policies, versionGaps } = policiesFromYaml(yaml, { ciliumVersion });
  const m = compile(buildCluster({ pods, policies, versionGaps }), { ciliumVersion });
  return decide(m, { from: podEndpoint(m, from), to: podEndpoint(m, to), port: 8080, protocol: 'TCP' });
}

const clusterMesh = backendInClusterMesh;

const emptyRule = `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: backend-in, namespace: shop}
specs:
- endpointSelector: {matchLabels: {app: backend}}
  ingress:
  - fromEndpoints: [{matchLabels: {app: frontend}}]
- endpointSelector: {matchLabels: {app: db}}
`;

const egressDefaultDeny = `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: frontend-no-smtp, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: frontend}}
  enableDefaultDeny: {egress: false}
  egressDeny:
  - toPorts: [{ports: [{port: "25"}]}]
`;

describe('a policy the selected version refuses is named in the explanations it would touch', () => {
  it('1.19 refuses entity cluster-mesh (1.20): db → backend is allowed, and the note says 1.20 would deny it', () => {
    const d = ask(clusterMesh, '1.19', 'shop/db', 'shop/backend');
    expect(d.verdict).toBe('allowed');
    expect(d.notes).toContain(
      'CNP shop/backend-in spec.ingress[1].fromEntities[0]: Cilium 1.19 refuses this whole policy (entity cluster-mesh; accepted from 1.20), so none of its rules apply. On Cilium 1.20 this connection would be DENIED',
    );
  });
  it('says "also" when the release that applies it gives the same verdict', () => {
    const d = ask(clusterMesh, '1.19', 'shop/frontend', 'shop/backend');
    expect(d.verdict).toBe('allowed');
    expect(d.notes.find((n) => n.startsWith('CNP shop/backend-in'))).toMatch(/On Cilium 1\.20 this connection would also be ALLOWED$/);
  });
  it('says nothing where the policy selects neither end in that direction', () => {
    const d = ask(clusterMesh, '1.19', 'shop/backend', 'shop/db');
    expect(d.notes.some((n) => n.includes('backend-in'))).toBe(false);
  });
  it('1.20 applies it: no such note', () => {
    const d = ask(clusterMesh, '1.20', 'shop/db', 'shop/backend');
    expect(d.verdict).toBe('denied');
    expect(d.notes.some((n) => n.includes('refuses'))).toBe(false);
  });
  it('an older release that applies it: 1.19 refuses a rule without items (from 1.18), 1.17 accepts it', () => {
    const d = ask(emptyRule, '1.19', 'shop/db', 'shop/backend');
    expect(d.verdict).toBe('allowed');
    expect(d.notes).toContain(
      'CNP shop/backend-in specs[1]: Cilium 1.19 refuses this whole policy (a rule with no ingress or egress item; accepted up to 1.17), so none of its rules apply. On Cilium 1.17 this connection would be DENIED',
    );
  });
});

describe('a field the selected version ignores is named in the explanations it would touch, in its direction', () => {
  it('1.15 ignores enableDefaultDeny.egress: false (1.16): frontend → backend is denied, 1.16 would allow it', () => {
    const d = ask(egressDefaultDeny, '1.15', 'shop/frontend', 'shop/backend');
    expect(d.verdict).toBe('denied');
    expect(d.notes).toContain(
      'CNP shop/frontend-no-smtp spec.enableDefaultDeny.egress: Cilium 1.15 ignores it (enableDefaultDeny.egress: false, so its pods are in default deny for egress; read from 1.16). On Cilium 1.16 this connection would be ALLOWED',
    );
  });
  it('not in the other direction: backend → frontend (frontend\'s ingress) has no such note', () => {
    const d = ask(egressDefaultDeny, '1.15', 'shop/backend', 'shop/frontend');
    expect(d.notes.some((n) => n.includes('frontend-no-smtp'))).toBe(false);
  });
});
