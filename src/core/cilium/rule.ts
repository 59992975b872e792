import type { PathSegment } from '../load/parseTypes.ts';
import type { Action, Direction, Entry, PolicyRef, Rule } from '../model/policy.ts';
import type { Selector } from '../model/selector.ts';
import { parseLabelSelector, selectorHasKey } from '../k8s/LabelSelector.ts';
import { isIdentityLabel } from '../identity/labelFilter.ts';
import { type Collector, describe, field, isRecord, listField, objectField, pruneUnknown, stringField, versionAtLeast } from './collect.ts';
import { parseEntry } from './entry.ts';
import { NAMESPACE_KEY, type ScopeContext, scopeSubject } from './scoping.ts';

/**
 * One Cilium `Rule` (`spec` or `specs[i]`) → internal `Rule`, validated like `Rule.Sanitize()`
 * and scoped like `ParseToCiliumRule` (reference A.2, B.2, B.3).
 * @internal
 */
const RULE_FIELDS = [
  'endpointSelector', 'nodeSelector', 'ingress', 'ingressDeny', 'egress', 'egressDeny',
  'enableDefaultDeny', 'labels', 'description', 'log',
];

const SECTIONS: readonly { key: 'ingress' | 'ingressDeny' | 'egress' | 'egressDeny'; direction: Direction; action: Action }[] = [
  { key: 'ingress', direction: 'ingress', action: 'allow' },
  { key: 'ingressDeny', direction: 'ingress', action: 'deny' },
  { key: 'egress', direction: 'egress', action: 'allow' },
  { key: 'egressDeny', direction: 'egress', action: 'deny' },
];

export function parseRule(c: Collector, raw: unknown, rp: readonly PathSegment[], policy: PolicyRef, scope: ScopeContext): Rule | null {
  if (!isRecord(raw)) {
    c.reject(rp, 'invalid-type', `a rule must be an object, got ${describe(raw)}`);
    return null;
  }
  pruneUnknown(c, raw, rp, RULE_FIELDS, (k) =>
    /^(ingress|egress)/i.test(k) ? 'its items are not part of the policy' : 'it has no effect',
  );
  const subject = parseSubject(c, raw, rp, scope);
  const hostPolicy = subject?.kind === 'nodes';
  const subjectMatchesInit = subject !== null && selectorHasKey(subject.written, ['reserved'], 'init');

  const entries: Record<(typeof SECTIONS)[number]['key'], Entry[]> = { ingress: [], ingressDeny: [], egress: [], egressDeny: [] };
  let items = 0;
  for (const s of SECTIONS) {
    const list = listField(c, raw, s.key, rp);
    if (!list) continue;
    items += list.length;
    list.forEach((item, i) => {
      const e = parseEntry(c, item, [...rp, s.key, i], s.direction, s.action, {
        ...scope,
        direction: s.direction,
        deny: s.action === 'deny',
        subjectMatchesInit,
        hostPolicy,
      });
      if (e) entries[s.key].push(e);
    });
  }
  if (items === 0) {
    const empties = SECTIONS.filter((s) => Array.isArray(raw[s.key]) || raw[s.key] === null).map((s) =>
      raw[s.key] === null ? `${s.key}: (null)` : `${s.key}: []`,
    );
    const what = `the rule has no ingress, ingressDeny, egress or egressDeny item${empties.length ? ` (${empties.join(', ')} does not count: empty or null lists are ignored; write [{}] to deny everything)` : ''}, so it enforces nothing`;
    // The agent refuses such a rule (and so the whole object) from 1.18 (pkg/policy/api/
    // rule_validation.go Rule.Sanitize "rule must have at least one of Ingress, IngressDeny,
    // Egress, EgressDeny"; absent at v1.17.0-pre.3, present at v1.18.0-pre.3).
    if (versionAtLeast(scope.version, 1, 18)) {
      c.versionGate(rp, 'a rule with no ingress or egress item', '1.17');
      c.reject(rp, 'empty-rule', what);
    }
    else c.warn(rp, 'empty-rule', `${what}; Cilium ${scope.version.join('.')} accepts it (the policy's other rules apply), from 1.18 the agent refuses the whole policy`);
  }

  // Sections written as `[]` or null on a rule that still loads (it has items elsewhere): they do
  // not enable that direction, a trap lint reports (reference A.2, C9).
  const emptySections = SECTIONS.filter((s) => raw[s.key] === null || (Array.isArray(raw[s.key]) && (raw[s.key] as unknown[]).length === 0)).map(
    (s) => s.key,
  );
  const enableDefaultDeny = parseDefaultDeny(c, raw, rp);
  // enableDefaultDeny came with 1.16 (side.ts enablesDefaultDeny): an older agent puts the pods
  // into default deny for each direction the rule has items in, `false` or not (`true`, or a
  // direction without items, changes nothing on any release).
  if (!versionAtLeast(scope.version, 1, 16))
    for (const dir of ['ingress', 'egress'] as const)
      if (enableDefaultDeny[dir] === false && entries[dir].length + entries[`${dir}Deny`].length > 0)
        c.versionGate([...rp, 'enableDefaultDeny', dir], `enableDefaultDeny.${dir}: false, so its pods are in default deny for ${dir}`, '1.16');
  const description = stringField(c, raw, 'description', rp) ?? undefined;
  parseLog(c, raw, rp);
  const labels = field(raw, 'labels');
  if (labels !== undefined && !Array.isArray(labels)) c.reject([...rp, 'labels'], 'invalid-type', `"labels" must be a list, got ${describe(labels)}`);
  if (!subject) return null;
  return {
    policy,
    path: c.pathText(rp),
    subject: { kind: subject.kind, selector: subject.selector, ...(subject.scoping ? { scoping: subject.scoping } : {}) },
    ingress: entries.ingress,
    ingressDeny: entries.ingressDeny,
    egress: entries.egress,
    egressDeny: entries.egressDeny,
    enableDefaultDeny,
    ...(description !== undefined ? { description } : {}),
    ...(emptySections.length > 0 ? { emptySections } : {}),
  };
}

