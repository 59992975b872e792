import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLeaks, otherTenantStrings } from '../../core/graph/leaks.ts';
import { loadInputs } from '../../core/load/loadInputs.ts';
import { memoryIo } from '../io.ts';
import { main } from '../main.ts';
import { customerNumericLabelDir, customerStatefulsetDir } from '../../../test/paths.ts';

// `render --customer` on clusters whose other tenants have generic label values (issue 14):
// a StatefulSet's pod indexes, a tenant's numeric label values.
const fixtures = {
  statefulset: { dir: customerStatefulsetDir, tenants: ['acme', 'globex', 'initech'] },
  numeric: { dir: customerNumericLabelDir, tenants: ['acme', 'globex'] },
};
const out = mkdtempSync(path.join(tmpdir(), 'netpol-render-customer-'));

function clusterOf(dir: string) {
  return loadInputs(['policies.yaml', 'inventory.yaml'].map((f) => ({ name: f, data: readFileSync(path.join(dir, f), 'utf8') }))).cluster;
}

async function render(args: string[]): Promise<{ code: number; stderr: string }> {
  const io = memoryIo();
  const code = await main(['render', ...args], io);
  return { code, stderr: io.stderr };
}

describe('render --customer writes the picture of each tenant', () => {
  for (const [name, f] of Object.entries(fixtures)) {
    const cluster = clusterOf(f.dir);
    for (const tenant of f.tenants) {
      it(`${name}: tenant ${tenant}`, async () => {
        const file = path.join(out, `${name}-${tenant}.svg`);
        const r = await render([f.dir, '--out', file, '--tenant', tenant, '--customer']);
        expect(r.stderr).not.toContain('nothing was written');
        expect(r.code).toBe(0);
        const svg = readFileSync(file, 'utf8');
        expect(svg).toContain(`Network paths of tenant ${tenant}`);
        expect(findLeaks(svg, otherTenantStrings(cluster, 'tenant', tenant))).toEqual([]);
      });
    }
  }

  it('the StatefulSet’s names and addresses stay secret; its pod indexes and revision hash are not secrets', () => {
    const forbidden = otherTenantStrings(clusterOf(fixtures.statefulset.dir), 'tenant', 'acme');
    expect(forbidden).toEqual(expect.arrayContaining(['globex', 'globex-data', 'ledgerdb', 'ledgerdb-0', 'ledgerdb-2', '10.244.2.21', 'billing-worker', 'ledgerdb-from-billing', 'initech-apps', 'reportgen']));
    for (const generic of ['0', '1', '2', 'ledgerdb-6d5f8b7c94', 'database', '15.4', 'frontend']) expect(forbidden).not.toContain(generic);
  });

  it('a number that only acme uses as a label value is not a secret of acme', () => {
    const forbidden = otherTenantStrings(clusterOf(fixtures.numeric.dir), 'tenant', 'globex');
    expect(forbidden).toEqual(expect.arrayContaining(['acme', 'acme-prod', 'checkout', 'inventory-sync', '10.8.0.10', 'sync-egress']));
    for (const generic of ['3', '12', '4711', 'true']) expect(forbidden).not.toContain(generic);
  });
});

describe('render --customer still refuses a picture that names another tenant', () => {
  const f = fixtures.statefulset;
  for (const [what, injected, from] of [
    ['workload name', 'ledgerdb', '"ledgerdb" (tenant globex): name of StatefulSet globex-data/ledgerdb'],
    ['pod IP', '10.244.2.21', '"10.244.2.21" (tenant globex): IP of Pod globex-data/ledgerdb-1'],
    ['pod name', 'reportgen-8d9e7f6a5-z9y8x', '"reportgen-8d9e7f6a5-z9y8x" (tenant initech): name of Pod initech-apps/reportgen-8d9e7f6a5-z9y8x'],
  ] as const) {
    it(`${what} injected through the title: exit 3, nothing written, the string and its origin on stderr`, async () => {
      const file = path.join(out, `injected-${what.replace(/ /g, '-')}.svg`);
      const r = await render([f.dir, '--out', file, '--tenant', 'acme', '--customer', '--title', `Paths of ${injected} and acme`]);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`"${injected}"`);
      expect(r.stderr).toContain(from);
      expect(() => readFileSync(file)).toThrow();
    });
  }
});
