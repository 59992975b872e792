import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { indexSecrets, leaksIn, otherTenantSecrets } from '../core/graph/leaks.ts';
import { loadInputs } from '../core/load/loadInputs.ts';
import { appPlatformFile } from '../../test/paths.ts';
import { defaultViewState, viewReducer } from '../core/graph/viewState.ts';
import type { GraphModel } from '../core/graph/types.ts';
import { graphCheck, SecretsTask } from './secretsTask.ts';

const cluster = loadInputs(['policies.yaml', 'inventory.yaml'].map((f) => ({ name: f, data: readFileSync(appPlatformFile(f), 'utf8') }))).cluster;
const text = 'acme frontend calls globex storefront at 10.244.0.54; initech admin-panel; api, DNS';

describe('SecretsTask (the customer view identifiers, computed in the load worker)', () => {
  it('finds what the check computed directly finds, also after crossing to the page (structured clone of what it finds)', () => {
    const direct = leaksIn(text, indexSecrets(otherTenantSecrets(cluster, 'tenant', 'acme')));
    const fromWorker = structuredClone(new SecretsTask(cluster).leaks(text, 'tenant', 'acme'));
    expect(fromWorker).toEqual(direct);
    expect(fromWorker.map((s) => s.text)).toEqual(expect.arrayContaining(['globex', 'storefront', '10.244.0.54', 'initech', 'admin-panel']));
    expect(fromWorker.map((s) => s.text)).not.toContain('frontend');
  });

  it('computes once per grouping label and tenant', () => {
    const task = new SecretsTask(cluster);
    const acme = task.secrets('tenant', 'acme');
    expect(task.secrets('tenant', 'acme')).toBe(acme);
    const globex = task.secrets('tenant', 'globex');
    expect(globex).not.toBe(acme);
    expect(leaksIn(text, globex).map((s) => s.text)).toEqual(expect.arrayContaining(['acme', 'frontend']));
  });

  it("a customer view's graph answer carries the check; a model naming another tenant's workload is caught", () => {
    const task = new SecretsTask(cluster);
    const acme = viewReducer(defaultViewState, { type: 'set-customer-tenant', tenant: 'acme' });
    const model = (label: string): GraphModel => ({ nodes: [{ id: 'n1', label } as GraphModel['nodes'][number]], edges: [], layoutKey: '', groups: [], counts: { workloads: 1, groups: 0, edges: 0, deniedEdges: 0, mismatches: 0 } });
    expect(graphCheck(task, model('frontend'), acme)).toEqual({ leaks: [] });
    expect(graphCheck(task, model('storefront'), acme).leaks?.map((s) => s.text)).toEqual(['storefront']);
    expect(graphCheck(task, model('storefront'), defaultViewState)).toEqual({});
  });
});