type ParsedSubject = { kind: 'endpoints' | 'nodes'; written: Selector } & ReturnType<typeof scopeSubject>;

function parseSubject(c: Collector, raw: Record<string, unknown>, rp: readonly PathSegment[], scope: ScopeContext): ParsedSubject | null {
  const es = field(raw, 'endpointSelector');
  const ns = field(raw, 'nodeSelector');
  if (es === undefined && ns === undefined) {
    c.reject(rp, 'no-subject', 'the rule must have one of endpointSelector or nodeSelector (write endpointSelector: {} for every pod)');
    return null;
  }
  if (es !== undefined && ns !== undefined) {
    c.reject([...rp, 'nodeSelector'], 'two-subjects', 'the rule cannot have both endpointSelector and nodeSelector');
    return null;
  }
  if (ns !== undefined && scope.namespace !== null) {
    c.reject([...rp, 'nodeSelector'], 'node-selector-in-cnp', 'a CiliumNetworkPolicy rule cannot have nodeSelector (host policies need a CiliumClusterwideNetworkPolicy)');
    return null;
  }
  const key = es !== undefined ? 'endpointSelector' : 'nodeSelector';
  const parsed = parseLabelSelector(es ?? ns, [...rp, key], { mode: 'cilium', version: scope.version });
  c.selectorIssues(parsed.issues);
  if (!parsed.selector) return null;
  if (key === 'nodeSelector') {
    parsed.selector.requirements.forEach((r) => {
      if ((r.source === 'k8s' || r.source === 'any') && !isIdentityLabel(r.key))
        c.warn(
          [...rp, 'nodeSelector'],
          'node-label-not-in-identity',
          `node label "${r.key}" is not part of the host endpoint's identity: Cilium passes node labels through its default identity label filter (pkg/endpoint InitWithNodeLabels), which drops it, so this condition ${r.operator === 'In' || r.operator === 'Exists' ? 'never matches and the rule selects no node' : 'holds for every node'}; select nodes by a label of your own`,
        );
    });
    return { kind: 'nodes', written: parsed.selector, selector: parsed.selector, overridden: [] };
  }
  const ml = isRecord(es) && isRecord(es['matchLabels']) ? Object.keys(es['matchLabels']) : [];
  const idx = ml.indexOf(`k8s:${NAMESPACE_KEY}`);
  const scoped = scopeSubject(parsed.selector, scope, idx >= 0 ? idx : null);
  if (scoped.overridden.length > 0) {
    c.warn(
      [...rp, 'endpointSelector'],
      'subject-namespace-overridden',
      `the endpointSelector asks for namespace ${scoped.overridden.join(', ')}, but a CiliumNetworkPolicy only selects pods of its own namespace ${scope.namespace ?? ''}: Cilium replaces a k8s: namespace match label (and any other namespace condition makes the rule select nothing)`,
    );
  }
  return { kind: 'endpoints', written: parsed.selector, ...scoped };
}

function parseDefaultDeny(c: Collector, raw: Record<string, unknown>, rp: readonly PathSegment[]): Rule['enableDefaultDeny'] {
  const edd = objectField(c, raw, 'enableDefaultDeny', rp);
  if (!edd) return { ingress: null, egress: null };
  const p = [...rp, 'enableDefaultDeny'];
  pruneUnknown(c, edd, p, ['ingress', 'egress'], () => 'only ingress and egress are read');
  const read = (k: 'ingress' | 'egress'): boolean | null => {
    const v = field(edd, k);
    if (v === undefined) return null;
    if (typeof v !== 'boolean') {
      c.reject([...p, k], 'invalid-type', `enableDefaultDeny.${k} must be true or false, got ${describe(v)}`);
      return null;
    }
    return v;
  };
  const out = { ingress: read('ingress'), egress: read('egress') };
  for (const k of ['ingress', 'egress'] as const) {
    const has = [k, `${k}Deny`].some((s) => Array.isArray(raw[s]) && (raw[s] as unknown[]).length > 0);
    if (out[k] !== null && !has) {
      c.info([...p, k], 'default-deny-no-effect', `enableDefaultDeny.${k} has no effect: this rule has no ${k} items, so it takes no part in ${k} decisions`);
    }
  }
  return out;
}

function parseLog(c: Collector, raw: Record<string, unknown>, rp: readonly PathSegment[]): void {
  const log = objectField(c, raw, 'log', rp);
  if (!log) return;
  pruneUnknown(c, log, [...rp, 'log'], ['value'], () => 'only "value" is read');
  const v = field(log, 'value');
  if (v !== undefined && (typeof v !== 'string' || v.length > 32)) {
    c.reject([...rp, 'log', 'value'], 'invalid-log', 'log.value must be a string of at most 32 printable characters');
  }
}
