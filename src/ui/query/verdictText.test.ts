import { describe, expect, it } from 'vitest';
import { nearMissWords, reasonMeaning, verdictParts } from './verdictText.ts';

describe('nearMissWords', () => {
  it('drops the rule path the rule chip already shows', () => {
    // The demo's gateway -> orders-api 9000/TCP: 'spec.ingress[0] spec.ingress[0] allows 8080/TCP' before.
    expect(nearMissWords('spec.ingress[0]', 'spec.ingress[0] allows 8080/TCP')).toBe('allows 8080/TCP');
  });

  it('keeps texts that only mention it later, or a longer path', () => {
    expect(nearMissWords('spec.egress[1]', '10.1.2.3 is inside 0.0.0.0/0 (spec.egress[1].toCIDRSet[0])')).toBe('10.1.2.3 is inside 0.0.0.0/0 (spec.egress[1].toCIDRSet[0])');
    expect(nearMissWords('spec.egress[1]', 'spec.egress[10] allows 53/UDP')).toBe('spec.egress[10] allows 53/UDP');
    expect(nearMissWords('', 'spec.egress[1] x')).toBe('spec.egress[1] x');
  });
});

describe('verdictParts: an endpoint whose policy Cilium cannot compute', () => {
  it('says the verdict is not known and what it depends on, not Allowed with L7 filtering', () => {
    const side = { direction: 'ingress', verdict: 'allowed', reason: 'allowed', rules: [], matched: [], defaultDenyFrom: [], nearMisses: [], l7: 'filtered', l7Rules: [], attribution: 'x', text: 'x' } as const;
    const d = { verdict: 'allowed', egress: { ...side, direction: 'egress', l7: 'none' }, ingress: { ...side, notComputed: true }, audit: false, notes: [], notComputed: ['shop/server'] } as const;
    const p = verdictParts({ from: 'shop/client', to: 'shop/server', what: '80/TCP' }, d);
    expect(p.word).toBe('Not known');
    expect(p.decided).toContain('Cilium cannot compute the policy of shop/server');
    expect(p.decided).toContain('a running endpoint keeps the last policy it computed, a pod started since gets no network');
  });
});

describe('reasonMeaning: a side whose policy Cilium cannot compute', () => {
  it('says so before what the policies would decide', () => {
    const side = { direction: 'ingress', verdict: 'allowed', reason: 'allowed', rules: [], matched: [], defaultDenyFrom: [], nearMisses: [], l7: 'filtered', l7Rules: [], attribution: 'x', text: 'x' } as const;
    expect(reasonMeaning({ ...side, notComputed: true })).toBe("policy not computed; these policies would say: a rule allows this port; requests are filtered by L7 rules");
    expect(reasonMeaning(side)).toBe('a rule allows this port; requests are filtered by L7 rules');
  });
});
