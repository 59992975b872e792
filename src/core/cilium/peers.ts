import type { PathSegment } from '../load/parseTypes.ts';
import type { Entity, EntryPeers, Peer } from '../model/policy.ts';
import type { Selector } from '../model/selector.ts';
import { type Cidr, hostBitsWarning, parseCidr, prefixMask } from '../net/cidr.ts';
import { parseLabelSelector } from '../k8s/LabelSelector.ts';
import { type Collector, describe, field, isRecord, type Json, listField, objectField, pruneUnknown, stringField, versionAtLeast } from './collect.ts';
import { parseFqdnSelector } from './l7.ts';
import { rareReaders } from '../load/rareInputs.ts';
import { type ScopeContext, scopeEndpointPeer, scopeNodePeer } from './scoping.ts';

/**
 * Peer fields of one ingress/egress item (reference A.3, A.4, B.2): at most one peer kind per
 * item; a present-but-empty endpoint/node/entity/CIDR list selects nothing.
 * @internal
 */
export interface PeerContext extends ScopeContext {
  readonly direction: 'ingress' | 'egress';
  readonly deny: boolean;
  readonly subjectMatchesInit: boolean;
}

/** Entities in the CRD enum (v1.19). */
const CRD_ENTITIES: readonly Entity[] = [
  'all', 'world', 'cluster', 'host', 'init', 'ingress', 'unmanaged', 'remote-node', 'health', 'none', 'kube-apiserver',
];
/** The enum of Cilium 1.20 adds `cluster-mesh` (pkg/policy/api/entity.go EntityClusterMesh). */
const CRD_ENTITIES_1_20: readonly Entity[] = [...CRD_ENTITIES, 'cluster-mesh'];

type PeerKindName = 'Endpoints' | 'CIDR' | 'CIDRSet' | 'Entities' | 'Nodes' | 'Groups' | 'Services' | 'FQDNs';

/**
 * The peer field names of an item, in the order Cilium lists them. `fromNodes`/`toNodes` came with
 * Cilium 1.16 (pkg/policy/api/ingress.go: absent in the copy vendored by cilium/cilium-cli at
 * v1.14.0-snapshot.3 fb2b5866e, present from v1.16.0-pre.0 bccd0dff8): before, the CRD prunes them.
 */
export function peerFields(direction: 'ingress' | 'egress', deny: boolean, version: readonly [number, number]): { name: string; kind: PeerKindName }[] {
  const p = direction === 'ingress' ? 'from' : 'to';
  const fields: { name: string; kind: PeerKindName }[] = [
    { name: `${p}Endpoints`, kind: 'Endpoints' },
    { name: `${p}CIDR`, kind: 'CIDR' },
    { name: `${p}CIDRSet`, kind: 'CIDRSet' },
    { name: `${p}Entities`, kind: 'Entities' },
    ...(versionAtLeast(version, 1, 16) ? [{ name: `${p}Nodes`, kind: 'Nodes' as const }] : []),
    { name: `${p}Groups`, kind: 'Groups' },
  ];
  if (direction === 'egress') fields.push({ name: 'toServices', kind: 'Services' });
  if (direction === 'egress' && !deny) fields.push({ name: 'toFQDNs', kind: 'FQDNs' });
  return fields;
}

/** Kinds whose present-but-empty list makes the item select nothing (Cilium `mergeEndpointSelectors`). */
const EMPTY_MEANS_NONE: ReadonlySet<PeerKindName> = new Set(['Endpoints', 'CIDR', 'CIDRSet', 'Entities', 'Nodes']);

