/**
 * A what-if's changed paths by the rule that causes them, for review ("this rule opens these 12
 * paths"): policy → rule → the paths it gives ports to and takes ports from.
 *
 * A rule causes a change when it decides one of the change's sample ports in either policy set
 * (src/core/diff: the allowing rules, the denying rules, or the rules that enabled default deny)
 * and it is not the same in both sets: added, removed, or changed (its entry, or its rule's
 * subject or default-deny setting, differs). Rules the draft left as they were decide the sample
 * too, but do not cause the change: removing an `egressDeny` opens the port, not the `egress`
 * rule that allowed it all along. A path a changed rule of no sample explains goes to an
 * `unattributed` group (never dropped). A path can be caused by several rules (each lists it).
 * @public
 */
import type { Change } from '../diff/types.ts';
import type { RuleRef } from '../engine/types.ts';
import type { Cluster } from '../model/cluster.ts';
import type { Policy } from '../model/policy.ts';
import { policyLabel } from '../model/policyLabel.ts';
import type { TierPolicy } from '../model/tiers.ts';

export interface RuleChanges {
  /** `CCNP tenant-egress-baseline`; empty for the unattributed group. */
  readonly policy: string;
  /** `spec.egressDeny[0]`, or the rule (`spec`, `specs[1]`) whose selection enables default deny; empty for a whole tier policy and the unattributed group. */
  readonly rule: string;
  readonly state: 'added' | 'removed' | 'changed' | 'unattributed';
  /** Indices into the outcome's `changes` of the paths this rule opens ports on, ascending. */
  readonly opens: readonly number[];
  /** …and closes ports on. */
  readonly closes: readonly number[];
}

const json = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));

/** Signature of every rule and entry of a policy, by `RuleRef.path`. */
function signatures(p: Policy): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of p.rules) {
    const head = json({ subject: r.subject, enableDefaultDeny: r.enableDefaultDeny });
    const sections = (['ingress', 'ingressDeny', 'egress', 'egressDeny'] as const).map((s) => r[s].length > 0);
    out.set(r.path, json([head, sections]));
    for (const e of [...r.ingress, ...r.ingressDeny, ...r.egress, ...r.egressDeny]) out.set(e.path, json([head, e]));
  }
  return out;
}

const refKey = (r: { readonly kind: string; readonly namespace: string | null; readonly name: string }): string => `${r.kind}/${r.namespace ?? ''}/${r.name}`;

/** How each rule of the policies the draft touched differs: by `policyKey|path`; whole tier policies by `policyKey|`. */
export function changedRules(before: Cluster, after: Cluster): Map<string, RuleChanges['state']> {
  const out = new Map<string, RuleChanges['state']>();
  const policies = (c: Cluster) => new Map(c.policies.map((p) => [refKey(p.ref), p]));
  const [b, a] = [policies(before), policies(after)];
  for (const key of new Set([...b.keys(), ...a.keys()])) {
    const [pb, pa] = [b.get(key), a.get(key)];
    if (pb === pa) continue;
    const [sb, sa] = [pb ? signatures(pb) : new Map<string, string>(), pa ? signatures(pa) : new Map<string, string>()];
    for (const path of new Set([...sb.keys(), ...sa.keys()])) {
      const [x, y] = [sb.get(path), sa.get(path)];
      if (x === y) continue;
      out.set(`${key}|${path}`, x === undefined ? 'added' : y === undefined ? 'removed' : 'changed');
    }
  }
  const tiers = (c: Cluster) => new Map((c.tierPolicies ?? []).map((t) => [refKey({ kind: t.kind, namespace: null, name: t.name }), t]));
  const [tb, ta] = [tiers(before), tiers(after)];
  for (const key of new Set([...tb.keys(), ...ta.keys()])) {
    const [x, y]: (TierPolicy | undefined)[] = [tb.get(key), ta.get(key)];
    if (x === y) continue;
    const same = x !== undefined && y !== undefined && json({ ...x, source: null, manifest: null }) === json({ ...y, source: null, manifest: null });
    if (!same) out.set(`${key}|`, x === undefined ? 'added' : y === undefined ? 'removed' : 'changed');
  }
  return out;
}

const TIER_KINDS = new Set(['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy']);

/** The changes by rule, policies and rules in name order, the unattributed group last. */
export function changesByRule(changes: readonly Change[], changed: ReadonlyMap<string, RuleChanges['state']>): RuleChanges[] {
  const groups = new Map<string, { policy: string; rule: string; state: RuleChanges['state']; opens: number[]; closes: number[] }>();
  const group = (key: string, policy: string, rule: string, state: RuleChanges['state']) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { policy, rule, state, opens: [], closes: [] }));
    return g;
  };
  // The engine hands out the same RuleRef objects for every pair a rule decides: each is looked up once.
  const causes = new Map<RuleRef, { key: string; rule: string; state: RuleChanges['state']; policy: string } | null>();
  const causeOf = (r: RuleRef): { key: string; rule: string; state: RuleChanges['state']; policy: string } | null => {
    let hit = causes.get(r);
    if (hit === undefined) causes.set(r, (hit = lookUp(r)));
    return hit;
  };
  const lookUp = (r: RuleRef): { key: string; rule: string; state: RuleChanges['state']; policy: string } | null => {
    const k = refKey(r);
    const own = changed.get(`${k}|${r.path}`);
    if (own) return { key: `${k}|${r.path}`, rule: r.path, state: own, policy: policyLabel(r) };
    const tier = TIER_KINDS.has(r.kind) ? changed.get(`${k}|`) : undefined;
    return tier ? { key: `${k}|`, rule: '', state: tier, policy: policyLabel(r) } : null;
  };
  if (changed.size === 0 && changes.length > 0) return [{ policy: '', rule: '', state: 'unattributed', opens: changes.flatMap((c, i) => (c.kind !== 'newly-denied' ? [i] : [])), closes: changes.flatMap((c, i) => (c.kind !== 'newly-allowed' ? [i] : [])) }];
  changes.forEach((c, i) => {
    let placed = false;
    for (const opened of [true, false]) {
      const found = new Set<string>();
      for (const s of c.samples) {
        if (s.opened !== opened) continue;
        for (const side of [s.before.egress, s.before.ingress, s.after.egress, s.after.ingress])
          for (const r of side.rules) {
            const cause = causeOf(r);
            if (!cause || found.has(cause.key)) continue;
            found.add(cause.key);
            const g = group(cause.key, cause.policy, cause.rule, cause.state);
            (opened ? g.opens : g.closes).push(i);
            placed = true;
          }
      }
    }
    if (!placed) {
      const g = group('', '', '', 'unattributed');
      if (c.kind !== 'newly-denied') g.opens.push(i);
      if (c.kind !== 'newly-allowed') g.closes.push(i);
    }
  });
  const order = (x: { policy: string; rule: string }, y: { policy: string; rule: string }): number =>
    (x.policy === '') !== (y.policy === '') ? (x.policy === '' ? 1 : -1) : x.policy.localeCompare(y.policy) || x.rule.localeCompare(y.rule, 'en', { numeric: true });
  return [...groups.values()].sort(order);
}
