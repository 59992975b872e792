import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { isEmpty } from '../engine/PortSet.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { appPlatformDir } from '../../../test/paths.ts';
import { policyText } from './editable.ts';
import type { Draft, WhatIfOutcome } from './types.ts';
import { runWhatIf, whatIfBase } from './whatIf.ts';

const read = (name: string) => ({ name, data: readFileSync(path.join(appPlatformDir, name), 'utf8') });
const cluster = loadInputs([read('policies.yaml'), read('inventory.yaml')]).cluster;
const base = whatIfBase(cluster, null);
function edit(name: string, change: (spec: Record<string, unknown>) => void): Draft {
  const policy = cluster.policies.find((p) => p.ref.name === name)!;
  const doc = parse(policyText(policy)!) as { spec: Record<string, unknown> };
  change(doc.spec);
  return { documents: [{ id: '1', replaces: policy.key, name: 'w', text: stringify(doc) }], removed: [] };
}
const groups = (o: WhatIfOutcome) => o.byRule.map((g) => `${g.policy} ${g.rule} ${g.state} +${g.opens.length} -${g.closes.length}`);

/** Every change is in a group; a group opens only paths with opened ports and closes only paths with closed ports. */
function wellFormed(o: WhatIfOutcome): void {
  const seen = new Set<number>();
  for (const g of o.byRule) {
    for (const i of g.opens) expect(isEmpty(o.changes[i]!.opened)).toBe(false);
    for (const i of g.closes) expect(isEmpty(o.changes[i]!.closed)).toBe(false);
    for (const i of [...g.opens, ...g.closes]) seen.add(i);
  }
  expect(seen.size).toBe(o.changes.length);
}

describe('changes by rule', () => {
  it('removing an egressDeny: the deny rule opens every path, not the egress rule that allowed the rest all along', () => {
    const o = runWhatIf(base, edit('tenant-egress-baseline', (spec) => delete spec['egressDeny'])).outcome;
    expect(groups(o)).toEqual(['CCNP tenant-egress-baseline spec.egressDeny[0] removed +50 -0']);
    wellFormed(o);
  });

  it('deleting a policy: each of its rules closes the paths it allowed', () => {
    const policy = cluster.policies.find((p) => p.ref.name === 'same-tenant' && p.ref.namespace === 'acme-web')!;
    const o = runWhatIf(base, { documents: [], removed: [policy.key] }).outcome;
    expect(o.byRule.length).toBeGreaterThan(0);
    for (const g of o.byRule) expect(g).toMatchObject({ policy: 'CNP acme-web/same-tenant', state: 'removed', opens: [] });
    wellFormed(o);
  });

  it('a narrowed port list: the changed rule, once per path, ports lost and gained', () => {
    const o = runWhatIf(base, edit('realtime-udp', (spec) => delete (spec['ingress'] as Record<string, unknown>[])[0]!['toPorts'])).outcome;
    expect(groups(o).every((g) => g.startsWith('CNP globex-shop/realtime-udp spec.ingress[0] changed'))).toBe(true);
    expect(o.byRule).toHaveLength(1);
    expect(o.byRule[0]!.opens.length).toBe(o.changes.length);
    wellFormed(o);
  });

  it('a new policy on an endpoint no policy selected: its selection turns on default deny and closes the other paths', () => {
    const text = [
      'apiVersion: cilium.io/v2',
      'kind: CiliumNetworkPolicy',
      'metadata: {name: envoy-in, namespace: platform-ingress}',
      'spec:',
      '  endpointSelector: {matchLabels: {app: envoy}}',
      '  ingress:',
      '    - fromEntities: [world]',
      '      toPorts: [{ports: [{port: "443", protocol: TCP}]}]',
      '',
    ].join('\n');
    const o = runWhatIf(base, { documents: [{ id: 'n', replaces: null, name: 'new', text }], removed: [] }).outcome;
    expect(groups(o)).toEqual(['CNP platform-ingress/envoy-in spec added +0 -7']);
    wellFormed(o);
  });
});