export function parsePeers(c: Collector, item: Json, ip: readonly PathSegment[], ctx: PeerContext): EntryPeers {
  const lists: { name: string; kind: PeerKindName; items: unknown[] }[] = [];
  let emptyNone: string | null = null;
  const emptyIgnored: string[] = [];
  for (const f of peerFields(ctx.direction, ctx.deny, ctx.version)) {
    const l = listField(c, item, f.name, ip);
    if (!l) continue;
    if (l.length === 0) {
      if (EMPTY_MEANS_NONE.has(f.kind)) emptyNone ??= f.name;
      else emptyIgnored.push(f.name);
      continue;
    }
    lists.push({ ...f, items: l });
  }
  if (lists.length > 1) {
    const [a, b] = lists;
    c.reject(ip, 'mixed-peer-kinds', `combining ${a?.name} and ${b?.name} in one item is not supported: write them as separate items`);
  }
  const peers: Peer[] = [];
  for (const l of lists) peers.push(...parseList(c, l.kind, l.items, [...ip, l.name], ctx));
  const nodes = lists.find((l) => l.kind === 'Nodes');
  // The agent's --enable-node-selector-labels decides (a rare reader: node peers are rare).
  if (nodes) rareReaders.get().nodeSelectorCheck(c, [...ip, nodes.name], nodes.name, ctx);
  if (emptyNone !== null) {
    c.info([...ip, emptyNone], 'empty-peer-list', `${emptyNone}: [] selects no peer at all: this item matches nothing${lists.length > 0 ? `, even with ${lists[0]?.name}` : ''}`);
    return { kind: 'none' };
  }
  for (const name of emptyIgnored) {
    c.warn(
      [...ip, name],
      'empty-peer-list-ignored',
      `${name}: [] is treated by Cilium like an absent field${lists.length === 0 ? ', so this item applies to every peer (wildcard) on its ports' : ''}`,
    );
  }
  if (lists.length === 0) return { kind: 'wildcard' };
  return { kind: 'list', items: peers };
}

/**
 * `fromRequires`/`toRequires` (reference B.5.6). Removed in 1.19 (the CRD allows no items): the
 * whole policy is rejected. Before 1.19 its selectors, scoped like endpoint peers
 * (`ParseToCiliumRule`), are returned: the engine ANDs them into every `fromEndpoints`/`toEndpoints`
 * selector of every rule selecting the same endpoints (Cilium ≤ 1.18 `resolveL4IngressPolicy`:
 * requirements of allow items into allow items, of deny items into deny items).
 */
export function parseRequires(c: Collector, item: Json, ip: readonly PathSegment[], ctx: PeerContext): Selector[] {
  const name = ctx.direction === 'ingress' ? 'fromRequires' : 'toRequires';
  const l = listField(c, item, name, ip);
  if (!l || l.length === 0) return [];
  const peersName = ctx.direction === 'ingress' ? 'fromEndpoints' : 'toEndpoints';
  if (versionAtLeast(ctx.version, 1, 19)) {
    c.versionGate([...ip, name], name, '1.18');
    c.reject([...ip, name], 'requires-removed', `${name} was removed in Cilium 1.19 (the CRD allows no items): remove it and add the condition to each ${peersName} selector`);
    return [];
  }
  const out: Selector[] = [];
  l.forEach((raw, i) => {
    const sel = selectorAt(c, raw, [...ip, name, i], ctx.version);
    if (sel) out.push(scopeEndpointPeer(sel, ctx, ctx.subjectMatchesInit).selector);
  });
  c.warn(
    [...ip, name],
    'requires-deprecated',
    `${name} is deprecated since Cilium 1.17 and removed in 1.19. On Cilium ${ctx.version.join('.')} it grants nothing itself: its selectors are ANDed into every ${peersName} selector of every ${ctx.deny ? 'deny' : 'allow'} rule selecting the same endpoints (${ctx.direction}), also those of other policies (entities, CIDRs and FQDNs are not affected)`,
  );
  return out;
}

