import { describe, expect, it } from 'vitest';
import { nearMissWords } from './verdictText.ts';

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
