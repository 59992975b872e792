/**
 * One side of a decision: the egress policy of the source or the ingress policy of the
 * destination, following the reference algorithm B.6 (deny > allow-localhost > allows >
 * default deny), with the rules that decided it and the ones that nearly did.
 * @internal
 */
import type { ContainerPort } from '../model/cluster.ts';
import { isL3Only, type Direction, type Entry, type Rule } from '../model/policy.ts';
import { formatSelector } from '../model/selector.ts';
import type { EngineModel } from './compile.ts';
import { clusterNamedPorts, egressNamesClusterWide, entryL4Matches, icmpTypeWildcard, namedPortsFor, type FlowL4 } from './l4Match.ts';
import { evaluateL7, type CoveringAllow, type L7Result } from './l7.ts';
import type { Party } from './party.ts';
import { entryPeersMatch, FAMILY_TEXT, podsEnv, runsFamily, type MatchEnv } from './peerMatch.ts';
import { requirementsOf, withRequires } from './requires.ts';
import { baselineFor, tierRuleRef, tierRulesFor, type TieredRule } from './tiers.ts';
import { tierWords } from './tierWordsCode.ts';
import type { AuthOutcome } from './authLayering.ts';
import { conflictCode } from './conflictCode.ts';
import { modelMayNotCompute } from './mayConflict.ts';
import { defaultAllowDns, dnsRulesFor, dnsRulesOffResolver, rulesInDirection, subjectOf } from './subjects.ts';
import type { L7Request, MatchedEntry, NearMiss, RuleRef, SideDecision } from './types.ts';

export interface SideInput {
  readonly dir: Direction;
  /** The endpoint whose policy is evaluated (source for egress, destination for ingress). */
  readonly subject: Party;
  readonly peer: Party;
  readonly flow: FlowL4;
  /** Container ports of the destination (named ports). */
  readonly dstPorts: readonly ContainerPort[];
  readonly request?: L7Request;
}

export interface SideResult {
  readonly side: SideDecision;
  readonly l7: L7Result | null;
  readonly notes: readonly string[];
}

export function ruleRef(rule: Rule, path: string): RuleRef {
  return { kind: rule.policy.kind, namespace: rule.policy.namespace, name: rule.policy.name, path };
}

export function formatRuleRef(r: RuleRef): string {
  const short = r.kind === 'CiliumNetworkPolicy' ? 'CNP' : r.kind === 'CiliumClusterwideNetworkPolicy' ? 'CCNP' : r.kind;
  return `${short} ${r.namespace !== null ? `${r.namespace}/` : ''}${r.name} ${r.path}`;
}

export function enablesDefaultDeny(model: EngineModel, rule: Rule, dir: Direction): boolean {
  const [maj, min] = model.settings.ciliumVersion.split('.').map(Number);
  // enableDefaultDeny exists from 1.16; older agents ignore it.
  if ((maj ?? 1) === 1 && (min ?? 19) < 16) return true;
  return rule.enableDefaultDeny[dir] !== false;
}

function side(dir: Direction, verdict: 'allowed' | 'denied', reason: SideDecision['reason'], attribution: string, text: string, extra: Partial<SideDecision> = {}): SideDecision {
  return { direction: dir, verdict, reason, rules: [], matched: [], defaultDenyFrom: [], nearMisses: [], l7: 'none', l7Rules: [], attribution, text, ...extra };
}

export function notApplicable(dir: Direction, p: Party, why?: string): SideDecision {
  return side(dir, 'allowed', 'not-applicable', 'not a Cilium endpoint', why ?? `${p.display} is not a Cilium-managed endpoint: no ${dir} policy is enforced on it`);
}

const matchType = (e: Entry): MatchedEntry['matchType'] =>
  e.peers.kind === 'wildcard' ? 'L4-Only' : isL3Only(e) ? 'L3-Only' : 'L3-L4';

const MAX_NEAR = 8;

/** `ingress: [{}]`: no peer field and no ports: matches nothing, only enables default deny (B.2). */
export function isBareItem(e: Entry): boolean {
  return e.peers.kind === 'wildcard' && e.ports.length === 0 && e.icmps.length === 0 && e.emptyIcmps !== true;
}

/** No allow item asks for an authentication mode (authLayering.ts `authFor` gives the same). */
const NO_AUTH: AuthOutcome = { level: 0, from: [], how: 'none', versionNote: null };