function parseList(c: Collector, kind: PeerKindName, items: readonly unknown[], lp: readonly PathSegment[], ctx: PeerContext): Peer[] {
  const out: Peer[] = [];
  items.forEach((raw, i) => {
    const p = [...lp, i];
    const path = c.pathText(p);
    switch (kind) {
      case 'Endpoints': {
        const sel = selectorAt(c, raw, p, ctx.version);
        if (!sel) return;
        const scoped = scopeEndpointPeer(sel, ctx, ctx.subjectMatchesInit);
        out.push({ kind: 'endpoints', path, ...scoped });
        const nsNote = scoped.scoping?.notes.find((n) => n.includes('namespace-label keys'));
        if (nsNote && ctx.namespace !== null) c.info(p, 'namespace-label-scoping', `Cilium ${ctx.version.join('.')}: ${nsNote}`);
        return;
      }
      case 'Nodes': {
        const sel = selectorAt(c, raw, p, ctx.version);
        if (sel) out.push({ kind: 'nodes', path, ...scopeNodePeer(sel, ctx) });
        return;
      }
      case 'Entities': {
        const e = parseEntity(c, raw, p, ctx.version);
        if (e) out.push({ kind: 'entity', path, entity: e });
        return;
      }
      case 'CIDR': {
        const cidr = typeof raw === 'string' && raw !== '' ? parseCidr(raw, true) : null;
        if (!cidr) c.reject(p, 'invalid-cidr', `unable to parse CIDR ${describe(raw)}: write a prefix like 10.0.0.0/8 or a single address`);
        else {
          warnHostBits(c, cidr, p);
          out.push({ kind: 'cidr', path, cidr, except: [] });
        }
        return;
      }
      case 'CIDRSet': {
        const peer = parseCidrRule(c, raw, p, ctx.version);
        if (peer) out.push(peer);
        return;
      }
      case 'Services': {
        const peer = parseService(c, raw, p, ctx.version);
        if (peer) out.push(peer);
        return;
      }
      case 'Groups': {
        if (!isRecord(raw)) c.reject(p, 'invalid-type', `a group must be an object like {aws: {...}}, got ${describe(raw)}`);
        else if (field(raw, 'aws') === undefined) c.warn(p, 'unknown-group', 'this group names no supported provider (only "aws"): it selects nothing');
        else out.push({ kind: 'groups', path, provider: 'aws' });
        return;
      }
      case 'FQDNs': {
        const f = parseFqdnSelector(c, raw, p, ctx.version);
        if (f) out.push({ kind: 'fqdn', path, matchName: f.matchName, matchPattern: f.matchPattern });
        return;
      }
    }
  });
  return out;
}

function selectorAt(c: Collector, raw: unknown, p: readonly PathSegment[], version: readonly [number, number]): Selector | null {
  const parsed = parseLabelSelector(raw, p, { mode: 'cilium', version });
  c.selectorIssues(parsed.issues);
  return parsed.selector;
}

function parseEntity(c: Collector, raw: unknown, p: readonly PathSegment[], version: readonly [number, number]): Entity | null {
  if (typeof raw !== 'string') {
    c.reject(p, 'invalid-entity', `an entity must be a string, got ${describe(raw)}`);
    return null;
  }
  const known = versionAtLeast(version, 1, 20) ? CRD_ENTITIES_1_20 : CRD_ENTITIES;
  const e = known.find((x) => x === raw);
  if (e) return e;
  if (raw === 'cluster-mesh') {
    c.versionGate(p, 'entity cluster-mesh', '1.20');
    c.reject(p, 'invalid-entity', `entity "cluster-mesh" came with Cilium 1.20: the CRD of Cilium ${version.join('.')} does not have it (the API server refuses the object); use "cluster" plus the other clusters' pods by io.cilium.k8s.policy.cluster`);
  } else if (raw === 'world-ipv4' || raw === 'world-ipv6') {
    c.reject(p, 'invalid-entity', `entity "${raw}" is not in the CRD's enum (the API server refuses the object); use "world" or a toCIDR of 0.0.0.0/0 or ::/0`);
  } else {
    c.reject(p, 'invalid-entity', `unsupported entity "${raw}": use one of ${known.join(', ')}`);
  }
  return null;
}

