/**
 * The notes of a decision about policies the selected Cilium version refuses, or reads without a
 * field, while another release applies them (model/versionGap.ts, the parsers' version gates):
 * for each one that would touch this verdict (a rule of it selects the source for egress or the
 * destination for ingress; for an ignored field, the field's rule and direction), which policy
 * and field, that this version refuses or ignores it, and the verdict on the release that applies
 * it (this model with the policy as that release reads it, decided under that release).
 * @internal
 */
import { parseVersion } from '../cilium/collect.ts';
import type { Cluster } from '../model/cluster.ts';
import type { Direction, Rule } from '../model/policy.ts';
import type { VersionGap } from '../model/versionGap.ts';
import { compile, hasEntries, recompile, type EngineModel } from './compile.ts';
import type { Party } from './party.ts';
import type { PortProto } from './PortSet.ts';
import { subjectOf } from './subjects.ts';
import type { Decision, Query, RuleRef } from './types.ts';

const appliedModels = new WeakMap<EngineModel, Map<VersionGap, EngineModel>>();

/** `model` with the gap's policy as its release reads it, under that release (memoised per model). */
function modelApplying(model: EngineModel, gap: VersionGap): EngineModel {
  let byGap = appliedModels.get(model);
  if (!byGap) appliedModels.set(model, (byGap = new Map()));
  const known = byGap.get(gap);
  if (known) return known;
  // Without the gaps: the model that applies one says nothing of them (no note within a note).
  const { versionGaps: _gaps, ...rest } = model.cluster;
  const cluster: Cluster = { ...rest, policies: [...model.cluster.policies.filter((p) => p.key !== gap.applied.key), gap.applied] };
  const settings = { ...model.settings, ciliumVersion: gap.appliesOn };
  const m = { ...(recompile(model, cluster) ?? compile(cluster, settings)), settings };
  byGap.set(gap, m);
  return m;
}

/** The direction of a field's path (`spec.egress[0]…`, `spec.enableDefaultDeny.ingress`); null for a whole rule. */
function gateDirection(path: string): Direction | null {
  const m = /\.(ingress|egress)(?:Deny)?\[|\.enableDefaultDeny\.(ingress|egress)$/.exec(path);
  return (m?.[1] ?? m?.[2] ?? null) as Direction | null;
}

/** Whether the gap's policy, as its release reads it, would touch `dir` of `party`. */
function touches(applied: EngineModel, gap: VersionGap, party: Party, dir: Direction): boolean {
  const s = subjectOf(applied, party);
  if (!s.managed) return false;
  const rules = s.rules.map((ri) => applied.rules[ri]).filter((r): r is Rule => r !== undefined && gap.applied.rules.includes(r));
  if (gap.refused) return rules.some((r) => hasEntries(r, dir) || r.enableDefaultDeny[dir] === true);
  const d = gateDirection(gap.path);
  return (d === null || d === dir) && rules.some((r) => gap.path === r.path || gap.path.startsWith(`${r.path}.`));
}

function newer(a: string, b: string): boolean {
  const [x, y] = [parseVersion(a), parseVersion(b)];
  return x[0] > y[0] || (x[0] === y[0] && x[1] > y[1]);
}

export function versionGapNotes(
  model: EngineModel,
  q: Query,
  proto: PortProto,
  ends: { readonly src: Party; readonly dst: Party; readonly verdict: Decision['verdict'] },
  /** decide.ts's own, and side.ts formatRuleRef (passed in: side.ts loads this module's chunk). */
  decideOne: (m: EngineModel, q: Query, proto: PortProto) => Decision,
  formatRuleRef: (r: RuleRef) => string,
): string[] {
  const gaps = model.cluster.versionGaps ?? [];
  if (gaps.length === 0) return [];
  const version = parseVersion(model.settings.ciliumVersion).join('.');
  const notes: string[] = [];
  for (const gap of gaps) {
    // Gaps of another reading (a model compiled under another version than the policies were read with) say nothing here.
    if (gap.version !== version) continue;
    const applied = modelApplying(model, gap);
    if (!touches(applied, gap, ends.src, 'egress') && !touches(applied, gap, ends.dst, 'ingress')) continue;
    const would = decideOne(applied, q, proto).verdict;
    const range = newer(gap.appliesOn, gap.version) ? `from ${gap.appliesOn}` : `up to ${gap.appliesOn}`;
    const where = formatRuleRef({ ...gap.policy, path: gap.path });
    const head = gap.refused
      ? `${where}: Cilium ${gap.version} refuses this whole policy (${gap.what}; accepted ${range}), so none of its rules apply.`
      : `${where}: Cilium ${gap.version} ignores it (${gap.what}; read ${range}).`;
    notes.push(`${head} On Cilium ${gap.appliesOn} this connection would ${would === ends.verdict ? 'also ' : ''}be ${would.toUpperCase()}`);
  }
  return notes;
}
