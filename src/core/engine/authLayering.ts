/**
 * Which mutual authentication a packet needs when several allow items cover it, the way Cilium
 * layers `authentication.mode` over its policy-map keys (cilium/cilium, Apache-2.0):
 *
 * - every allow item gives one key per port it covers: the peer's identity, or any identity for an
 *   item without peers (`toPorts` only) or with `fromEntities/toEntities: [all]`; and a
 *   protocol/port prefix (none for an item without ports, the protocol for port 0, the port, or
 *   the block of a port range holding the port);
 * - items on the same key merge: an explicit mode (written `authentication.mode`, `disabled`
 *   included) beats none, else the higher type wins (`mapStateEntry.merge`: disabled 0 <
 *   required/SPIRE 1 < test-always-fail 2);
 * - a key with no explicit mode inherits the one of the most specific broader key of the same
 *   identity that has one (pkg/policy/mapstate.go `authPreferredInsert`);
 * - the datapath takes the identity's most specific key and the any-identity one, picks the one
 *   with the more specific port (the identity's on a tie), and when that one has no explicit mode
 *   takes the other's type if higher (bpf/lib/policy.h `__policy_check`, Cilium 1.17 and later;
 *   `mapState.Lookup` in the Go tests). Before 1.17 the agent wrote the inherited types into the
 *   keys itself (`authPreferredInsert` with `IsSuperSetOf`), which can differ when an item for the
 *   peer and a port-only item both ask for a mode: a note says so.
 * @internal
 */
import type { ContainerPort } from '../model/cluster.ts';
import { isL3Only, type Entry } from '../model/policy.ts';
import { icmpTypeWildcard, portProtocolSet } from './l4Match.ts';
import { emptyPortSet, isEmpty, portProtocols, portRange, protoBounds, union, type PortProto, type PortSet } from './PortSet.ts';
import type { EngineSettings, RuleRef } from './types.ts';

/** 0 disabled, 1 required (SPIRE), 2 test-always-fail (types.AuthType). */
export type AuthLevel = 0 | 1 | 2;

const LEVEL: Readonly<Record<NonNullable<Entry['authMode']>, AuthLevel>> = { disabled: 0, required: 1, 'test-always-fail': 2 };

/** An allow item that matched the packet (peer and port). */
export interface AuthItem {
  readonly ref: RuleRef;
  readonly entry: Entry;
}

export interface AuthOutcome {
  readonly level: AuthLevel;
  /** The items whose written mode gives the level (empty when no item asks for a mode that applies). */
  readonly from: readonly RuleRef[];
  /** `own`: the key the packet hits asks for it; `inherited`: taken from a broader key. */
  readonly how: 'own' | 'inherited' | 'none';
  /** Cilium before 1.17 may decide otherwise (both an identity key and an any-identity key ask for a mode). */
  readonly versionNote: string | null;
}

const NONE: AuthOutcome = { level: 0, from: [], how: 'none', versionNote: null };

interface Key {
  readonly any: boolean;
  /** Prefix length of protocol + port (0 no ports, 8 the protocol, 24 one port). */
  readonly spec: number;
  explicit: AuthLevel | null;
  explicitFrom: RuleRef[];
}

/** Whether any item writes `authentication.mode` (only then is there anything to layer). */
export function anyAuthMode(items: readonly AuthItem[]): boolean {
  return items.some((i) => i.entry.authMode !== undefined);
}

/** The prefix length of the block of `lo..hi` (split into aligned power-of-two blocks) holding `port`. */
function rangeSpec(lo: number, hi: number, port: number): number {
  let a = lo;
  while (a <= hi) {
    let size = 1;
    while (a % (size * 2) === 0 && a + size * 2 - 1 <= hi) size *= 2;
    if (port < a + size) return 24 - Math.log2(size);
    a += size;
  }
  return 24;
}

/** Prefix lengths of the keys an item has for (proto, port); empty when it does not cover it. */
export function keySpecsAt(e: Entry, proto: PortProto, port: number, dstPorts: readonly ContainerPort[], settings: EngineSettings): number[] {
  if (isL3Only(e)) return [0];
  const out: number[] = [];
  if (proto === 'ICMP' || proto === 'ICMPv6') {
    const family = proto === 'ICMP' ? 'IPv4' : 'IPv6';
    for (const i of e.icmps) if (i.family === family && (icmpTypeWildcard(i) || i.type === port)) out.push(icmpTypeWildcard(i) ? 8 : 24);
    return out;
  }
  const [min, max] = protoBounds(proto);
  for (const pr of e.ports)
    for (const pp of pr.ports) {
      if (pp.port === 0) {
        if (portProtocolSet(pp, proto, dstPorts, settings)[proto].length > 0) out.push(8);
        continue;
      }
      for (const [lo, hi] of portProtocolSet(pp, proto, dstPorts, settings)[proto])
        if (port >= lo && port <= hi) out.push(lo <= min && hi >= max ? 8 : lo === hi ? 24 : rangeSpec(lo, hi, port));
    }
  return out;
}

const isAnyPeer = (e: Entry): boolean => e.peers.kind === 'wildcard' || (e.peers.kind === 'list' && e.peers.items.some((p) => p.kind === 'entity' && p.entity === 'all'));

function before117(version: string): boolean {
  const [maj, min] = version.split('.').map(Number);
  return (maj ?? 1) === 1 && (min ?? 19) < 17;
}

