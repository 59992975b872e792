/**
 * Allow items whose L7 rules Cilium cannot merge: two L7 parsers (HTTP, DNS, Kafka, a generic
 * `l7proto`) on the same port and protocol of one endpoint and direction, "cannot merge
 * conflicting L7 parsers" (pkg/policy/l4.go `L7ParserType.Merge`; pkg/policy/l4_filter_test.go
 * cases 5 and 9 expect resolvePolicy to fail), so the endpoint's policy is not computed: its
 * regeneration fails and it keeps the policy it had (notComputedText; as for authentication modes, authConflict.ts).
 * - Up to 1.17 the parser belongs to the L4 filter (pkg/policy/rule.go `mergePortProto`:
 *   `existingFilter.L7Parser.Merge(filterToMerge.L7Parser)`, read at cilium/cilium
 *   v1.17.0-pre.3 bbf73fb4b71e as vendored by cilium/cilium-cli 1432ef0e4): any two items on the
 *   port conflict, whatever their peers.
 * - From 1.18 it belongs to the per-selector policy (`PerSelectorPolicy.mergeRedirect`, read at
 *   v1.18.0-pre.1 20f0e004901d and v1.20.0-pre.4 2efb257c8533 as vendored by cilium/cilium-cli):
 *   only items sharing a peer selector conflict (case 9b is valid).
 * A plain allow (no L7) merges with any parser. TLS-only and listener items are not modelled.
 * The one place that finds the conflicting pairs: the engine notes them per query (side.ts),
 * lint reports them at load (lint/rules/l7ParserConflict.ts, `l7-parser-conflict`).
 * @internal
 */
import { authModeConflicts, selectorKeys } from './authConflict.ts';
import type { EngineModel } from './compile.ts';
import type { Direction } from '../model/policy.ts';
import type { RuleRef } from './types.ts';
import { parserSlots } from './mayConflict.ts';

export { mayHaveL7ParserConflict, mayNotCompute, notComputedText } from './mayConflict.ts';

/** One allow item's L7 parser on a port. */
export interface L7ParserUse {
  /** Index of the item's rule in `model.rules`. */
  readonly rule: number;
  readonly ref: RuleRef;
  /** `http`, `dns`, `kafka` or a generic `l7proto`. */
  readonly parser: string;
}

/** Two allow items of one endpoint's rules that Cilium cannot merge (`first` comes first in the rule list). */
export interface L7ParserConflict {
  readonly first: L7ParserUse;
  readonly second: L7ParserUse;
  readonly direction: Direction;
  /** `80/TCP`, `8000-8080/TCP`, `http/TCP` (a named port). */
  readonly port: string;
  /**
   * From 1.18: the parser is per peer selector, and the two items share one. Up to 1.17 (false):
   * per L4 filter, whatever the peers.
   */
  readonly perSelector: boolean;
  /** The model's Cilium release (major.minor). */
  readonly version: string;
}

/** Whether `version` (major.minor) merges L7 parsers per peer selector (1.18 on) rather than per L4 filter. */
export function parserPerSelector(version: string): boolean {
  const [maj, min] = version.split('.').map(Number);
  return (maj ?? 1) > 1 || (min ?? 19) >= 18;
}

/**
 * The parser conflicts among the allow items of the rules selecting one endpoint (`ruleIdx`, both
 * directions: either stops the whole endpoint's policy), each pair of items once per port.
 * Cached per rule list (a model's lists are its own, so its Cilium version goes with them).
 */
export function l7ParserConflicts(model: EngineModel, ruleIdx: readonly number[]): readonly L7ParserConflict[] {
  let found = cache.get(ruleIdx);
  if (found === undefined) cache.set(ruleIdx, (found = parserConflicts(model, ruleIdx)));
  return found;
}

/**
 * The one test of whether Cilium can compute the policy of an endpoint selected by these rules:
 * no L7 parser conflict and no authentication-mode conflict (authConflict.ts authModeConflicts:
 * mergePortProto's "cannot merge conflicting authentication types" fails the computation the
 * same way). Used by evaluateSide (side.ts) and the matrix (connectivity.ts).
 */
