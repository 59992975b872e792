import { describe, expect, it } from 'vitest';
import { appPlatform } from '../query/testing.ts';
import { filterOptions } from './filterOptions.ts';

describe('filterOptions', () => {
  it('lists the platform first, then tenants A–Z, and every namespace', () => {
    const o = filterOptions(appPlatform().cluster, 'tenant');
    expect(o.groups.map((g) => g.label)).toEqual(['platform', 'acme', 'globex', 'initech']);
    expect(o.groups[1]?.value).toBe('g:t:acme');
    expect(o.namespaces.map((n) => n.value)).toContain('acme-jobs');
    expect(o.verdicts.map((v) => v.value)).toEqual(['allowed', 'l7-filtered', 'not-enforced', 'default-deny', 'explicit-deny', 'auth-denied', 'not-known']);
    expect(o.protocols.map((p) => p.value)).toEqual(['TCP', 'UDP', 'SCTP', 'ICMP', 'ICMPv6']);
  });
});