/** The except prefixes of a CIDR group item (no containment check: a group has no prefix of its own). */
function groupExcepts(c: Collector, raw: readonly unknown[], p: readonly PathSegment[]): Cidr[] {
  return raw.flatMap((e, j) => {
    const x = typeof e === 'string' ? parseCidr(e, false) : null;
    if (!x) {
      c.reject([...p, 'except', j], 'invalid-cidr', `unable to parse except CIDR ${describe(e)}: prefix notation like 10.96.0.0/12 is required`);
      return [];
    }
    warnHostBits(c, x, [...p, 'except', j]);
    return [x];
  });
}

/** A warning where a prefix is written with host bits set (net/cidr.ts `hostBitsWarning`). */
function warnHostBits(c: Collector, cidr: Cidr, p: readonly PathSegment[]): void {
  const text = hostBitsWarning(cidr);
  if (text !== null) c.warn(p, 'cidr-host-bits', text);
}

function parseCidrRule(c: Collector, raw: unknown, p: readonly PathSegment[], version: readonly [number, number]): Peer | null {
  if (!isRecord(raw)) {
    c.reject(p, 'invalid-type', `a CIDR set item must be an object {cidr, except?}, got ${describe(raw)}`);
    return null;
  }
  pruneUnknown(c, raw, p, ['cidr', 'cidrGroupRef', 'cidrGroupSelector', 'except'], (k) =>
    k.toLowerCase().startsWith('except') ? 'no address is excepted from the cidr' : 'it has no effect',
  );
  const path = c.pathText(p);
  const cidrText = stringField(c, raw, 'cidr', p);
  const ref = stringField(c, raw, 'cidrGroupRef', p);
  const groupSel = objectField(c, raw, 'cidrGroupSelector', p);
  const exceptRaw = listField(c, raw, 'except', p);
  const set = [cidrText, ref].filter((x) => typeof x === 'string' && x !== '').length + (groupSel ? 1 : 0);
  if (set !== 1) {
    c.reject(p, 'invalid-cidr-rule', `a CIDR set item needs exactly one of cidr, cidrGroupRef, cidrGroupSelector (found ${set})`);
    return null;
  }
  if (ref || groupSel) {
    // Cilium 1.17 and later take the excepts out of a group too (pkg/policy/api/cidr.go
    // CIDRRuleSlice.GetAsEndpointSelectors: a DoesNotExist requirement per except prefix, for
    // cidrGroupRef and cidrGroupSelector alike; CIDRRule.sanitize checks nothing else for groups).
    const field = ref ? 'cidrGroupRef' : 'cidrGroupSelector';
    let except: Cidr[] = [];
    if (exceptRaw && exceptRaw.length > 0) {
      if (versionAtLeast(version, 1, 17)) except = groupExcepts(c, exceptRaw, p);
      else {
        c.versionGate([...p, 'except'], `except on a ${field}`, '1.17');
        c.warn([...p, 'except'], 'except-ignored', `Cilium ${version.join('.')} does not apply except to a ${field} (from 1.17 it does): every address of the group is selected`);
      }
    }
    if (ref) return { kind: 'cidrGroup', path, ref, selector: null, except };
    const parsed = parseLabelSelector(groupSel as Json, [...p, 'cidrGroupSelector'], { mode: 'cilium', version });
    c.selectorIssues(parsed.issues);
    return parsed.selector ? { kind: 'cidrGroup', path, ref: null, selector: parsed.selector, except } : null;
  }
  const cidr = parseCidr(cidrText ?? '', false);
  if (!cidr) {
    c.reject([...p, 'cidr'], 'invalid-cidr', `unable to parse CIDR "${cidrText ?? ''}": a CIDR set needs prefix notation like 10.0.0.0/8`);
    return null;
  }
  warnHostBits(c, cidr, [...p, 'cidr']);
  const except = (exceptRaw ?? []).flatMap((e, j) => {
    const ep = [...p, 'except', j];
    const x = typeof e === 'string' ? parseCidr(e, false) : null;
    if (!x) {
      c.reject(ep, 'invalid-cidr', `unable to parse except CIDR ${describe(e)}: prefix notation like 10.96.0.0/12 is required`);
      return [];
    }
    // Cilium checks that the except *address* lies in the cidr (same family).
    const inside = x.family === cidr.family && (x.base & prefixMask(cidr.family, cidr.bits)) === cidr.base;
    if (!inside) {
      c.reject(ep, 'except-outside-cidr', `except ${x.text} is not contained in cidr ${cidr.text}`);
      return [];
    }
    if (x.bits < cidr.bits) {
      // Cilium 1.20 refuses it (CIDRRule.sanitize: `prefix.Bits() > except.Bits()`); before, only the address was checked.
      if (versionAtLeast(version, 1, 20)) {
        c.versionGate(ep, 'an except wider than its cidr', '1.19');
        c.reject(ep, 'except-wider', `allow CIDR prefix ${cidr.text} does not contain exclude CIDR prefix ${x.text}: Cilium 1.20 refuses an except wider than its cidr`);
        return [];
      }
      c.warn(ep, 'except-wider', `except ${x.text} is wider than cidr ${cidr.text}: it removes the whole cidr (Cilium ${version.join('.')} accepts it; 1.20 refuses the policy)`);
    }
    warnHostBits(c, x, ep);
    return [x];
  });
  return { kind: 'cidr', path, cidr, except };
}