/**
 * One side with the policy tiers around Cilium's rules (tiers.ts): Admin tier, then Cilium's
 * own evaluation (the NetworkPolicy tier), then the Baseline tier for endpoints no Cilium or
 * Kubernetes policy selects in this direction.
 */
export function evaluateSide(model: EngineModel, input: SideInput): SideResult {
  const dropped = droppedFamily(model, input);
  if (dropped !== null) return { side: dropped, l7: null, notes: [] };
  const stale = { auth: false };
  const r = tieredSide(model, input, stale);
  // Two authentication modes this flow's allows cannot merge fail the same regeneration (authConflict.ts).
  const marked = stale.auth ? { ...r, side: { ...r.side, notComputed: true as const } } : r;
  // Two L7 parsers, or two authentication modes, on one port in either direction, whatever the
  // flow: Cilium cannot compute the endpoint's policy at all (l7Conflict.ts policyNotComputed),
  // so every port and both directions keep what it enforced before.
  // enable-policy=never computes no policy, so nothing fails.
  const s = subjectOf(model, input.subject);
  // Neither conflict is possible without two L7 parsers on a port or an authentication mode (mayConflict.ts).
  if (!s.managed || model.settings.enforcementMode === 'never' || !modelMayNotCompute(model)) return marked;
  const { notComputedNotes, policyNotComputed } = conflictCode.get();
  // The flow's own authentication-conflict note (authConflictNotes) says more than the endpoint's.
  const AUTH = 'conflicting authentication types';
  const conflicts = notComputedNotes(model, s.rules, input.subject.display, formatRuleRef).filter((n) => !n.includes(AUTH) || !r.notes.some((x) => x.includes(AUTH)));
  if (conflicts.length === 0 && !policyNotComputed(model, s.rules)) return marked;
  return { ...r, side: { ...r.side, notComputed: true }, notes: [...r.notes, ...conflicts] };
}

/**
 * Whether a pod and an outside address of a family the cluster does not run can exchange a
 * packet: never. The pod's program handles only the families it was built for (bpf/bpf_lxc.c
 * cil_from_container and the ingress tail call switch on the ethertype, the other family's case
 * compiled out) and drops the rest with DROP_UNKNOWN_L3 before any policy, the tiers' included,
 * whatever the enforcement mode (droppedFamily gives the pod's side that drop).
 */
export function familyDropped(model: EngineModel, subject: Party, peer: Party): boolean {
  return subject.kind === 'pod' && peer.kind === 'outside' && peer.range !== null && !runsFamily(model.settings.ipFamilies, peer.range.family);
}

function droppedFamily(model: EngineModel, { dir, subject, peer }: SideInput): SideDecision | null {
  if (!familyDropped(model, subject, peer) || peer.range === null) return null;
  const f = peer.range.family;
  return side(dir, 'denied', 'default-deny', 'DROP_UNKNOWN_L3', `${dir} of ${subject.display} is dropped before any policy: IPv${f}, which ${FAMILY_TEXT[model.settings.ipFamilies ?? 'ipv4']} cluster does not run (DROP_UNKNOWN_L3)`);
}

