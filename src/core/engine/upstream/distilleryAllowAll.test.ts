import { describe, expect, it } from 'vitest';
import { reasonOf, rule, upstreamModel } from './harness.ts';

/**
 * pkg/policy/distillery_test.go `Test_AllowAll` (cilium/cilium `17cc26c7d291`, Apache-2.0; SOURCES.md; the rest
 * of that file is ../distillery.test.ts), as verdicts. `rule____AllowAll` (ingress from
 * `api.WildcardEndpointSelector`) under two subject selectors: `EndpointSelectorNone` selects no
 * endpoint, so foo's map is the allow-all key of an unenforced ingress (`allow-all-ingress`);
 * the wildcard selector selects foo, and the allow-all key comes from the rule itself. Either
 * way foo takes every peer on every port; only the reason differs.
 */
const pods = { foo: { id: 'foo' }, bar: { id: 'bar' } };
const allowAll = 'ingress: [{fromEndpoints: [{}]}]';

describe('Test_AllowAll', () => {
  it('0: the rule under a selector that selects nothing: foo is not enforced (allow-all-ingress)', () => {
    const m = upstreamModel([rule("{matchLabels: {'reserved:none': ''}}", allowAll)], pods);
    for (const [port, proto] of [[80, 'TCP'], [53, 'UDP']] as const) expect(reasonOf(m, 'ingress', 'bar', 'foo', port, proto)).toBe('no-policy');
  });
  it('1: the rule under the wildcard selector: foo is enforced and the rule allows every peer, port and protocol', () => {
    const m = upstreamModel([rule('{}', allowAll)], pods);
    for (const [port, proto] of [[80, 'TCP'], [53, 'UDP'], [8, 'ICMP']] as const) expect(reasonOf(m, 'ingress', 'bar', 'foo', port, proto)).toBe('allowed');
  });
});