function parseService(c: Collector, raw: unknown, p: readonly PathSegment[], version: readonly [number, number]): Peer | null {
  if (!isRecord(raw)) {
    c.reject(p, 'invalid-type', `a toServices item must be an object {k8sService | k8sServiceSelector}, got ${describe(raw)}`);
    return null;
  }
  pruneUnknown(c, raw, p, ['k8sService', 'k8sServiceSelector'], () => 'it has no effect');
  const path = c.pathText(p);
  const byName = objectField(c, raw, 'k8sService', p);
  const bySel = objectField(c, raw, 'k8sServiceSelector', p);
  if (byName) {
    if (bySel) c.warn([...p, 'k8sServiceSelector'], 'service-both', 'k8sService and k8sServiceSelector in one item: only k8sService is modelled here');
    const name = stringField(c, byName, 'serviceName', [...p, 'k8sService']);
    const ns = stringField(c, byName, 'namespace', [...p, 'k8sService']);
    if (!ns) c.info([...p, 'k8sService'], 'service-any-namespace', 'no namespace: Cilium matches a Service of this name in any namespace; set namespace to be explicit');
    return { kind: 'service', path, serviceName: name ?? null, namespace: ns || null, selector: null };
  }
  if (bySel) {
    const sp = [...p, 'k8sServiceSelector'];
    const selRaw = field(bySel, 'selector');
    if (selRaw === undefined) {
      c.reject(sp, 'invalid-service', 'k8sServiceSelector needs a "selector"');
      return null;
    }
    const parsed = parseLabelSelector(selRaw, [...sp, 'selector'], { mode: 'cilium', version });
    c.selectorIssues(parsed.issues);
    const ns = stringField(c, bySel, 'namespace', sp);
    if (!ns) c.info(sp, 'service-any-namespace', 'no namespace: Cilium matches Services with these labels in any namespace; set namespace to be explicit');
    return parsed.selector ? { kind: 'service', path, serviceName: null, namespace: ns || null, selector: parsed.selector } : null;
  }
  c.warn(p, 'empty-service', 'this toServices item names no k8sService or k8sServiceSelector: it selects nothing');
  return null;
}