function tieredSide(model: EngineModel, input: SideInput, stale: { auth: boolean }): SideResult {
  const tiers = tierRulesFor(model, input.subject, input.dir);
  if (tiers.admin.length === 0 && tiers.baseline.length === 0) return evaluateCiliumSide(model, input, stale);
  // The tiers' words (tierWords.ts): a cluster with tier policies has them loaded.
  const { tierDecidedText, tierRuleText, tierPassText, tierBaselineNone, tierAfterPolicy } = tierWords.get();
  const { dir, peer, flow } = input;
  const env: MatchEnv = {
    clusterName: model.cluster.name,
    settings: model.settings,
    cidrGroups: model.cluster.cidrGroups,
    services: model.cluster.services,
    ...podsEnv(model),
    // domainNames peers: the implementation learns their addresses itself (no DNS rule needed).
    dnsRules: [{ matchName: null, matchPattern: '*' }],
  };
  const first = (list: readonly TieredRule[]) =>
    list.find((t) => entryPeersMatch(t.rule.entry.peers, peer, env).matched && entryL4Matches(t.rule.entry, flow, input.dstPorts, model.settings).matched);
  const decided = (t: TieredRule, prefix: string): SideResult => {
    const ref = tierRuleRef(t);
    const allowed = t.rule.action === 'Accept';
    const text = `${prefix}${tierDecidedText(t, input, env)}`;
    const m: MatchedEntry = { rule: ref, peerPath: null, portPath: null, matchType: t.rule.entry.ports.length === 0 ? 'L3-Only' : 'L3-L4', l7: false };
    return {
      side: side(dir, allowed ? 'allowed' : 'denied', allowed ? 'allowed' : 'explicit-deny', `${t.policy.tier} tier: ${t.policy.name}`, text, { rules: [ref], matched: [m], tier: `${prefix}${tierRuleText(t)}` }),
      l7: null,
      notes: [],
    };
  };
  const admin = first(tiers.admin);
  if (admin && admin.rule.action !== 'Pass') return decided(admin, '');
  const passText = admin ? tierPassText(admin, true) : '';
  const np = evaluateCiliumSide(model, input, stale);
  const passTier = admin ? tierPassText(admin, false) : '';
  const withPass = (r: SideResult): SideResult => (passText === '' ? r : { ...r, side: { ...r.side, text: `${passText}${r.side.text}`, tier: passTier } });
  // A rule of the NetworkPolicy tier (Cilium's own) matched: it decides. Otherwise the Baseline
  // tier comes first, before default deny, allow-any and allow-localhost (tiers.ts, Cilium 1.20).
  if (!leftToBaseline(np.side)) return withPass(np);
  const selected = np.side.reason !== 'no-policy';
  const baseline = baselineFor(tiers.baseline, selected);
  const base = first(baseline);
  if (base && base.rule.action !== 'Pass') {
    if (!selected) return decided(base, passTier === '' ? '' : `${passTier}; `);
    const after = tierAfterPolicy(np.side, input.subject.display, model.settings, formatRuleRef);
    const r = decided(base, `${passTier === '' ? '' : `${passTier}; `}${after.tier}; `);
    return { ...r, side: { ...r.side, text: `${passText}${tierDecidedText(base, input, env)}${after.text}`, defaultDenyFrom: np.side.defaultDenyFrom, nearMisses: np.side.nearMisses }, notes: np.notes };
  }
  const none = baseline.length > 0 ? tierBaselineNone(base !== undefined, baseline[0] as TieredRule, np.side, input.subject.display, model.settings, formatRuleRef) : null;
  const result = withPass({ ...np, side: { ...np.side, text: `${np.side.text}${none?.text ?? ''}` } });
  if (none === null) return result;
  return { ...result, side: { ...result.side, tier: passTier === '' ? none.tier : `${passTier}; ${none.tier}` } };
}

/**
 * Whether Cilium's own rules (the NetworkPolicy tier) leave this side to the Baseline tier: no
 * entry of theirs matched, so the side is not selected, in default deny, or let through by the
 * allow-any of `enableDefaultDeny: false` or by allow-localhost, which are DefaultPolicy-tier rules
 * after the Baseline tier in Cilium 1.20 (tiers.ts).
 */
function leftToBaseline(s: SideDecision): boolean {
  return s.reason === 'no-policy' || s.reason === 'default-deny' || (s.reason === 'allowed' && s.matched.length === 0);
}

/**
 * Explains an egress entry's port names on Cilium ≤ 1.19, which resolves them against every pod
 * of the cluster (l4Match.ts `clusterNamedPorts`) rather than on the destination.
 */
function clusterWideNameNotes(model: EngineModel, e: Entry, flow: FlowL4, dstPorts: readonly ContainerPort[]): string[] {
  const notes: string[] = [];
  const v = model.settings.ciliumVersion;
  const named = clusterNamedPorts(model.cluster);
  for (const pr of e.ports)
    for (const pp of pr.ports) {
      if (typeof pp.port !== 'string' || (pp.protocol !== 'ANY' && pp.protocol !== flow.proto)) continue;
      const name = pp.port;
      const head = `Cilium ${v} resolves the port name "${name}" of an egress rule against every pod in the cluster, not on the destination`;
      const later = 'Cilium 1.20 resolves it on the selected destinations (cilium/cilium#44429)';
      const dup = named.duplicates.get(`${name}/${flow.proto}`);
      if (dup) {
        notes.push(`${head}: it is defined there as ${dup.join(', ')}/${flow.proto}, so Cilium skips it (duplicate named ports) and ${pp.path} allows nothing on it; ${later}`);
        continue;
      }
      const one = named.unique.find((c) => c.name === name && c.protocol === flow.proto);
      if (one && !dstPorts.some((c) => c.name === name && c.protocol === one.protocol && c.port === one.port))
        notes.push(`${head}: it is ${one.port}/${one.protocol} there, so ${pp.path} covers port ${one.port} towards every peer it selects, whether or not the peer defines "${name}"; ${later}`);
    }
  return notes;
}

