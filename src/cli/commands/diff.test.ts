import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { memoryIo } from '../io.ts';
import { main } from '../main.ts';
import { appPlatformFile, appPlatformV2Dir, tierPlatformDir } from '../../../test/paths.ts';

const app = appPlatformFile;
const v2 = path.join(appPlatformV2Dir, 'policies.yaml');

async function cli(args: string[]) {
  const io = memoryIo();
  const code = await main(['diff', ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}

interface JsonChange {
  from: { display: string };
  to: { display: string };
  kind: string;
  opened: string;
  closed: string;
  observed?: { effect: string; port: number }[];
}

const TENANTS = ['acme-jobs/mailer', 'acme-jobs/worker', 'acme-web/api', 'acme-web/frontend', 'globex-shop/cart', 'globex-shop/realtime', 'globex-shop/storefront', 'initech-admin/admin-panel', 'initech-blog/blog', 'initech-blog/db'];
const PUBLIC = ['0.0.0.0-9.255.255.255', '11.0.0.0-169.253.255.255', '169.255.0.0-172.15.255.255', '172.32.0.0-192.167.255.255', '192.169.0.0-255.255.255.255'];

describe('netpol-viz diff', () => {
  it('lists exactly the changed connections between the fixture and its v2 (JSON)', async () => {
    const r = await cli([app('inventory.yaml'), '--before', app('policies.yaml'), '--after', v2, '--json']);
    expect(r.code).toBe(0);
    const { changes } = JSON.parse(r.out) as { changes: JsonChange[] };
    expect(changes.map((c) => `${c.from.display} → ${c.to.display} ${c.kind} +${c.opened} -${c.closed}`)).toEqual([
      ...TENANTS.flatMap((w) => PUBLIC.map((p) => `${w} → ${p} ports-changed +TCP 25 -No Connections`)),
      'platform-mgmt/deployer → entity:kube-apiserver ports-changed +TCP 443 -TCP 6443',
    ]);
    expect(changes.some((c) => c.observed !== undefined)).toBe(false);
  });

  it('prints grouped text, with observed flows when an export is among the shared inputs', async () => {
    const r = await cli([app('inventory.yaml'), app('flows.jsonl'), '--before', app('policies.yaml'), '--after', v2]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('51 path(s) change: 0 newly allowed, 0 newly denied, 51 with changed ports.');
    expect(r.out).toContain(`~ acme-jobs/mailer → ${PUBLIC.join(', ')}\n    opened: TCP 25\n    TCP/25 before: denied (egress denied by CCNP tenant-egress-baseline spec.egressDeny[0])`);
    expect(r.out).not.toContain('flow(s)');
    expect(r.out).toMatch(/observed: (1 flow|\d+ flows) acme-jobs\/Deployment\/mailer → ip:198\.51\.100\.25 25\/TCP would now pass/);
    expect(r.out).toMatch(/observed: (1 flow|\d+ flows) platform-mgmt\/Deployment\/deployer → reserved:kube-apiserver 6443\/TCP would be dropped/);
  });

  it('is deterministic, says so when nothing changes, and rejects incomplete syntax', async () => {
    const args = [app('inventory.yaml'), '--before', app('policies.yaml'), '--after', v2];
    expect((await cli(args)).out).toBe((await cli(args)).out);
    expect((await cli([app('inventory.yaml'), '--before', app('policies.yaml'), '--after', app('policies.yaml')])).out).toBe('No connectivity changes.\n');
    expect((await cli([app('inventory.yaml'), '--before', app('policies.yaml')])).code).toBe(2);
    expect((await cli(['--help'])).out).toMatch(/--before <inputs…>/);
  });
});

describe('netpol-viz diff with policy tiers (ClusterNetworkPolicy, Cilium 1.20 from the cilium DaemonSet)', () => {
  it('removing the Admin SMTP Deny opens SMTP for every pod it covered, and names the policy it came from', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'diff-tiers-'));
    const before = readFileSync(path.join(tierPlatformDir, 'policies.yaml'), 'utf8');
    const after = before.split('\n---\n').filter((d) => !d.includes('name: deny-smtp-egress')).join('\n---\n');
    writeFileSync(path.join(dir, 'after.yaml'), after);
    const tier = (f: string) => path.join(tierPlatformDir, f);
    const r = await cli([tier('inventory.yaml'), tier('cilium.yaml'), '--before', tier('policies.yaml'), '--after', path.join(dir, 'after.yaml')]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('5 path(s) change: 0 newly allowed, 0 newly denied, 5 with changed ports.');
    expect(r.out).toContain('~ acme-web/frontend → 0.0.0.0-255.255.255.255\n    opened: TCP 25,465,587');
    expect(r.out).toContain('before: denied (egress denied by ClusterNetworkPolicy deny-smtp-egress spec.egress[0])');
    // Platform pods Pass port 25 to the NetworkPolicy tier: only 465 and 587 change for them.
    expect(r.out).toContain('~ platform-mail/relay → 0.0.0.0-255.255.255.255\n    opened: TCP 465,587');
  });
});
