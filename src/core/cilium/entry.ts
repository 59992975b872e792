import type { PathSegment } from '../load/parseTypes.ts';
import type { Action, Direction, Entry, IcmpMatch, PortRule } from '../model/policy.ts';
import { type Collector, describe, field, isRecord, type Json, listField, objectField, pruneUnknown, versionAtLeast } from './collect.ts';
import { rareReaders } from '../load/rareInputs.ts';
import { type PeerContext, parsePeers, parseRequires, peerFields } from './peers.ts';
import { parsePortRules } from './ports.ts';

/**
 * One `ingress`/`ingressDeny`/`egress`/`egressDeny` item → `Entry` (reference B.2).
 * @internal
 */
export interface EntryContext extends PeerContext {
  readonly hostPolicy: boolean;
}

const AUTH_MODES = ['disabled', 'required', 'test-always-fail'];

function knownFields(direction: Direction, deny: boolean, version: readonly [number, number]): string[] {
  const peers = peerFields(direction, deny, version).map((f) => f.name);
  const requires = direction === 'ingress' ? 'fromRequires' : 'toRequires';
  return [...peers, requires, 'toPorts', 'icmps', ...(deny ? [] : ['authentication'])];
}

/** What dropping `key` from the item means for the verdict (for the pruning warning). */
function pruneConsequence(item: Json, key: string, near: string | undefined, direction: Direction, deny: boolean, version: readonly [number, number]): string {
  const peerNames = peerFields(direction, deny, version).map((f) => f.name);
  const hasPeer = peerNames.some((n) => field(item, n) !== undefined);
  const hasL4 = field(item, 'toPorts') !== undefined || field(item, 'icmps') !== undefined;
  const verb = deny ? 'denies' : 'allows';
  if (deny && key === 'toFQDNs') {
    return hasPeer
      ? 'egressDeny cannot select FQDNs'
      : `egressDeny cannot select FQDNs, and with no peer left this item ${verb} every peer${hasL4 ? ' on its ports' : ' (nothing, without ports)'}`;
  }
  if (deny && key === 'authentication') return 'deny items have no authentication';
  // fromNodes/toNodes came with Cilium 1.16 (peers.ts peerFields): before, the CRD prunes them.
  const tooNew = key === (direction === 'ingress' ? 'fromNodes' : 'toNodes') && !versionAtLeast(version, 1, 16);
  const since = tooNew ? `${key} came with Cilium 1.16: the CRD of Cilium ${version.join('.')} does not have it; ` : '';
  const peerLike = tooNew || (near !== undefined ? peerNames.includes(near) : looksLikePeer(key));
  if (!hasPeer && peerLike) {
    return since + (hasL4
      ? `with no peer selector left, this item ${verb} every peer (including world) on its ports`
      : `with neither peers nor ports left, this item ${verb} nothing (but still switches on default deny)`);
  }
  if (hasPeer && !hasL4 && (near === 'toPorts' || near === 'icmps' || /port|icmp/i.test(key))) {
    return `with no ports left, this item ${verb} its peers on all ports and protocols`;
  }
  return `${since}it has no effect`;
}

function looksLikePeer(key: string): boolean {
  return /^(from|to)/i.test(key) && !/^toports?$/i.test(key);
}