/**
 * L7 rules of an endpoint that is not in default deny for the direction (every selecting rule has
 * `enableDefaultDeny: false`): Cilium adds an L7 allow-all, so they filter nothing
 * (cilium/cilium#38841; rule_test.go TestDNSWildcardInDefaultAllow). In 1.18.0, backported to
 * 1.17.4 (#39375) and 1.16.10 (#39382); earlier patch releases still refuse every other request
 * (cilium/cilium#38676). The engine takes a 1.16 / 1.17 cluster as its latest patch release and
 * says which ones did otherwise.
 */
const L7_ALLOW_ALL_FIX = 'cilium/cilium#38841: Cilium 1.18.0, 1.17.4, 1.16.10';

/** The patch release of `version` (major.minor) from which #38841 applies, when it was backported to it. */
function l7AllowAllPatch(version: string): string | null {
  const [maj, min] = version.split('.').map(Number);
  if ((maj ?? 1) !== 1) return null;
  return min === 16 ? '1.16.10' : min === 17 ? '1.17.4' : null;
}

function defaultAllowL7(l7: L7Result, defaultDeny: boolean, version: string, dir: Direction, notes: string[]): L7Result {
  if (defaultDeny || l7.l7 !== 'filtered') return l7;
  const rules = [...new Set(l7.summaries.map((s) => formatRuleRef(s.rule)))].join(', ');
  const patch = l7AllowAllPatch(version);
  if (patch !== null)
    notes.push(
      `${rules}: on Cilium ${version} patch releases before ${patch} these L7 rules in a policy with enableDefaultDeny.${dir}: false refuse every other request (cilium/cilium#38676); ${patch} and later add an L7 allow-all (${L7_ALLOW_ALL_FIX})`,
    );
  const text = `${rules} ${dir === 'egress' ? 'egress' : 'ingress'} L7 rules do not restrict requests: every rule selecting this endpoint sets enableDefaultDeny.${dir}: false, and Cilium then adds an L7 allow-all (${L7_ALLOW_ALL_FIX}); requests are only made visible by the proxy`;
  return {
    l7: 'unrestricted',
    summaries: l7.summaries,
    why: `; its L7 rules do not restrict requests (enableDefaultDeny.${dir}: false, Cilium ${version} adds an L7 allow-all)`,
    ...(l7.request ? { request: { verdict: 'allowed' as const, text } } : {}),
  };
}

