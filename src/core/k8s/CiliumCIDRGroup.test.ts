import { describe, expect, it } from 'vitest';
import { yamlDoc } from '../load/testing.ts';
import { parseCiliumCIDRGroup } from './CiliumCIDRGroup.ts';

const ctx = { defaultNamespace: 'default', clusterName: 'default' };

describe('parseCiliumCIDRGroup', () => {
  it('reads the CIDRs and reports invalid ones', () => {
    const r = parseCiliumCIDRGroup(
      yamlDoc('apiVersion: cilium.io/v2alpha1\nkind: CiliumCIDRGroup\nmetadata: {name: partners, labels: {tier: ext}}\nspec:\n  externalCIDRs:\n  - 203.0.113.0/24\n  - 10.0.0.1\n  - 2001:db8::/32\n'),
      ctx,
    );
    expect(r.value).toMatchObject({ name: 'partners', labels: { tier: 'ext' }, cidrs: ['203.0.113.0/24', '2001:db8::/32'] });
    expect(r.diagnostics.map((d) => [d.code, d.line, d.path])).toEqual([['invalid-cidr', 7, 'spec.externalCIDRs[1]']]);
  });
});