export function parseEntry(
  c: Collector,
  raw: unknown,
  ip: readonly PathSegment[],
  direction: Direction,
  action: Action,
  ctx: EntryContext,
): Entry | null {
  const deny = action === 'deny';
  if (!isRecord(raw)) {
    c.reject(ip, 'invalid-type', `a rule item must be an object, got ${describe(raw)} (write {} for an item that allows nothing)`);
    return null;
  }
  const known = knownFields(direction, deny, ctx.version);
  pruneUnknown(c, raw, ip, known, (k, near) => pruneConsequence(raw, k, near, direction, deny, ctx.version));
  const nodesKey = direction === 'ingress' ? 'fromNodes' : 'toNodes';
  if (!versionAtLeast(ctx.version, 1, 16) && field(raw, nodesKey) !== undefined) c.versionGate([...ip, nodesKey], nodesKey, '1.16');
  const requires = parseRequires(c, raw, ip, ctx);
  const peers = parsePeers(c, raw, ip, ctx);

  let ports: PortRule[] = [];
  const toPorts = listField(c, raw, 'toPorts', ip);
  if (toPorts) ports = parsePortRules(c, toPorts, [...ip, 'toPorts'], { deny, direction, hostPolicy: ctx.hostPolicy, version: ctx.version });
  let icmps: IcmpMatch[] = [];
  const rawIcmps = listField(c, raw, 'icmps', ip);
  // ICMP rules are rare: their reader (icmp.ts, with the type names) is in the rare readers' chunk.
  if (rawIcmps) icmps = rareReaders.get().parseIcmps(c, rawIcmps, [...ip, 'icmps'], ctx.version);
  // Cilium 1.14-1.16 refuse toServices with toPorts (l3DependentL4Support "ToServices": false,
  // cilium/cilium#20067); 1.17 allows it (rule_validation.go, toServices selecting pods, #34208).
  const services = direction === 'egress' ? field(raw, 'toServices') : undefined;
  if (toPorts && toPorts.length > 0 && Array.isArray(services) && services.length > 0 && !versionAtLeast(ctx.version, 1, 17)) {
    c.versionGate([...ip, 'toPorts'], 'toServices with toPorts', '1.17');
    c.reject(
      [...ip, 'toPorts'],
      'toservices-with-toports',
      `Combining ToServices and ToPorts is not supported yet on Cilium ${ctx.version.join('.')} (rule_validation.go, cilium/cilium#20067): Cilium 1.14 to 1.16 refuse the policy; 1.17 accepts it. Put the ports on a toEndpoints item selecting the Service's pods, or leave toPorts out`,
    );
  }
  if (toPorts && toPorts.length > 0 && rawIcmps && rawIcmps.length > 0) {
    c.reject([...ip, 'icmps'], 'icmps-with-toports', 'the icmps block may only be present without toPorts: define a separate item for the ports');
  }

  let authRequired = false;
  let authAlwaysFail = false;
  let authMode: 'disabled' | 'required' | 'test-always-fail' | null = null;
  if (!deny) {
    const auth = objectField(c, raw, 'authentication', ip);
    if (auth) {
      pruneUnknown(c, auth, [...ip, 'authentication'], ['mode'], () => 'only "mode" is read');
      const mode = field(auth, 'mode');
      if (typeof mode !== 'string' || !AUTH_MODES.includes(mode)) {
        c.reject([...ip, 'authentication', 'mode'], 'invalid-auth-mode', `authentication mode must be one of ${AUTH_MODES.join(', ')}, got ${describe(mode)}`);
      } else {
        // `test-always-fail` also requires authentication (which then never succeeds).
        authRequired = mode !== 'disabled';
        authAlwaysFail = mode === 'test-always-fail';
        authMode = mode as 'disabled' | 'required' | 'test-always-fail';
      }
    }
  }

  // `icmps: [{}]` names no type but still makes the item non-L3-only (it then matches nothing).
  const emptyIcmps = icmps.length === 0 && rawIcmps !== null && rawIcmps !== undefined && rawIcmps.length > 0;
  if (peers.kind === 'wildcard' && ports.length === 0 && icmps.length === 0 && !emptyIcmps) reportEmptyItem(c, raw, ip, known, direction, deny);
  return { path: c.pathText(ip), direction, action, peers, ports, icmps, ...(emptyIcmps ? { emptyIcmps: true as const } : {}), authRequired, ...(authAlwaysFail ? { authAlwaysFail: true as const } : {}), ...(authMode !== null ? { authMode } : {}), ...(requires.length > 0 ? { requires } : {}) };
}

/**
 * An item left with no peers and no ports matches nothing. `{}` is the idiom for that; the same
 * result from `fromEndpoints:` with no value (null = absent) is almost always a mistake.
 */
function reportEmptyItem(c: Collector, raw: Json, ip: readonly PathSegment[], known: readonly string[], direction: Direction, deny: boolean): void {
  const nulls = known.filter((k) => k in raw && raw[k] === null);
  const written = known.filter((k) => k in raw);
  if (written.length === 0) return;
  const effect = `this item has no peers and no ports: it ${deny ? 'denies' : 'allows'} nothing (but switches on default deny for ${direction})`;
  if (nulls.length > 0) {
    c.warn([...ip, nulls[0] as string], 'null-field', `"${nulls.join('", "')}" with no value counts as absent (not as [{}]), so ${effect}`);
  } else {
    c.info(ip, 'empty-item', effect);
  }
}
