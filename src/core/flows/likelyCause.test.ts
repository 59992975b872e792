import { describe, expect, it } from 'vitest';
import { likelyCause, type CauseEvidence, type ComputedSide } from './likelyCause.ts';

const allowedByCnp: ComputedSide = {
  verdict: 'allowed',
  reason: 'allowed',
  allowedBy: ['CiliumNetworkPolicy/acme-web/same-tenant'],
  deniedBy: [],
  allowedByFqdn: false,
  allowedByCidr: false,
};
const defaultDeny: ComputedSide = { verdict: 'denied', reason: 'default-deny', allowedBy: [], deniedBy: [], allowedByFqdn: false, allowedByCidr: false };

/** A policy drop at egress of a pod towards another pod, which the loaded policies allow. */
const dropped: CauseEvidence = {
  mismatchClass: 'observed-denied-predicted-allowed',
  direction: 'EGRESS',
  verdicts: { DROPPED: 3 },
  drops: { POLICY_DENIED: 3 },
  l7Denied: 0,
  observationPoints: [],
  remoteIdentities: [20026],
  remoteInCluster: true,
  remoteName: 'acme-web/Deployment/api',
  localIsHost: false,
  recorded: { allowedBy: [], deniedBy: [] },
  computed: allowedByCnp,
  loadedPolicies: new Set(['CiliumNetworkPolicy/acme-web/same-tenant', 'CiliumClusterwideNetworkPolicy/tenant-egress-baseline']),
  labelsOnlyInFlows: [],
  labelsOnlyInInventory: [],
};

/** Forwarded at egress although the loaded policies deny it. */
const passed: CauseEvidence = { ...dropped, mismatchClass: 'observed-allowed-predicted-denied', verdicts: { FORWARDED: 2 }, drops: {}, computed: defaultDeny };

describe('likelyCause: dropped although the policy allows it', () => {
  it('policy not yet realised: a plain policy drop with nothing else to blame', () => {
    const c = likelyCause(dropped);
    expect(c.kind).toBe('policy-not-realised');
    expect(c.text).toContain('CiliumNetworkPolicy/acme-web/same-tenant');
    expect(c.text).toContain('POLICY_DENIED');
  });

  it('identity unknown: the agent saw an in-cluster peer as world (identity 2)', () => {
    const c = likelyCause({ ...dropped, remoteIdentities: [2] });
    expect(c.kind).toBe('identity-unknown');
    expect(c.text).toContain('identity 2 (world)');
  });

  it('identity unknown: a CIDR rule allows the address but the agent gave it no CIDR identity', () => {
    const c = likelyCause({ ...dropped, remoteInCluster: false, remoteName: 'ip:198.51.100.25', remoteIdentities: [2], computed: { ...allowedByCnp, allowedByCidr: true } });
    expect(c.kind).toBe('identity-unknown');
    expect(c.text).toContain('CIDR identity');
  });

  it('FQDN not learned: a toFQDNs rule allows the outside peer', () => {
    const c = likelyCause({ ...dropped, remoteInCluster: false, remoteName: 'ip:93.184.216.34', remoteIdentities: [2], computed: { ...allowedByCnp, allowedByFqdn: true } });
    expect(c.kind).toBe('fqdn-not-learned');
    expect(c.text).toContain('ip:93.184.216.34');
  });

  it('proxy rejection: L7 records refused, a proxy drop reason, or flows seen at the proxy', () => {
    expect(likelyCause({ ...dropped, l7Denied: 2 }).kind).toBe('proxy-rejection');
    expect(likelyCause({ ...dropped, drops: { POLICY_DENIED: 1, DROP_PUNT_PROXY: 1 } }).text).toContain('DROP_PUNT_PROXY');
    expect(likelyCause({ ...dropped, observationPoints: ['TO_PROXY'] }).kind).toBe('proxy-rejection');
  });

  it('host firewall: the deciding side is the node itself', () => {
    expect(likelyCause({ ...dropped, localIsHost: true }).kind).toBe('host-firewall');
  });

  it('stale policy: Cilium recorded a deny policy the loaded files lack', () => {
    const c = likelyCause({ ...dropped, drops: { POLICY_DENY: 3 }, recorded: { allowedBy: [], deniedBy: ['CiliumClusterwideNetworkPolicy/block-all'] } });
    expect(c.kind).toBe('stale-policy');
    expect(c.text).toContain('CiliumClusterwideNetworkPolicy/block-all');
  });

  it('missing label: the flows show a label the inventory lacks', () => {
    const c = likelyCause({ ...dropped, labelsOnlyInInventory: ['k8s:app=api'], labelsOnlyInFlows: ['k8s:app=api-v2'] });
    expect(c.kind).toBe('missing-label');
    expect(c.text).toContain('k8s:app=api-v2');
  });

  it('endpoint not ready: DROP_EP_NOT_READY names the regenerating endpoint', () => {
    const c = likelyCause({ ...dropped, drops: { POLICY_DENIED: 1, DROP_EP_NOT_READY: 2 } });
    expect(c.kind).toBe('policy-not-realised');
    expect(c.text).toContain('DROP_EP_NOT_READY');
  });
});

