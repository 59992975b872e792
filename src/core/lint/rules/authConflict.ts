/**
 * `auth-mode-conflict`: two allow items that apply to one endpoint in one direction, with the same
 * peer selector and the same L4 filter, but different `authentication.mode`s. Cilium merges both
 * into one per-selector policy of that L4 filter and fails, "cannot merge conflicting
 * authentication types" (pkg/policy/rule.go `mergePortProto`, line 248 at cilium/cilium
 * v1.20.0-pre.4 2efb257c8533 as vendored by cilium/cilium-cli 7ca7fc53c; the same check in every
 * release with mutual authentication): the endpoint's policy is not computed, its regeneration
 * fails and it keeps the policy it had. An item without `authentication` merges with either mode
 * (it takes the other's). The engine notes the conflict per query (engine/authConflict.ts); this
 * reports it at load.
 * @internal
 */
import type { Entry } from '../../model/policy.ts';
import { itemFilterKeys, selectorKeys, sharedSelector } from '../../engine/authConflict.ts';
import type { Finding } from '../types.ts';
import { listText, policyOf, policyText, type LintContext, type RuleAt } from '../context.ts';

interface Item {
  readonly at: RuleAt;
  readonly entry: Entry;
  readonly mode: string;
  readonly selectors: readonly { readonly path: string | null; readonly keys: readonly string[] }[];
  readonly filters: readonly string[];
}

function itemsOf(ctx: LintContext): Item[] {
  const out: Item[] = [];
  for (const at of ctx.rules)
    for (const entry of [...at.rule.ingress, ...at.rule.egress]) {
      if (entry.authMode === undefined || entry.peers.kind === 'none') continue;
      const selectors = entry.peers.kind === 'wildcard' ? [{ path: null, keys: selectorKeys(entry, null) }] : entry.peers.items.map((p) => ({ path: p.path, keys: selectorKeys(entry, p.path) }));
      out.push({ at, entry, mode: entry.authMode, selectors, filters: itemFilterKeys(entry) });
    }
  return out;
}

/** Identities both rules select; without an inventory, rules with the same subject selector stand for it. */
function sharedSubjects(ctx: LintContext, a: RuleAt, b: RuleAt): number[] | null {
  if (!ctx.hasInventory) return JSON.stringify(a.rule.subject) === JSON.stringify(b.rule.subject) ? [] : null;
  const bs = new Set(ctx.subjects(b.index));
  const both = ctx.subjects(a.index).filter((i) => bs.has(i));
  return both.length > 0 ? both : null;
}

export function authModeConflict(ctx: LintContext): Finding[] {
  const items = itemsOf(ctx);
  const out: Finding[] = [];
  for (let i = 0; i < items.length; i++)
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i] as Item;
      const b = items[j] as Item;
      if (a.mode === b.mode || a.entry.direction !== b.entry.direction) continue;
      const filter = a.filters.find((k) => b.filters.includes(k));
      if (filter === undefined) continue;
      let peer: { a: string | null; b: string | null } | null = null;
      for (const sa of a.selectors) {
        const sb = b.selectors.find((x) => sharedSelector(sa.keys, x.keys) !== undefined);
        if (sb) {
          peer = { a: sa.path, b: sb.path };
          break;
        }
      }
      if (peer === null) continue;
      const subjects = sharedSubjects(ctx, a.at, b.at);
      if (subjects === null) continue;
      const who = subjects.length > 0 ? listText(subjects.map((s) => ctx.display(s))) : 'the endpoints both select';
      const port = filter === '0/ANY' ? 'every port' : filter.replace('-/', '/');
      const itemText = (x: Item, path: string | null) => `${policyText(policyOf(x.at.rule))} ${x.entry.path} (${path ?? 'every peer'}, authentication.mode ${x.mode})`;
      out.push(
        ctx.finding(
          b.at,
          'auth-mode-conflict',
          'error',
          b.entry.path,
          `${itemText(a, peer.a)} and ${itemText(b, peer.b)} allow the same peer selector on ${port} ${b.entry.direction === 'ingress' ? 'into' : 'from'} ${who} with different authentication modes: Cilium cannot merge them ("cannot merge conflicting authentication types", pkg/policy/rule.go mergePortProto), so it cannot compute the ${b.entry.direction} policy of ${who}: its regeneration fails and it keeps the policy it had (a new endpoint has none). Give both items the same mode`,
          { fix: `set authentication.mode ${a.mode} on both items (or ${b.mode} on both)`, related: [policyOf(a.at.rule)] },
        ),
      );
    }
  return out;
}
