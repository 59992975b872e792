/**
 * The words the exports write by themselves, whatever the data: markup, JSON keys, styles,
 * titles, legend, class names. Taken from the writers (exportView) drawing a made-up customer
 * view with every kind of node and edge, so it follows the writers as they change. The customer
 * view's leak check (core/graph/leaks.ts) cannot tell these words from data, and every picture
 * contains them: a tenant named `legend` or `stroke` is not checkable in an output.
 * @public
 */
import type { RuleRef } from '../engine/types.ts';
import { portRange } from '../engine/PortSet.ts';
import { OTHERS_GROUP, PLATFORM_GROUP } from '../graph/grouping.ts';
import { edgeVerdicts, type GraphEdge, type GraphModel, type GraphNode, type NodeKind } from '../graph/types.ts';
import { defaultViewState, viewReducer } from '../graph/viewState.ts';
import { exportView } from './exportView.ts';

/** Every made-up string carries this mark; tokens with it are data, not vocabulary. */
const MARK = 'zqxj';

function syntheticModel(): GraphModel {
  const tenant = `g:t:${MARK}t`;
  const node = (id: string, kind: NodeKind, extra: Partial<GraphNode> = {}): GraphNode => ({
    id,
    kind,
    label: `${MARK}${kind}`,
    parent: null,
    group: null,
    namespace: null,
    workload: null,
    dns: false,
    collapsed: false,
    workloads: 1,
    unrestricted: [],
    position: { x: 100, y: 100 },
    ...extra,
  });
  const nodes: GraphNode[] = [
    node(tenant, 'group', { group: tenant, position: null, workloads: 3 }),
    node(OTHERS_GROUP, 'group', { group: OTHERS_GROUP, collapsed: true }),
    node(PLATFORM_GROUP, 'group', { group: PLATFORM_GROUP, position: null }),
    node(`ns:${MARK}ns`, 'namespace', { parent: tenant, group: tenant, namespace: `${MARK}ns`, position: null }),
    node(`w:${MARK}ns/Deployment/${MARK}a`, 'workload', { parent: `ns:${MARK}ns`, group: tenant, namespace: `${MARK}ns`, workload: `${MARK}ns/Deployment/${MARK}a`, unrestricted: ['ingress'] }),
    node(`w:${MARK}ns/Deployment/${MARK}b`, 'workload', { parent: `ns:${MARK}ns`, group: tenant, namespace: `${MARK}ns`, workload: `${MARK}ns/Deployment/${MARK}b`, unrestricted: ['ingress', 'egress'] }),
    node(`p:${MARK}dns`, 'workload', { parent: PLATFORM_GROUP, group: PLATFORM_GROUP, dns: true }),
    ...(['identity', 'world', 'cidr', 'fqdn', 'entity', 'carve-out', 'unknown'] as const).map((k) => node(`o:${MARK}${k}`, k)),
  ];
  const rule = (kind: RuleRef['kind']): RuleRef => ({ kind, namespace: kind === 'CiliumNetworkPolicy' ? `${MARK}ns` : null, name: `${MARK}rule`, path: 'spec.ingress[0]' });
  const leaves = nodes.filter((n) => n.position !== null);
  const edges: GraphEdge[] = edgeVerdicts.map((verdict, i) => ({
    id: `e:${i}`,
    source: leaves[i % leaves.length]?.id ?? '',
    target: leaves[(i + 3) % leaves.length]?.id ?? '',
    verdict,
    ports: portRange('TCP', 8080),
    portsText: '8080/TCP',
    rules: [rule('CiliumNetworkPolicy'), rule('CiliumClusterwideNetworkPolicy'), rule('NetworkPolicy'), rule('CiliumNetworkPolicy')],
    nearMisses: [{ rule: rule('CiliumNetworkPolicy'), why: 'wrong-port', text: `${MARK}near` }],
    policy: i % 2 === 0,
    observed: i % 2 === 0 ? { flows: 3, verdicts: { FORWARDED: 2, DROPPED: 1 }, ports: '8080/TCP' } : null,
    mismatch: i === 0 ? 'observed-denied-predicted-allowed' : i === 3 ? 'observed-allowed-predicted-denied' : null,
    flowKeys: [],
    members: 1,
  }));
  return {
    nodes,
    edges,
    layoutKey: MARK,
    groups: [OTHERS_GROUP, PLATFORM_GROUP, tenant],
    counts: { workloads: 3, groups: 3, edges: edges.length, deniedEdges: 2, mismatches: 2 },
  };
}

const TOKEN = /[a-z0-9._-]+/g;

let words: ReadonlySet<string> | null = null;

/** Lower-case name tokens (see leaks.ts) the exports write by themselves. */
export function exportWords(): ReadonlySet<string> {
  if (words !== null) return words;
  const model = syntheticModel();
  const customer = viewReducer(defaultViewState, { type: 'set-customer-tenant', tenant: `${MARK}t` });
  const view = viewReducer(customer, { type: 'set-filters', filters: { verdicts: ['allowed'], protocols: ['TCP'], port: 8080, show: 'observed', search: MARK } });
  const out = new Set<string>();
  for (const [v, highlight] of [
    [view, { nodes: [model.edges[0]?.source ?? '', model.edges[0]?.target ?? ''], edges: [model.edges[0]?.id ?? ''] }],
    [customer, null],
  ] as const) {
    const exp = exportView({ model, view: v, clusterName: MARK, digest: 'ab'.repeat(32), time: '2026-01-01T00:00:00Z', highlight });
    const text = [exp.picture.svg, exp.json(), exp.html(MARK), ...exp.pngText().flat()].join('\n').toLowerCase();
    for (const m of text.matchAll(TOKEN)) if (!m[0].includes(MARK)) out.add(m[0].replace(/^[._-]+|[._-]+$/g, ''));
  }
  out.delete('');
  words = out;
  return words;
}