export function policyNotComputed(model: EngineModel, ruleIdx: readonly number[]): boolean {
  return l7ParserConflicts(model, ruleIdx).length > 0 || authModeConflicts(model, ruleIdx).length > 0;
}

/** The conflicts that keep the policy of an endpoint selected by these rules from being computed, as notes naming `subject`. */
export function notComputedNotes(model: EngineModel, ruleIdx: readonly number[], subject: string, formatRuleRef: (r: RuleRef) => string): string[] {
  return [
    ...l7ConflictNotes(model, ruleIdx, subject, formatRuleRef),
    ...authModeConflicts(model, ruleIdx).map(
      (c) =>
        `${formatRuleRef(c.first)} (authentication.mode ${c.modes[0]}) and ${formatRuleRef(c.second)} (mode ${c.modes[1]}) allow the same peer selector on ${c.direction} ${c.filter === '0/ANY' ? 'every port' : c.filter.replace('-/', '/')}: Cilium cannot merge them ("cannot merge conflicting authentication types", pkg/policy/rule.go mergePortProto), so it cannot compute the policy of ${subject}`,
    ),
  ];
}

/** The conflicts of l7ParserConflicts as notes naming `subject`. */
export function l7ConflictNotes(model: EngineModel, ruleIdx: readonly number[], subject: string, formatRuleRef: (r: RuleRef) => string): string[] {
  return l7ParserConflicts(model, ruleIdx).map(
    (c) =>
      `${formatRuleRef(c.first.ref)} (${c.first.parser}) and ${formatRuleRef(c.second.ref)} (${c.second.parser}) put two L7 parsers on ${c.direction} ${c.port}${c.perSelector ? ' with the same peer selector (Cilium 1.18 and later: one parser per peer selector; before 1.18, one per port)' : ` (Cilium ${c.version} has one parser per port; from 1.18 one per peer selector)`}: Cilium cannot merge them ("cannot merge conflicting L7 parsers"), so it cannot compute the policy of ${subject}`,
  );
}

const cache = new WeakMap<readonly number[], readonly L7ParserConflict[]>();

function parserConflicts(model: EngineModel, ruleIdx: readonly number[]): L7ParserConflict[] {
  const version = model.settings.ciliumVersion;
  // Per selector from 1.18, per L4 filter before.
  const split = parserPerSelector(version);
  // Per slot (direction, port, selector): the first item of each parser there.
  const bySlot = new Map<string, Map<string, L7ParserUse>>();
  const out: L7ParserConflict[] = [];
  const pairs = new Set<string>();
  for (const i of ruleIdx) {
    const rule = model.rules[i];
    for (const entry of rule ? [...rule.ingress, ...rule.egress] : []) {
      if (entry.peers.kind === 'none' || !rule) continue;
      const slots = parserSlots(entry);
      if (slots.length === 0) continue;
      // `[{}]` and an item without peers are the same wildcard selector.
      const keys = entry.peers.kind === 'list' ? entry.peers.items.flatMap((p) => selectorKeys(entry, p.path)) : selectorKeys(entry, null);
      const ref: RuleRef = { kind: rule.policy.kind, namespace: rule.policy.namespace, name: rule.policy.name, path: entry.path };
      for (const { port, parser } of slots)
        for (const sel of split ? keys.map((k) => (k === 'endpoints:[]' ? 'wildcard' : k)) : ['']) {
          const slot = `${entry.direction} ${port}|${sel}`;
          const use: L7ParserUse = { rule: i, ref, parser };
          let uses = bySlot.get(slot);
          if (uses === undefined) bySlot.set(slot, (uses = new Map()));
          for (const other of uses.values()) {
            if (other.parser === parser) continue;
            const pair = `${other.rule}|${other.ref.path}|${other.parser}|${i}|${entry.path}|${parser}|${entry.direction} ${port}`;
            if (pairs.has(pair)) continue;
            pairs.add(pair);
            out.push({ first: other, second: use, direction: entry.direction, port, perSelector: split, version });
          }
          if (!uses.has(parser)) uses.set(parser, use);
        }
    }
  }
  return out;
}
