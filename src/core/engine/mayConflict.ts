/**
 * The cheap tests of whether Cilium may fail to compute some endpoint's policy (two L7 parsers or
 * two authentication modes that cannot merge: l7Conflict.ts, authConflict.ts), and what such an
 * endpoint gets. On the default screen; the per-endpoint work and the authentication layering are
 * a chunk of their own (conflictCode.ts), which only a cluster passing these tests needs.
 * @internal
 */
import type { Entry, Rule } from '../model/policy.ts';
import type { EngineModel } from './compile.ts';

/** The port, protocol and parser of every L7 port rule of an allow item (`ANY`: one per protocol). */
export function parserSlots(entry: Entry): { readonly port: string; readonly parser: string }[] {
  const out: { port: string; parser: string }[] = [];
  for (const pr of entry.ports) {
    if (!pr.l7) continue;
    const parser = pr.l7.kind === 'generic' ? pr.l7.l7proto : pr.l7.kind;
    for (const pp of pr.ports)
      for (const proto of pp.protocol === 'ANY' ? ['TCP', 'UDP', 'SCTP'] : [pp.protocol]) out.push({ port: `${String(pp.port)}${pp.endPort !== null ? `-${pp.endPort}` : ''}/${proto}`, parser });
  }
  return out;
}

/**
 * Whether some direction, port and protocol carries two L7 parsers among all these rules' allow
 * items, whoever they select and whatever their peers: without that no endpoint has a conflict
 * (a cheap test before l7ParserConflicts, e.g. whether lint needs its rare checks).
 */
export function mayHaveL7ParserConflict(rules: readonly Rule[]): boolean {
  const seen = new Map<string, string>();
  for (const rule of rules)
    for (const entry of [...rule.ingress, ...rule.egress])
      for (const { port, parser } of parserSlots(entry)) {
        const where = `${entry.direction} ${port}`;
        const other = seen.get(where);
        if (other === undefined) seen.set(where, parser);
        else if (other !== parser) return true;
      }
  return false;
}

/** Whether any endpoint's policy may not be computed (a cheap scan of every rule before the per-endpoint test). */
export function mayNotCompute(rules: readonly Rule[]): boolean {
  return mayHaveL7ParserConflict(rules) || rules.some((r) => [...r.ingress, ...r.egress].some((e) => e.authMode !== undefined));
}

const byModel = new WeakMap<EngineModel, boolean>();

/** `mayNotCompute` of a model's rules, once per model. */
export function modelMayNotCompute(model: EngineModel): boolean {
  let may = byModel.get(model);
  if (may === undefined) byModel.set(model, (may = mayNotCompute(model.rules)));
  return may;
}


/**
 * What an endpoint whose policy Cilium cannot compute gets: its regeneration fails before the
 * policy is changed, "so that the last policy remains fully in effect" (pkg/endpoint/policy.go
 * regeneratePolicy; setDesiredPolicy reverts to the realized policy), and is retried
 * (startRegenerationFailureHandler); a pod created meanwhile never completes the first
 * regeneration its CNI endpoint creation waits for (SyncBuildEndpoint; waitForFirstRegeneration:
 * "timeout while waiting for initial endpoint generation to complete"), so it has no network.
 */
export function notComputedText(endpoints: readonly string[]): string {
  return `Cilium cannot compute the policy of ${endpoints.join(' and ')}: a running endpoint keeps the last policy it computed, a pod started since gets no network; the verdict depends on that past, not on these policies`;
}