describe('likelyCause: passed although the policy denies it', () => {
  it('audit mode: AUDIT verdicts', () => {
    const c = likelyCause({ ...passed, verdicts: { AUDIT: 1 } });
    expect(c.kind).toBe('audit-mode');
    expect(c.text).toContain('1 flow has verdict AUDIT');
  });

  it('host firewall: host policies not enforced', () => {
    expect(likelyCause({ ...passed, localIsHost: true }).kind).toBe('host-firewall');
  });

  it('stale policy: Cilium recorded an allow by a policy the loaded files lack', () => {
    const c = likelyCause({ ...passed, recorded: { allowedBy: ['CiliumNetworkPolicy/acme-web/hotfix'], deniedBy: [] } });
    expect(c.kind).toBe('stale-policy');
    expect(c.text).toContain('CiliumNetworkPolicy/acme-web/hotfix');
  });

  it('missing label: Cilium recorded a loaded policy the engine finds not matching, and labels differ', () => {
    const c = likelyCause({ ...passed, recorded: { allowedBy: ['CiliumNetworkPolicy/acme-web/same-tenant'], deniedBy: [] }, labelsOnlyInFlows: ['k8s:role=api'] });
    expect(c.kind).toBe('missing-label');
    expect(c.text).toContain('CiliumNetworkPolicy/acme-web/same-tenant');
  });

  it('stale policy by default', () => {
    expect(likelyCause(passed).kind).toBe('stale-policy');
  });
});

describe('likelyCause: the other classes', () => {
  it('recorded-policy-differs: a policy missing from the loaded set, or another revision', () => {
    const base: CauseEvidence = { ...dropped, mismatchClass: 'recorded-policy-differs', verdicts: { FORWARDED: 1 }, drops: {} };
    expect(likelyCause({ ...base, recorded: { allowedBy: ['CiliumNetworkPolicy/acme-web/other'], deniedBy: [] } })).toMatchObject({ kind: 'stale-policy' });
    const rev = likelyCause({ ...base, recorded: { allowedBy: ['CiliumClusterwideNetworkPolicy/tenant-egress-baseline'], deniedBy: [] } });
    expect(rev.kind).toBe('stale-policy');
    expect(rev.text).toContain('revision');
  });

  it('non-policy-drop: endpoint not ready, proxy, or a datapath reason', () => {
    const base: CauseEvidence = { ...dropped, mismatchClass: 'non-policy-drop' };
    expect(likelyCause({ ...base, drops: { DROP_HOST_NOT_READY: 1 } }).kind).toBe('policy-not-realised');
    expect(likelyCause({ ...base, drops: { PROXY_REDIRECTION_NOT_SUPPORTED_FOR_PROTOCOL: 1 } }).kind).toBe('proxy-rejection');
    const ct = likelyCause({ ...base, drops: { CT_MAP_INSERTION_FAILED: 4 } });
    expect(ct.kind).toBe('datapath-drop');
    expect(ct.text).toContain('CT_MAP_INSERTION_FAILED');
  });

  it('unknown-endpoint and not-evaluated', () => {
    expect(likelyCause({ ...dropped, mismatchClass: 'unknown-endpoint', computed: null, noDecisionWhy: 'no prediction: x is not in the inventory' }).text).toContain('x is not in the inventory');
    expect(likelyCause({ ...dropped, mismatchClass: 'unknown-endpoint', computed: null, remoteIdentities: [0] }).kind).toBe('identity-unknown');
    expect(likelyCause({ ...dropped, mismatchClass: 'not-evaluated', computed: null }).kind).toBe('no-l4');
  });
});
