import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { compile } from '../engine/compile.ts';
import { connectivity } from '../engine/connectivity.ts';
import { buildGraph } from '../graph/buildGraph.ts';
import { connectivityInput } from '../graph/fromEngine.ts';
import { defaultViewState } from '../graph/viewState.ts';
import type { GraphModel, ViewState } from '../graph/types.ts';
import { loadInputs } from '../load/loadInputs.ts';
import type { Cluster } from '../model/cluster.ts';
import type { PolicyKey } from '../model/policy.ts';
import { applyDraft } from './applyDraft.ts';
import { policyText } from './editable.ts';
import { markChanges } from './marks.ts';
import { ingestTexts } from '../flows/ingest.ts';
import type { FlowAggregate } from '../flows/types.ts';
import { appPlatformDir } from '../../../test/paths.ts';

const read = (name: string) => ({ name, data: readFileSync(path.join(appPlatformDir, name), 'utf8') });
const cluster = loadInputs([read('policies.yaml'), read('inventory.yaml')]).cluster;

function graphOf(c: Cluster, view: ViewState = defaultViewState, flows: FlowAggregate | null = null): GraphModel {
  const model = compile(c);
  return buildGraph({ cluster: c, connectivity: connectivityInput(connectivity(model, { includeDenied: true }), c, model.settings), flows }, view);
}

function edited(key: string, edit: (spec: Record<string, unknown>) => void): Cluster {
  const p = cluster.policies.find((x) => x.key === key)!;
  const doc = parse(policyText(p)!) as { spec: Record<string, unknown> };
  edit(doc.spec);
  return applyDraft(cluster, { documents: [{ id: '1', replaces: p.key, name: 'w', text: stringify(doc) }], removed: [] }).after;
}

describe('markChanges', () => {
  const before = graphOf(cluster);

  it('marks nothing when nothing changes', () => {
    const m = markChanges(before, graphOf(cluster));
    expect(m.edges.filter((e) => e.change)).toEqual([]);
    expect(m.counts.changedEdges).toBe(0);
    expect(m.nodes).toHaveLength(before.nodes.length);
  });

  it('removing the SMTP egressDeny: the internet edges gain 25/TCP and the "internet 25/TCP" stubs go, kept as ghosts', () => {
    const after = graphOf(edited('CiliumClusterwideNetworkPolicy//tenant-egress-baseline', (s) => delete s['egressDeny']));
    const m = markChanges(before, after);
    const changed = m.edges.filter((e) => e.change);
    expect(changed.length).toBeGreaterThan(0);
    const ports = changed.filter((e) => e.change?.kind === 'ports');
    const removed = changed.filter((e) => e.change?.kind === 'removed');
    expect(ports.length).toBeGreaterThan(0);
    expect(ports.every((e) => e.verdict === 'allowed' && e.change?.opened === '25/TCP' && e.change.closed === '')).toBe(true);
    expect(removed.length).toBeGreaterThan(0);
    expect(removed.every((e) => e.verdict === 'explicit-deny' && e.target.startsWith('o:world~') && e.change?.opened === '25/TCP')).toBe(true);
    expect(removed).toHaveLength(ports.length);
    expect(changed.some((e) => e.change?.kind === 'added')).toBe(false);
    // Every ghost edge still has both ends in the graph; ghost nodes are flagged.
    const ids = new Set(m.nodes.map((n) => n.id));
    expect(m.edges.every((e) => ids.has(e.source) && ids.has(e.target))).toBe(true);
    expect(m.nodes.filter((n) => n.removed).every((n) => !after.nodes.some((a) => a.id === n.id))).toBe(true);
    expect(m.counts.changedEdges).toBe(changed.length);
  });

  it('a path that turns default-denied (not drawn) stays as a ghost with the closed ports', () => {
    const after = graphOf(applyDraft(cluster, { documents: [], removed: ['CiliumNetworkPolicy/acme-web/same-tenant' as PolicyKey] }).after);
    const m = markChanges(before, after);
    const frontendToApi = m.edges.filter((e) => e.source === 'w:acme-web/Deployment/frontend' && e.target === 'w:acme-web/Deployment/api');
    expect(frontendToApi.map((e) => [e.verdict, e.change?.kind, e.change?.closed])).toEqual([['allowed', 'removed', 'all ports']]);
  });

  it('ghosts carry no observed flows: every flow is drawn once, where the proposed set puts it', () => {
    const flows = ingestTexts([{ name: 'flows.jsonl', text: readFileSync(path.join(appPlatformDir, 'flows.jsonl'), 'utf8') }]);
    const total = (g: GraphModel) => g.edges.reduce((n, e) => n + (e.observed?.flows ?? 0), 0);
    const b = graphOf(cluster, defaultViewState, flows);
    const m = markChanges(b, graphOf(edited('CiliumClusterwideNetworkPolicy//tenant-egress-baseline', (s) => delete s['egressDeny']), defaultViewState, flows));
    const ghosts = m.edges.filter((e) => e.change?.kind === 'removed');
    expect(ghosts.length).toBeGreaterThan(0);
    expect(ghosts.every((e) => e.observed === null && e.mismatch === null && e.flowKeys.length === 0)).toBe(true);
    expect(total(m)).toBe(total(b));
  });

  it('works on collapsed views too (same view on both sides)', () => {
    const view: ViewState = { ...defaultViewState, collapsed: before.groups };
    const after = graphOf(edited('CiliumClusterwideNetworkPolicy//tenant-egress-baseline', (s) => delete s['egressDeny']), view);
    const m = markChanges(graphOf(cluster, view), after);
    expect(m.edges.some((e) => e.change?.opened === '25/TCP')).toBe(true);
  });
});