/**
 * The authentication the packet (proto, port) needs given the allow items that match it.
 * `port` null (every port of the protocol): the items' own modes, highest first (no layering).
 */
export function authFor(items: readonly AuthItem[], proto: PortProto, port: number | null, dstPorts: readonly ContainerPort[], settings: EngineSettings): AuthOutcome {
  if (!anyAuthMode(items)) return NONE;
  if (port === null) {
    const top = Math.max(...items.map((i) => LEVEL[i.entry.authMode ?? 'disabled'])) as AuthLevel;
    return top === 0 ? NONE : { level: top, from: items.filter((i) => i.entry.authMode !== undefined && LEVEL[i.entry.authMode] === top).map((i) => i.ref), how: 'own', versionNote: null };
  }
  const keys = new Map<string, Key>();
  for (const { ref, entry } of items) {
    const any = isAnyPeer(entry);
    for (const spec of new Set(keySpecsAt(entry, proto, port, dstPorts, settings))) {
      const id = `${any ? '*' : 'id'}/${spec}`;
      let k = keys.get(id);
      if (!k) keys.set(id, (k = { any, spec, explicit: null, explicitFrom: [] }));
      if (entry.authMode === undefined) continue;
      const level = LEVEL[entry.authMode];
      if (k.explicit === null || level > k.explicit) {
        k.explicit = level;
        k.explicitFrom = [ref];
      } else if (level === k.explicit) k.explicitFrom.push(ref);
    }
  }
  // Each identity class: its most specific key, with the mode it has or inherits.
  const top = (any: boolean): { key: Key; level: AuthLevel; from: RuleRef[]; explicit: boolean } | null => {
    const chain = [...keys.values()].filter((k) => k.any === any).sort((a, b) => b.spec - a.spec);
    const first = chain[0];
    if (!first) return null;
    if (first.explicit !== null) return { key: first, level: first.explicit, from: first.explicitFrom, explicit: true };
    const from = chain.find((k) => k.explicit !== null);
    return { key: first, level: from?.explicit ?? 0, from: from?.explicitFrom ?? [], explicit: false };
  };
  const l3 = top(false);
  const l4 = top(true);
  const one = l3 ?? l4;
  if (one === null) return NONE;
  const outcome = (level: AuthLevel, from: readonly RuleRef[], how: AuthOutcome['how'], versionNote: string | null = null): AuthOutcome =>
    level === 0 && from.length === 0 ? NONE : { level, from, how, versionNote };
  if (l3 === null || l4 === null) return outcome(one.level, one.from, one.explicit ? 'own' : 'inherited');
  const [chosen, other] = l4.key.spec > l3.key.spec ? [l4, l3] : [l3, l4];
  const mixed = [...keys.values()].some((k) => k.any && k.explicit !== null) && [...keys.values()].some((k) => !k.any && k.explicit !== null);
  const note =
    before117(settings.ciliumVersion) && mixed
      ? `Cilium ${settings.ciliumVersion} works out inherited authentication modes in the agent (pkg/policy/mapstate.go authPreferredInsert), not in the datapath as 1.17 and later do (bpf/lib/policy.h): with modes both on items for the peer and on port-only items, it can differ from what is shown here`
      : null;
  if (!chosen.explicit && other.level > chosen.level) return outcome(other.level, other.from, 'inherited', note);
  return outcome(chosen.level, chosen.from, chosen.explicit ? 'own' : 'inherited', note);
}

/**
 * The ports of `items` (allows selecting one peer, with the ports each covers towards the
 * destination) on which the layered authentication is test-always-fail, and the items asking for
 * it; null when there are none. Every stretch of ports between the edges of the items' ranges
 * (and of their port-range blocks) layers the same way, so one port of each is asked.
 */
export function authFailedPorts(
  items: readonly (AuthItem & { readonly ports: PortSet })[],
  dstPorts: readonly ContainerPort[],
  settings: EngineSettings,
): { ports: PortSet; from: RuleRef[] } | null {
  if (!items.some((i) => i.entry.authMode === 'test-always-fail')) return null;
  let failed: PortSet = emptyPortSet;
  const from: RuleRef[] = [];
  for (const proto of portProtocols) {
    const [min, max] = protoBounds(proto);
    const cuts = new Set<number>([min, max + 1]);
    for (const i of items)
      for (const [lo, hi] of i.ports[proto]) {
        let a = lo;
        while (a <= hi) {
          cuts.add(a);
          let size = 1;
          while (a % (size * 2) === 0 && a + size * 2 - 1 <= hi) size *= 2;
          a += size;
        }
        cuts.add(hi + 1);
      }
    const sorted = [...cuts].sort((x, y) => x - y);
    for (let k = 0; k + 1 < sorted.length; k++) {
      const a = sorted[k] as number;
      const b = (sorted[k + 1] as number) - 1;
      const here = items.filter((i) => i.ports[proto].some(([lo, hi]) => a >= lo && a <= hi));
      if (here.length === 0) continue;
      const out = authFor(here, proto, a, dstPorts, settings);
      if (out.level !== 2) continue;
      failed = union(failed, portRange(proto, a, b));
      for (const r of out.from) if (!from.includes(r)) from.push(r);
    }
  }
  return isEmpty(failed) ? null : { ports: failed, from };
}
