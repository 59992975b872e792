/**
 * Allow items whose L7 rules Cilium cannot merge: two L7 parsers (HTTP, DNS, Kafka, a generic
 * `l7proto`) on the same port and protocol of one endpoint and direction, "cannot merge
 * conflicting L7 parsers" (pkg/policy/l4.go `L7ParserType.Merge`; pkg/policy/l4_filter_test.go
 * cases 5 and 9 expect resolvePolicy to fail), so the endpoint's policy is not computed: its
 * regeneration fails and it keeps the policy it had (as for authentication modes, authConflict.ts).
 * - Up to 1.17 the parser belongs to the L4 filter (pkg/policy/rule.go `mergePortProto`:
 *   `existingFilter.L7Parser.Merge(filterToMerge.L7Parser)`, read at cilium/cilium
 *   v1.17.0-pre.3 bbf73fb4b71e as vendored by cilium/cilium-cli 1432ef0e4): any two items on the
 *   port conflict, whatever their peers.
 * - From 1.18 it belongs to the per-selector policy (`PerSelectorPolicy.mergeRedirect`, read at
 *   v1.18.0-pre.1 20f0e004901d and v1.20.0-pre.4 2efb257c8533 as vendored by cilium/cilium-cli):
 *   only items sharing a peer selector conflict (case 9b is valid).
 * A plain allow (no L7) merges with any parser. TLS-only and listener items are not modelled.
 * @internal
 */
import { selectorKeys } from './authConflict.ts';
import type { EngineModel } from './compile.ts';
import type { RuleRef } from './types.ts';

/**
 * The parser conflicts among the allow items of the rules selecting one endpoint (both
 * directions: either stops the whole endpoint's policy), as notes naming `subject`. Cached per
 * rule list (a model's lists are its own, so its Cilium version goes with them).
 */
export function l7ConflictNotes(model: EngineModel, ruleIdx: readonly number[], subject: string, formatRuleRef: (r: RuleRef) => string): string[] {
  let found = cache.get(ruleIdx);
  if (found === undefined) cache.set(ruleIdx, (found = parserConflicts(model, ruleIdx, formatRuleRef)));
  return found.map((c) => `${c}: Cilium cannot merge them ("cannot merge conflicting L7 parsers"), so it cannot compute the policy of ${subject}: its regeneration fails and it keeps the policy it had`);
}

const cache = new WeakMap<readonly number[], string[]>();

function parserConflicts(model: EngineModel, ruleIdx: readonly number[], formatRuleRef: (r: RuleRef) => string): string[] {
  const [maj, min] = model.settings.ciliumVersion.split('.').map(Number);
  // Per selector from 1.18, per L4 filter before.
  const split = (maj ?? 1) > 1 || (min ?? 19) >= 18;
  const bySlot = new Map<string, { readonly ref: RuleRef; readonly parser: string }>();
  const out = new Set<string>();
  for (const i of ruleIdx) {
    const rule = model.rules[i];
    for (const entry of rule ? [...rule.ingress, ...rule.egress] : []) {
      if (entry.peers.kind === 'none' || !rule) continue;
      // `[{}]` and an item without peers are the same wildcard selector.
      const keys = entry.peers.kind === 'list' ? entry.peers.items.flatMap((p) => selectorKeys(entry, p.path)) : selectorKeys(entry, null);
      const ref: RuleRef = { kind: rule.policy.kind, namespace: rule.policy.namespace, name: rule.policy.name, path: entry.path };
      for (const pr of entry.ports)
        for (const pp of pr.l7 ? pr.ports : [])
          for (const proto of pp.protocol === 'ANY' ? ['TCP', 'UDP', 'SCTP'] : [pp.protocol])
            for (const sel of split ? keys.map((k) => (k === 'endpoints:[]' ? 'wildcard' : k)) : ['']) {
              const where = `${entry.direction} ${String(pp.port)}${pp.endPort !== null ? `-${pp.endPort}` : ''}/${proto}`;
              const use = { ref, parser: pr.l7?.kind === 'generic' ? pr.l7.l7proto : String(pr.l7?.kind) };
              const other = bySlot.get(`${where}|${sel}`);
              if (other === undefined) bySlot.set(`${where}|${sel}`, use);
              else if (other.parser !== use.parser)
                out.add(
                  `${formatRuleRef(other.ref)} (${other.parser}) and ${formatRuleRef(ref)} (${use.parser}) put two L7 parsers on ${where}${split ? ' with the same peer selector' : ` (Cilium ${model.settings.ciliumVersion} has one parser per port; from 1.18 one per peer selector)`}`,
                );
            }
    }
  }
  return [...out];
}
