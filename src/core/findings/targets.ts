/**
 * Where lint findings show up in the app: which policy each belongs to (for badges beside the
 * policies), and which drawn nodes and edges it concerns (to light them up): the workloads the
 * policy selects, and the paths its rules (or the related policies' rules) decide.
 * @public
 */
import type { EngineModel } from '../engine/compile.ts';
import type { RuleRef } from '../engine/types.ts';
import { drawnGroupNode, makeGrouping } from '../graph/grouping.ts';
import { workloadNodeId } from '../graph/registry.ts';
import type { GraphModel, ViewState } from '../graph/types.ts';
import type { FindingPolicy, Finding } from '../lint/types.ts';
import type { Cluster, WorkloadKey } from '../model/cluster.ts';
import { policyKey, type PolicyKey } from '../model/policy.ts';

export const findingPolicyKey = (p: FindingPolicy | RuleRef): PolicyKey => policyKey({ kind: p.kind, namespace: p.namespace, name: p.name });

/** Findings per policy, in the linter's order. */
export function findingsByPolicy(findings: readonly Finding[]): Map<PolicyKey, Finding[]> {
  const out = new Map<PolicyKey, Finding[]>();
  for (const f of findings) {
    const k = findingPolicyKey(f.policy);
    const list = out.get(k);
    if (list) list.push(f);
    else out.set(k, [f]);
  }
  return out;
}

/** The workloads each policy's rules select (endpoint rules; host policies select nodes). */
export function policySubjects(model: EngineModel): Map<PolicyKey, Set<WorkloadKey>> {
  const out = new Map<PolicyKey, Set<WorkloadKey>>();
  model.subjectRules.forEach((rules, i) => {
    const id = model.identities[i];
    if (!id) return;
    for (const ri of rules) {
      const r = model.rules[ri];
      if (!r) continue;
      const k = policyKey(r.policy);
      let set = out.get(k);
      if (!set) out.set(k, (set = new Set()));
      for (const w of id.workloads) set.add(w as WorkloadKey);
    }
  });
  return out;
}

export interface FindingMarks {
  readonly nodes: readonly string[];
  readonly edges: readonly string[];
}

/**
 * The drawn nodes of the workloads the finding's policy selects (a collapsed group stands for
 * its workloads), and the drawn edges from or to them that a rule of that policy, or of a
 * related one, decides.
 */
export function findingMarks(finding: Finding, graph: GraphModel, cluster: Cluster, view: ViewState, subjects: ReadonlyMap<PolicyKey, ReadonlySet<WorkloadKey>>): FindingMarks {
  const drawn = new Set(graph.nodes.map((n) => n.id));
  const grouping = makeGrouping(cluster, view.groupingLabel);
  const workloads = cluster.workloads;
  const nsOf = new Map(workloads.map((w) => [w.key, w.namespace]));
  const nodes = new Set<string>();
  for (const w of subjects.get(findingPolicyKey(finding.policy)) ?? []) {
    const id = workloadNodeId(w);
    if (drawn.has(id)) nodes.add(id);
    else {
      const group = drawnGroupNode(grouping.groupOf(nsOf.get(w) ?? ''), drawn);
      if (group !== null) nodes.add(group);
    }
  }
  const policies = new Set([finding.policy, ...(finding.related ?? [])].map(findingPolicyKey));
  const edges = graph.edges
    .filter((e) => (nodes.has(e.source) || nodes.has(e.target)) && e.rules.some((r) => policies.has(findingPolicyKey(r))))
    .map((e) => e.id);
  return { nodes: [...nodes].sort(), edges };
}

/** What the app shows of lint: the findings and, for the policies they concern, the workloads those select. */
export interface FindingsReport {
  readonly findings: readonly Finding[];
  readonly subjects: ReadonlyMap<PolicyKey, ReadonlySet<WorkloadKey>>;
}

/** Lint with the subjects of the policies that have findings (plain data: crosses the worker boundary). */
export function findingsReport(model: EngineModel, findings: readonly Finding[]): FindingsReport {
  const all = policySubjects(model);
  const subjects = new Map<PolicyKey, ReadonlySet<WorkloadKey>>();
  for (const f of findings)
    for (const p of [f.policy, ...(f.related ?? [])]) {
      const k = findingPolicyKey(p);
      if (!subjects.has(k)) subjects.set(k, all.get(k) ?? new Set());
    }
  return { findings, subjects };
}
