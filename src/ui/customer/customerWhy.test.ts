import { describe, expect, it } from 'vitest';
import { OTHER_POLICY_LABEL, PLATFORM_POLICY_LABEL } from '../../core/graph/redact.ts';
import { customerRuleText, ruleOwner, seenText } from './CustomerWhy.tsx';

describe('customer why: rules in the tenant’s words', () => {
  it('names the tenant’s own policy with its rule', () => {
    const r = { kind: 'CiliumNetworkPolicy', namespace: 'acme-web', name: 'same-tenant', path: 'spec.ingress[0]' } as const;
    expect(ruleOwner(r)).toBe('own');
    expect(customerRuleText(r)).toBe('your CNP acme-web/same-tenant (spec.ingress[0])');
  });

  it('names a cluster-wide platform rule, and a platform namespace’s policy only as such', () => {
    expect(customerRuleText({ kind: 'CiliumClusterwideNetworkPolicy', namespace: null, name: 'tenant-egress-baseline', path: 'spec.egressDeny[0]' })).toBe(
      'the platform’s cluster-wide CCNP tenant-egress-baseline (spec.egressDeny[0])',
    );
    expect(customerRuleText({ kind: 'CiliumNetworkPolicy', namespace: null, name: PLATFORM_POLICY_LABEL, path: '' })).toBe('a platform policy (set by the cluster operators)');
  });

  it('never names another tenant’s policy', () => {
    const r = { kind: 'CiliumNetworkPolicy', namespace: null, name: OTHER_POLICY_LABEL, path: '' } as const;
    expect(ruleOwner(r)).toBe('other');
    expect(customerRuleText(r)).toBe('the policy of the other side (another tenant’s, not shown)');
  });
});

describe('customer why: the flows seen', () => {
  it('agree in number, the verb too (read "1 flow, which disagree")', () => {
    expect(seenText(1, true)).toBe('Seen in flows: 1 flow, which disagrees with the policy.');
    expect(seenText(1500, true)).toBe('Seen in flows: 1,500 flows, which disagree with the policy.');
    expect(seenText(4, false)).toBe('Seen in flows: 4 flows.');
  });

  it('say how many were dropped ("6 flows" on a denied path did not say whether they passed)', () => {
    expect(seenText(6, false, 6)).toBe('Seen in flows: 6 flows, all dropped.');
    expect(seenText(1, false, 1)).toBe('Seen in flows: 1 flow, dropped.');
    expect(seenText(12, false, 4)).toBe('Seen in flows: 12 flows, 4 dropped.');
    expect(seenText(3, true, 3)).toBe('Seen in flows: 3 flows, all dropped, which disagree with the policy.');
    expect(seenText(4, false, 0)).toBe('Seen in flows: 4 flows.');
  });
});
