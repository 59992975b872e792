/**
 * `selects-no-endpoint` and `peer-selects-nothing`: selectors that match no endpoint of the
 * loaded inventory. Cilium accepts them; they simply do nothing today (and start doing something
 * the day a matching pod appears). Only reported when an inventory was loaded.
 * @internal
 */
import type { Selector } from '../../model/selector.ts';
import { formatSelector, selectorMatches } from '../../model/selector.ts';
import { podIdentityLabels } from '../../identity/podIdentity.ts';
import { NAMESPACE_KEY } from '../../cilium/scoping.ts';
import type { Finding } from '../types.ts';
import type { LintContext } from '../context.ts';

const usesReserved = (s: Selector): boolean => s.requirements.some((r) => r.source === 'reserved');

/** Namespaces a selector pins (`io.kubernetes.pod.namespace In (…)`), or null. */
function pinnedNamespaces(s: Selector): readonly string[] | null {
  const r = s.requirements.find((x) => x.key === NAMESPACE_KEY && x.operator === 'In');
  return r ? r.values : null;
}

function missingNamespaces(ctx: LintContext, podNamespaces: () => ReadonlySet<string>, s: Selector): string[] {
  const ns = pinnedNamespaces(s);
  if (ns === null) return [];
  const known = (n: string) => ctx.cluster.namespaces.has(n) || podNamespaces().has(n);
  return ns.every((n) => !known(n)) ? [...ns] : [];
}

export function selectsNothing(ctx: LintContext): Finding[] {
  if (!ctx.hasInventory) return [];
  const out: Finding[] = [];
  let podNs: ReadonlySet<string> | null = null;
  const podNamespaces = () => (podNs ??= new Set(ctx.cluster.pods.map((p) => p.namespace)));
  for (const at of ctx.rules) {
    const { rule } = at;
    if (rule.subject.kind !== 'endpoints' || usesReserved(rule.subject.selector)) continue;
    if (ctx.subjects(at.index).length > 0) continue;
    const missing = missingNamespaces(ctx, podNamespaces, rule.subject.selector);
    const written = formatSelector(rule.subject.scoping?.written ?? rule.subject.selector);
    const hostPods = hostNetworkMatches(ctx, rule.subject.selector);
    out.push(
      hostPods.length > 0
        ? ctx.finding(at, 'selects-no-endpoint', 'warning', rule.path,
            `the subject selector (${written}) matches only hostNetwork pods (${hostPods.slice(0, 3).join(', ')}${hostPods.length > 3 ? `, ${hostPods.length - 3} more` : ''}): they run in the node's network namespace with the host identity, so pod policy does not apply to them and this rule enforces nothing. To control their traffic, use a CiliumClusterwideNetworkPolicy with a nodeSelector (host firewall), or select them as the host/remote-node entities in other policies`)
        : missing.length > 0
        ? ctx.finding(at, 'selects-no-endpoint', 'info', rule.path,
            `this rule selects pods of namespace ${missing.join(', ')}, which is not in the loaded inventory: nothing can be said about what it enforces (load that namespace's pods to check)`)
        : ctx.finding(at, 'selects-no-endpoint', 'warning', rule.path,
            `the subject selector (${written}) matches no pod of the loaded inventory: Cilium enforces nothing from this rule today, and it will silently start applying to any future pod with these labels. Check the labels against the pods' (typos, labels dropped from identities such as pod-template-hash) or delete the policy`),
    );
  }
  for (const at of ctx.rules) {
    for (const e of [...at.rule.ingress, ...at.rule.ingressDeny, ...at.rule.egress, ...at.rule.egressDeny]) {
      if (e.peers.kind !== 'list') continue;
      for (const p of e.peers.items) {
        if (p.kind !== 'endpoints' || usesReserved(p.selector)) continue;
        if (ctx.selectsSomeIdentity(p.selector)) continue;
        const missing = missingNamespaces(ctx, podNamespaces, p.selector);
        const what = e.action === 'deny' ? 'denies nothing' : 'allows nothing';
        const written = formatSelector(p.scoping?.written ?? p.selector);
        const added = p.scoping && p.scoping.added.length > 0 ? ` (Cilium scoped it to: ${formatSelector(p.selector)})` : '';
        out.push(
          missing.length > 0
            ? ctx.finding(at, 'peer-selects-nothing', 'info', p.path,
                `this peer selector names namespace ${missing.join(', ')}, which is not in the loaded inventory: load its pods to check what it selects`)
            : ctx.finding(at, 'peer-selects-nothing', 'warning', p.path,
                `the peer selector ${written}${added} matches no pod of the loaded inventory, so this peer ${what} today. Check the labels and the namespace (a selector without a namespace key in a CiliumNetworkPolicy only matches pods of the policy's own namespace)`),
        );
      }
    }
  }
  return out;
}

/** `ns/workload` of the hostNetwork workloads whose pod labels the selector matches (they have no endpoint of their own). */
function hostNetworkMatches(ctx: LintContext, selector: Selector): string[] {
  const out: string[] = [];
  for (const w of ctx.cluster.workloads) {
    if (!w.hostNetwork) continue;
    const labels = podIdentityLabels({
      namespace: w.namespace,
      podLabels: w.podLabels,
      namespaceLabels: ctx.cluster.namespaces.get(w.namespace)?.labels ?? {},
      serviceAccount: w.serviceAccount,
      clusterName: ctx.cluster.name,
    });
    if (selectorMatches(selector, labels)) out.push(`${w.namespace}/${w.name}`);
  }
  return out;
}
