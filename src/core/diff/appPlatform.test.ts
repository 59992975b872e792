import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadInputs } from '../load/loadInputs.ts';
import { compile } from '../engine/compile.ts';
import { formatPortSet } from '../engine/PortSet.ts';
import { ingestTexts } from '../flows/ingest.ts';
import { diffConnectivity } from './diffConnectivity.ts';
import { appPlatformDir, appPlatformV2Dir } from '../../../test/paths.ts';

const v2 = appPlatformV2Dir;
const read = (dir: string, name: string) => ({ name, data: readFileSync(path.join(dir, name), 'utf8') });
const before = compile(loadInputs([read(appPlatformDir, 'policies.yaml'), read(appPlatformDir, 'inventory.yaml')]).cluster);
const after = compile(loadInputs([read(v2, 'policies.yaml'), read(appPlatformDir, 'inventory.yaml')]).cluster);

const TENANT_WORKLOADS = [
  'acme-jobs/mailer', 'acme-jobs/worker', 'acme-web/api', 'acme-web/frontend', 'globex-shop/cart',
  'globex-shop/realtime', 'globex-shop/storefront', 'initech-admin/admin-panel', 'initech-blog/blog', 'initech-blog/db',
];
// The public internet as tenant-egress-baseline's toCIDRSet cuts it (0.0.0.0/0 minus the private ranges).
const PUBLIC = ['0.0.0.0-9.255.255.255', '11.0.0.0-169.253.255.255', '169.255.0.0-172.15.255.255', '172.32.0.0-192.167.255.255', '192.169.0.0-255.255.255.255'];

describe('diff of the app-platform fixture against v2 (SMTP egressDeny removed, apiserver port 6443 → 443)', () => {
  const changes = diffConnectivity(before, after);

  it('lists exactly the changed connections', () => {
    const expected = [
      ...TENANT_WORKLOADS.flatMap((w) => PUBLIC.map((r) => `${w} → ${r}: +TCP 25 -No Connections`)),
      'platform-mgmt/deployer → entity:kube-apiserver: +TCP 443 -TCP 6443',
    ];
    expect(changes.map((c) => `${c.from.display} → ${c.to.display}: +${formatPortSet(c.opened)} -${formatPortSet(c.closed)}`)).toEqual(expected);
    expect(changes.every((c) => c.kind === 'ports-changed')).toBe(true);
  });

  it('names the rules responsible on each side', () => {
    const smtp = changes[0];
    expect(smtp?.samples).toHaveLength(1);
    expect(smtp?.samples[0]?.before.egress).toMatchObject({ verdict: 'denied', reason: 'explicit-deny', rules: [{ name: 'tenant-egress-baseline', path: 'spec.egressDeny[0]' }] });
    expect(smtp?.samples[0]?.after.egress).toMatchObject({ verdict: 'allowed', rules: [{ name: 'tenant-egress-baseline', path: 'spec.egress[1]' }] });
    const api = changes[changes.length - 1];
    expect(api?.samples.map((s) => [s.port, s.before.egress.verdict, s.after.egress.verdict])).toEqual([
      ['TCP/443', 'denied', 'allowed'],
      ['TCP/6443', 'allowed', 'denied'],
    ]);
  });

  it('is deterministic and symmetric', () => {
    expect(diffConnectivity(before, after)).toEqual(changes);
    const back = diffConnectivity(after, before);
    expect(back.map((c) => `${c.from.key}|${c.to.key}|${formatPortSet(c.opened)}|${formatPortSet(c.closed)}`)).toEqual(
      changes.map((c) => `${c.from.key}|${c.to.key}|${formatPortSet(c.closed)}|${formatPortSet(c.opened)}`),
    );
  });

  it('attaches the observed flows whose verdict flips', () => {
    const flows = ingestTexts([{ name: 'flows.jsonl', text: readFileSync(path.join(appPlatformDir, 'flows.jsonl'), 'utf8') }]);
    const withFlows = diffConnectivity(before, after, { flows });
    const observed = withFlows.flatMap((c) => (c.observed ?? []).map((o) => `${c.from.display} → ${c.to.display}: ${o.destination} ${o.port}/${o.protocol} ${o.effect}`));
    expect(observed.length).toBeGreaterThan(0);
    expect(observed.every((o) => /25\/TCP unblocks$|6443\/TCP breaks$/.test(o))).toBe(true);
    expect(observed.some((o) => o.startsWith('acme-jobs/mailer → 192.169.0.0-255.255.255.255: ip:198.51.100.25 25/TCP unblocks'))).toBe(true);
    expect(observed.some((o) => o.includes('6443/TCP breaks'))).toBe(true);
  });
});