function evaluateCiliumSide(model: EngineModel, input: SideInput, stale: { auth: boolean }): SideResult {
  const { dir, subject, peer, flow } = input;
  const notes: string[] = [];
  const s = subjectOf(model, subject);
  if (!s.managed) return { side: notApplicable(dir, subject, s.why?.(dir)), l7: null, notes };
  const mode = model.settings.enforcementMode;
  if (mode === 'never')
    return { side: side(dir, 'allowed', 'no-policy', 'policy enforcement disabled', `policy enforcement is disabled (enable-policy=never): ${dir} of ${subject.display} is not enforced`), l7: null, notes };
  const ruleIdx = rulesInDirection(model, s.rules, dir);
  // reserved:init (labels not resolved yet) is always enforced with default deny, also in the
  // default mode and whatever enableDefaultDeny says (pkg/policy/repository.go
  // computePolicyEnforcementAndRules: `policyMode == option.AlwaysEnforce || lbls.Has(labels.IDNameInit)`).
  const initAlways = subject.kind === 'reserved' && subject.reserved.includes('init');
  if (ruleIdx.length === 0 && mode === 'default' && !initAlways)
    return { side: side(dir, 'allowed', 'no-policy', `no ${dir} policy`, `no policy selects ${subject.display} for ${dir}, so ${dir} is not enforced (default enforcement mode)`), l7: null, notes };

  const rules = ruleIdx.map((i) => model.rules[i] as Rule);
  const defaultDenyFrom = rules.filter((r) => enablesDefaultDeny(model, r, dir)).map((r) => ruleRef(r, r.path));
  const defaultDeny = mode === 'always' || initAlways || defaultDenyFrom.length > 0;
  if (mode === 'always' && rules.some((r) => r.enableDefaultDeny[dir] === false))
    notes.push(
      `enableDefaultDeny.${dir}: false has no effect with enable-policy=always: Cilium enforces both directions before it reads enableDefaultDeny (pkg/policy/repository.go computePolicyEnforcementAndRules), so ${subject.display} stays in default deny for ${dir}`,
    );
  const env: MatchEnv = {
    clusterName: model.cluster.name,
    settings: model.settings,
    cidrGroups: model.cluster.cidrGroups,
    services: model.cluster.services,
    ...podsEnv(model),
    dnsRules: dir === 'egress' ? defaultAllowDns(dnsRulesFor(model, s.rules), defaultDeny, model.settings.ciliumVersion) : [],
    dnsOffResolver: dir === 'egress' ? dnsRulesOffResolver(model, s.rules) : null,
  };

  // Cilium ≤ 1.18: fromRequires/toRequires of the selecting rules narrow every endpoint peer (B.5.6).
  const allowReq = requirementsOf(rules, dir, 'allow');
  const denyReq = requirementsOf(rules, dir, 'deny');
  if (allowReq.length + denyReq.length > 0)
    notes.push(
      `${dir === 'ingress' ? 'fromRequires' : 'toRequires'} (Cilium ${model.settings.ciliumVersion}, removed in 1.19) of the rules selecting ${subject.display} is ANDed into every ${dir === 'ingress' ? 'fromEndpoints' : 'toEndpoints'} selector of those rules: ${formatSelector({ requirements: [...allowReq, ...denyReq] })}`,
    );

  const nearMisses: NearMiss[] = [];
  const namedPorts = namedPortsFor(dir, input.dstPorts, model.cluster, model.settings);
  const check = (rule: Rule, e: Entry) => {
    if (isBareItem(e)) return null;
    const pm = entryPeersMatch(e.peers, peer, env);
    const lm = entryL4Matches(e, flow, namedPorts, model.settings);
    if (pm.matched && dir === 'egress' && egressNamesClusterWide(model.settings)) notes.push(...clusterWideNameNotes(model, e, flow, input.dstPorts));
    if (pm.matched && lm.matched) return { rule, e, pm, lm };
    const ref = ruleRef(rule, e.path);
    if (pm.matched && !lm.matched) nearMisses.push({ rule: ref, why: lm.why, text: lm.text });
    else if (!pm.matched && pm.why !== null && (lm.matched || pm.why === 'in-except' || pm.why === 'fqdn-no-dns-rule' || pm.why === 'cidr-not-for-cluster' || pm.why === 'address-unknown'))
      nearMisses.push({ rule: ref, why: pm.why, text: pm.text });
    return null;
  };
  const icmpWildcardNote = (ms: readonly NonNullable<ReturnType<typeof check>>[]) => {
    if ((flow.proto !== 'ICMP' && flow.proto !== 'ICMPv6') || flow.port === 0) return;
    const family = flow.proto === 'ICMP' ? 'IPv4' : 'IPv6';
    for (const m of ms)
      for (const i of m.e.icmps)
        if (i.family === family && icmpTypeWildcard(i))
          notes.push(
            `${formatRuleRef(ruleRef(m.rule, m.e.path))} names ICMP type 0 (EchoReply): Cilium turns the type into the rule's port and port 0 is the wildcard, so it matches every ${flow.proto} type, ${flow.port ?? 'any'} included (cilium/cilium#41304)`,
          );
  };
  const toMatched = (m: NonNullable<ReturnType<typeof check>>): MatchedEntry => ({
    rule: ruleRef(m.rule, m.e.path),
    peerPath: m.pm.matched ? m.pm.peerPath : null,
    portPath: m.lm.matched ? m.lm.portPath : null,
    matchType: matchType(m.e),
    l7: m.lm.matched && m.lm.portRules.some((pr) => pr.l7 !== null),
  });
  const dedupe = (refs: RuleRef[]) => refs.filter((r, i) => refs.findIndex((x) => x.kind === r.kind && x.namespace === r.namespace && x.name === r.name && x.path === r.path) === i);

  // 1. Deny rules win over everything (B.5.4), allow-localhost included (open question in the reference).
  const denies = rules.flatMap((r) => (dir === 'ingress' ? r.ingressDeny : r.egressDeny).map((e) => check(r, withRequires(e, denyReq)))).filter((m) => m !== null);
  if (denies.length > 0) {
    icmpWildcardNote(denies);
    const matched = denies.map(toMatched);
    if (dir === 'ingress' && peer.reserved.includes('host') && model.settings.allowLocalhost === 'always')
      notes.push('a deny rule matches the local host; the engine assumes deny wins over allow-localhost (open question in the reference)');
    return {
      side: side(dir, 'denied', 'explicit-deny', matched.map((m) => m.rule.name).join(', '), `${dir} of ${subject.display} is denied by ${matched.map((m) => formatRuleRef(m.rule)).join(', ')} (Hubble: POLICY_DENY)`, {
        rules: dedupe(matched.map((m) => m.rule)),
        matched,
        defaultDenyFrom,
      }),
      l7: null,
      notes,
    };
  }
  nearMisses.length = 0;

  // 1b. The allows that match, and the authentication the packet needs by them (authLayering.ts:
  // the modes of the items layer over Cilium's policy-map keys). test-always-fail: the auth
  // handler fails every handshake (pkg/auth/always_fail_authhandler.go), so the datapath drops
  // it for good (AUTH_REQUIRED), as it drops a deny; checked before allow-localhost like denies.
  const allows = rules.flatMap((r) => (dir === 'ingress' ? r.ingress : r.egress).map((e) => check(r, withRequires(e, allowReq)))).filter((m) => m !== null);
  // 0.0.0.0/0 and ::/0 in separate items of a dual-stack cluster select world-ipv4 and
  // world-ipv6 (pkg/labels/cidr.go getWorldLabel): an address not known is of one family, so it
  // passes where both items allow the flow's port (one peer list: peerMatch.ts bothFamiliesOfWorld).
  if (allows.length === 0 && peer.kind === 'outside' && peer.range === null && model.settings.ipFamilies === 'dual') {
    const zero = (f: 4 | 6) => {
      for (const r of rules)
        for (const item of dir === 'ingress' ? r.ingress : r.egress) {
          const z = item.peers.kind === 'list' ? item.peers.items.find((x) => x.kind === 'cidr' && x.cidr.bits === 0 && x.cidr.family === f && x.except.length === 0) : undefined;
          const e = withRequires(item, allowReq);
          const lm = z ? entryL4Matches(e, flow, namedPorts, model.settings) : null;
          if (z && lm?.matched) return { rule: r, e, pm: { matched: true as const, peerPath: z.path }, lm };
        }
      return null;
    };
    const [v4, v6] = [zero(4), zero(6)];
    if (v4 && v6) allows.push(v4, v6);
  }
  // Authentication modes (authLayering.ts, authConflict.ts: a chunk of their own, conflictCode.ts), only when an allow asks for one.
  const authCode = allows.some((m) => m.e.authMode !== undefined) ? conflictCode.get() : null;
  const auth: AuthOutcome =
    authCode?.authFor(
      allows.map((m) => ({ ref: ruleRef(m.rule, m.e.path), entry: m.e })),
      flow.proto,
      flow.portName === null ? flow.port : null,
      namedPorts,
      model.settings,
    ) ?? NO_AUTH;
  if (auth.versionNote !== null) notes.push(auth.versionNote);
  const authConflicts =
    authCode?.authConflictNotes(
      allows.map((m) => ({ ref: ruleRef(m.rule, m.e.path), entry: m.e, peerPath: m.pm.matched ? m.pm.peerPath : null, portRules: m.lm.matched ? m.lm.portRules : [] })),
      flow,
      subject.display,
      dir,
      formatRuleRef,
    ) ?? [];
  notes.push(...authConflicts);
  stale.auth = authConflicts.length > 0;
  const authFrom = dedupe([...auth.from]);
  const inheritedText = (verb: string) =>
    auth.how === 'inherited' ? `; the allow the packet hits names no mode of its own and ${verb} it from that broader item (Cilium ${model.settings.ciliumVersion}, pkg/policy/mapstate.go, bpf/lib/policy.h)` : '';
  if (auth.level === 2) {
    const matched = allows.map(toMatched);
    const allowedBy = dedupe(matched.map((m) => m.rule));
    return {
      side: side(
        dir,
        'denied',
        'auth-denied',
        authFrom.map((r) => r.name).join(', '),
        `${dir} of ${subject.display} is allowed by ${allowedBy.map(formatRuleRef).join(', ')}, but ${authFrom.map(formatRuleRef).join(', ')} ${authFrom.length > 1 ? 'ask' : 'asks'} for authentication.mode test-always-fail${inheritedText('inherits')}: Cilium's always-fail auth handler fails every handshake (pkg/auth), so the traffic is never let through (Hubble: DROPPED, AUTH_REQUIRED)`,
        { rules: authFrom, matched, defaultDenyFrom },
      ),
      l7: null,
      notes,
    };
  }

  // 2. The local node reaches its pods (kubelet probes) unless allow-localhost=policy (B.8).
  if (dir === 'ingress' && subject.kind === 'pod' && peer.reserved.includes('host') && model.settings.allowLocalhost === 'always')
    return {
      side: side(dir, 'allowed', 'allowed', 'allow-localhost-ingress', `the local host may always reach ${subject.display} (allow-localhost=always; Hubble: reserved:io.cilium.policy.derived-from=allow-localhost-ingress)`, { defaultDenyFrom }),
      l7: null,
      notes,
    };

  // 3. Union of allows.
  if (allows.length > 0) {
    icmpWildcardNote(allows);
    const matched = allows.map(toMatched);
    const covering: CoveringAllow[] = allows.map((m) => ({ rule: ruleRef(m.rule, m.e.path), portRules: m.lm.matched ? m.lm.portRules : [] }));
    const l7 = defaultAllowL7(evaluateL7(covering, input.request, model.settings.ciliumVersion), defaultDeny, model.settings.ciliumVersion, dir, notes);
    if (auth.level === 1)
      notes.push(
        `${authFrom.map(formatRuleRef).join(', ')} ${authFrom.length > 1 ? 'require' : 'requires'} mutual authentication (authentication.mode) for this ${dir}${inheritedText('inherits')}: Cilium drops the traffic (AUTH_REQUIRED) until the SPIFFE handshake between the two identities succeeds`,
      );
    const names = dedupe(matched.map((m) => m.rule));
    const l7Text = l7.l7 === 'filtered' ? '; requests are L7-filtered by the proxy' : l7.l7 === 'unrestricted' ? (l7.why ?? '; L7 rules on the same port are shadowed by an allow without L7 rules') : '';
    return {
      side: side(dir, 'allowed', 'allowed', names.map((r) => r.name).join(', '), `${dir} of ${subject.display} is allowed by ${names.map(formatRuleRef).join(', ')}${l7Text}`, {
        rules: names,
        matched,
        defaultDenyFrom,
        l7: l7.l7,
        l7Rules: l7.summaries,
      }),
      l7,
      notes,
    };
  }
  if (!defaultDeny)
    return {
      side: side(dir, 'allowed', 'allowed', `allow-any-${dir}`, `every rule selecting ${subject.display} for ${dir} sets enableDefaultDeny.${dir}: false (read by Cilium 1.16 and later), so Cilium adds an allow-any-${dir} rule (Hubble: reserved:io.cilium.policy.derived-from=allow-any-${dir})`, {
        nearMisses: nearMisses.slice(0, MAX_NEAR),
      }),
      l7: null,
      notes,
    };
  const who =
    initAlways && mode !== 'always'
      ? `reserved:init: Cilium always enforces default deny on an endpoint whose labels are not resolved yet (pkg/policy/repository.go computePolicyEnforcementAndRules)${defaultDenyFrom.length > 0 ? `, and ${defaultDenyFrom.map(formatRuleRef).join(', ')}` : ''}`
      : mode === 'always' && defaultDenyFrom.length === 0
        ? 'enable-policy=always'
        : defaultDenyFrom.map(formatRuleRef).join(', ');
  return {
    side: side(dir, 'denied', 'default-deny', 'default deny', `${dir} of ${subject.display} is in default deny (enabled by ${who}) and no allow rule matches (Hubble: POLICY_DENIED)`, {
      rules: defaultDenyFrom,
      defaultDenyFrom,
      nearMisses: nearMisses.slice(0, MAX_NEAR),
    }),
    l7: null,
    notes,
  };
}
