import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../load/loadInputs.ts';
import { compile } from '../compile.ts';
import { decide } from '../decide.ts';
import { ipEndpoint, peerEndpoint } from '../testing.ts';
import type { QueryProtocol } from '../types.ts';

/**
 * pkg/policy/mapstate_test.go `TestMapState_denyPreferredInsertWithSubnets`, the 90 rows with policy
 * ordering (a level other than 0 for the allow-all, A or B: "later order", "earlier order"), as
 * cilium/cilium has them at 3ab8efdd3b3f944db3eb8415dfeb4b608e3ae56b (the last commit before main
 * became 1.21, so Cilium 1.20's; read in mhofstetter/cilium, a fork carrying cilium/cilium main;
 * Apache-2.0; SOURCES.md). The rows without ordering are mapstateSubnets.test.ts.
 *
 * Cilium 1.20 users write ordered policies as ClusterNetworkPolicy (tiers.ts): a level is a
 * priority (lower first). Here each selection is an Admin tier rule of its own policy on pa's
 * egress, `priority` = its level: `reservedWorldSelections` is networks 0.0.0.0/0 (every outside
 * address), `worldIPSelections` 192.0.2.3/32, `worldSubnetSelections` 192.0.2.0/24; A and B are Deny
 * or Accept as the row says, the allow-all an Accept of 0.0.0.0/0 at its level; port 0 / proto 0 is
 * no `protocols`, `0/6` `tcp: {}`, `80/6` TCP 80. Without the allow-all, the map upstream reads
 * drops what no key covers: a Baseline tier Deny of 0.0.0.0/0 (after every Admin rule) stands for it.
 *
 * Expected: upstream's expected keys built from the row's `outcome` as its loop builds them
 * (insertAllowAll at every aggregate identity; B before A when B's level is not lower, and after
 * it otherwise; the keys the flags leave out; the world denies of insertDenyWorld*, at the highest
 * precedence), read as bpf/lib/policy.h `__policy_check` at that commit reads a map: per identity
 * the key with the longest L4 match; the probe's own identity against its aggregate
 * (pkg/policy/aggregate.go aggregateFor: a CIDR identity aggregates to world, world to itself; ID 0
 * when neither has a key), the higher precedence winning (a lower level; deny over allow at one
 * level: the precedence bytes of pkg/policy/types/entry.go), then the longer L4 match, then the own
 * identity's. Asked at 192.0.2.3 (the /32's identity), 192.0.2.7 (the /24's), 198.51.100.9
 * (world) on 80/TCP, 81/TCP and 53/UDP.
 */
type Sel = 'world' | 'ip' | 'subnet';
type Id = 'world' | 'ip' | 'subnet';
const SELECTS: Record<Sel, readonly Id[]> = { world: ['world'], ip: ['ip'], subnet: ['subnet', 'ip'] };
const NETWORK: Record<Sel, string> = { world: '0.0.0.0/0', ip: '192.0.2.3/32', subnet: '192.0.2.0/24' };
const ADDRESS: Record<Id, string> = { ip: '192.0.2.3', subnet: '192.0.2.7', world: '198.51.100.9' };
const [AA, A, B, IP_L3_ONLY, IP_PROTO_ONLY, SUBNET_L3_ONLY, SUBNET_PROTO_ONLY, DENY_WORLD, DENY_WORLD_TCP, DENY_WORLD_HTTP, A_L3_NOT_IN_B, B_L3_NOT_IN_A] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048];
const BOTH = A | B;

type Row = readonly [name: string, withAllowAll: boolean, allowAllLevel: number, aSel: Sel, aLevel: number, bSel: Sel, bLevel: number, aIsDeny: boolean, bIsDeny: boolean, aPort: number, aProto: number, bPort: number, bProto: number, outcome: number];

// As in upstream's table (the rows with a level), same columns.
const rows: readonly Row[] = [
  ['deny-allow: a superset a|b L3-only; later order allows the same', true, 2, 'world', 0, 'subnet', 1, true, false, 0, 0, 0, 0, AA | A],
  ['deny-allow: a superset a|b L3-only; later order keys not inserted', false, 0, 'world', 0, 'subnet', 1, true, false, 0, 0, 0, 0, A],
  ['deny-allow: a superset a|b L3-only; later order allowAll', true, 3, 'world', 2, 'subnet', 1, true, false, 0, 0, 0, 0, AA | BOTH],
  ['deny-allow: a superset a|b L3-only; without allow-all, later order allow', false, 0, 'world', 0, 'subnet', 1, true, false, 0, 0, 0, 0, A],
  ['deny-allow: a superset a|b L3-only; without allow-all, later order world deny inserted', false, 0, 'world', 2, 'subnet', 1, true, false, 0, 0, 0, 0, BOTH],
  ['deny-allow: b superset a|b L3-only; later order allows the same', true, 2, 'ip', 0, 'subnet', 1, true, false, 0, 0, 0, 0, AA | BOTH],
  ['deny-allow: b superset a|b L3-only; later order keys not inserted', false, 0, 'ip', 2, 'subnet', 1, true, false, 0, 0, 0, 0, B],
  ['deny-allow: b superset a|b L3-only; later order less specific deny NOT inserted', true, 3, 'ip', 2, 'subnet', 1, true, false, 0, 0, 0, 0, AA | B],
  ['deny-allow: b superset a|b L3-only; without allow-all, later order allow', false, 0, 'ip', 0, 'subnet', 1, true, false, 0, 0, 0, 0, BOTH],
  ['deny-allow: b superset a|b L3-only; without allow-all, later order more specific deny NOT inserted', false, 0, 'ip', 2, 'subnet', 1, true, false, 0, 0, 0, 0, B],
  ['deny-allow: a superset a L3-only, b L4; later order allows the same', true, 2, 'world', 0, 'subnet', 1, true, false, 0, 0, 0, 6, AA | A],
  ['deny-allow: a superset a L3-only, b L4; later order keys not inserted', false, 0, 'subnet', 0, 'ip', 1, true, false, 0, 0, 0, 6, A],
  ['deny-allow: a superset a L3-only, b L4; earlier order allow inserted as allow', true, 3, 'world', 2, 'subnet', 1, true, false, 0, 0, 0, 6, AA | BOTH],
  ['deny-allow: a superset a L3-only, b L4; without allow-all, later order subset allow inserted as deny', false, 0, 'world', 0, 'subnet', 1, true, false, 0, 0, 0, 6, A],
  ['deny-allow: a superset a L3-only, b L4; without allow-all, earlier order allow inserted as allow', false, 0, 'world', 2, 'subnet', 1, true, false, 0, 0, 0, 6, BOTH],
  ['deny-allow: b superset a L3-only, b L4; later order allows the same', true, 2, 'ip', 0, 'subnet', 1, true, false, 0, 0, 0, 6, AA | BOTH | IP_L3_ONLY],
  ['deny-allow: b superset a L3-only, b L4; later order wider keys inserted', false, 0, 'ip', 2, 'subnet', 1, true, false, 0, 0, 0, 6, BOTH],
  ['deny-allow: b superset a L3-only, b L4; later order more specific deny inserted', true, 3, 'ip', 2, 'subnet', 1, true, false, 0, 0, 0, 6, AA | BOTH],
  ['deny-allow: b superset a L3-only, b L4; without allow-all, added deny TCP due to intersecting deny', false, 0, 'ip', 0, 'subnet', 1, true, false, 0, 0, 0, 6, BOTH | IP_L3_ONLY],
  ['deny-allow: b superset a L3-only, b L4; without allow-all, later order more specific deny inserted without denying TCP', false, 0, 'ip', 2, 'subnet', 1, true, false, 0, 0, 0, 6, BOTH],
  ['deny-allow: a superset a L3-only, b L3L4; later order allows the same', true, 2, 'world', 0, 'subnet', 1, true, false, 0, 0, 80, 6, AA | A],
  ['deny-allow: a superset a L3-only, b L3L4; later order keys not inserted', false, 0, 'subnet', 0, 'ip', 1, true, false, 0, 0, 80, 6, A],
  ['deny-allow: a superset a L3-only, b L3L4; earlier order allow inserted as allow', true, 3, 'world', 2, 'subnet', 1, true, false, 0, 0, 80, 6, AA | BOTH],
  ['deny-allow: a superset a L3-only, b L3L4; without allow-all, later order subset allow inserted as deny', false, 0, 'world', 0, 'subnet', 1, true, false, 0, 0, 80, 6, A],
  ['deny-allow: a superset a L3-only, b L3L4; without allow-all, earlier order allow inserted as allow', false, 0, 'world', 2, 'subnet', 1, true, false, 0, 0, 80, 6, BOTH],
  ['deny-allow: b superset a L3-only, b L3L4; later order allows the same', true, 2, 'ip', 0, 'subnet', 1, true, false, 0, 0, 80, 6, AA | BOTH | IP_L3_ONLY],
  ['deny-allow: b superset a L3-only, b L3L4; later order wider keys inserted', false, 0, 'ip', 2, 'subnet', 1, true, false, 0, 0, 80, 6, BOTH],
  ['deny-allow: b superset a L3-only, b L3L4; later order allow-all, more specific deny inserted', true, 3, 'ip', 2, 'subnet', 1, true, false, 0, 0, 80, 6, AA | BOTH],
  ['deny-allow: b superset a L3-only, b L3L4; without allow-all, IP allow not inserted', false, 0, 'ip', 0, 'subnet', 1, true, false, 0, 0, 80, 6, BOTH | IP_L3_ONLY],
  ['deny-allow: b superset a L3-only, b L3L4; without allow-all, later order more specific deny inserted without denying TCP/80', false, 0, 'ip', 2, 'subnet', 1, true, false, 0, 0, 80, 6, BOTH],
  ['deny-allow: a superset a L4, b L3-only; later order allows the same', true, 2, 'world', 0, 'subnet', 1, true, false, 0, 6, 0, 0, AA | BOTH],
  ['deny-allow: a superset a L4, b L3-only; later order wider keys inserted', false, 0, 'subnet', 0, 'ip', 1, true, false, 0, 6, 0, 0, BOTH],
  ['deny-allow: a superset a L4, b L3-only; later order allow-all, world deny inserted', true, 3, 'world', 2, 'subnet', 1, true, false, 0, 6, 0, 0, AA | BOTH | A_L3_NOT_IN_B],
  ['deny-allow: a superset a L4, b L3-only; without allow-all, later order allow the same', false, 0, 'world', 0, 'subnet', 1, true, false, 0, 6, 0, 0, BOTH],
  ['deny-allow: a superset a L4, b L3-only; without allow-all, later order world/TCP deny inserted', false, 0, 'world', 2, 'subnet', 1, true, false, 0, 6, 0, 0, BOTH | A_L3_NOT_IN_B],
  ['deny-allow: b superset a L4, b L3-only; later order allows the same', false, 0, 'ip', 0, 'subnet', 1, true, false, 0, 6, 0, 0, BOTH],
  ['deny-allow: b superset a L4, b L3-only; later order keys not inserted', false, 0, 'ip', 2, 'subnet', 1, true, false, 0, 6, 0, 0, B],
  ['deny-allow: b superset a L4, b L3-only; later order more specific deny NOT inserted', true, 3, 'ip', 2, 'subnet', 1, true, false, 0, 6, 0, 0, AA | B],
  ['deny-allow: b superset a L4, b L3-only; without allow-all, later order allows the same', false, 0, 'ip', 0, 'subnet', 1, true, false, 0, 6, 0, 0, BOTH],
  ['deny-allow: b superset a L4, b L3-only; without allow-all, later order more specific deny not inserted', false, 0, 'ip', 2, 'subnet', 1, true, false, 0, 6, 0, 0, B],
  ['deny-allow: a superset a L4, b L4; later order allows the same', true, 2, 'world', 0, 'subnet', 1, true, false, 0, 6, 0, 6, AA | A],
  ['deny-allow: a superset a L4, b L4; later order keys not inserted', false, 0, 'subnet', 0, 'ip', 1, true, false, 0, 6, 0, 6, A],
  ['deny-allow: a superset a L4, b L4; later order world deny inserted', true, 3, 'world', 2, 'subnet', 1, true, false, 0, 6, 0, 6, AA | BOTH],
  ['deny-allow: a superset a L4, b L4; without allow-all, later order subset allow inserted as deny', false, 0, 'world', 0, 'subnet', 1, true, false, 0, 6, 0, 6, A],
  ['deny-allow: a superset a L4, b L4; without allow-all, earlier order allow inserted as allow', false, 0, 'world', 2, 'subnet', 1, true, false, 0, 6, 0, 6, BOTH],
  ['deny-allow: b superset a L4, b L4; later order allows the same', true, 2, 'ip', 0, 'subnet', 1, true, false, 0, 6, 0, 6, AA | BOTH],
  ['deny-allow: b superset a L4, b L4; later order keys not inserted', false, 0, 'ip', 2, 'subnet', 1, true, false, 0, 6, 0, 6, B],
  ['deny-allow: b superset a L4, b L4; later order more specific deny NOT inserted', true, 3, 'ip', 2, 'subnet', 1, true, false, 0, 6, 0, 6, AA | B],
  ['deny-allow: b superset a L4, b L4; without allow-all, later order allows the same', false, 0, 'ip', 0, 'subnet', 1, true, false, 0, 6, 0, 6, BOTH],
  ['deny-allow: b superset a L4, b L4; without allow-all, later order more specific deny NOT inserted', false, 0, 'ip', 2, 'subnet', 1, true, false, 0, 6, 0, 6, B],
  ['deny-allow: a superset a L4, b L3L4; later order allows the same', true, 2, 'world', 0, 'subnet', 1, true, false, 0, 6, 80, 6, AA | A],
  ['deny-allow: a superset a L4, b L3L4; later order keys not inserted', false, 0, 'subnet', 0, 'ip', 1, true, false, 0, 6, 80, 6, A],
  ['deny-allow: a superset a L4, b L3L4; later order world deny inserted', true, 3, 'world', 2, 'subnet', 1, true, false, 0, 6, 80, 6, AA | BOTH],
  ['deny-allow: a superset a L4, b L3L4; without allow-all, later order allows the same', false, 0, 'world', 0, 'subnet', 1, true, false, 0, 6, 80, 6, A],
  ['deny-allow: a superset a L4, b L3L4; without allow-all, earlier order allow inserted as allow', false, 0, 'world', 2, 'subnet', 1, true, false, 0, 6, 80, 6, BOTH],
  ['deny-allow: b superset a L4, b L3L4; later order allows the same', true, 2, 'ip', 0, 'subnet', 1, true, false, 0, 6, 80, 6, AA | BOTH | IP_PROTO_ONLY],
  ['deny-allow: b superset a L4, b L3L4; later order wider keys inserted', false, 0, 'ip', 2, 'subnet', 1, true, false, 0, 6, 80, 6, BOTH],
  ['deny-allow: b superset a L4, b L3L4; later order more specific deny inserted', true, 3, 'ip', 2, 'subnet', 1, true, false, 0, 6, 80, 6, AA | BOTH],
  ['deny-allow: b superset a L4, b L3L4; without allow-all, later order allows the same', false, 0, 'ip', 0, 'subnet', 1, true, false, 0, 6, 80, 6, BOTH | IP_PROTO_ONLY],
  ['deny-allow: b superset a L4, b L3L4; without allow-all, later order more specific deny inserted', false, 0, 'ip', 2, 'subnet', 1, true, false, 0, 6, 80, 6, BOTH],
  ['deny-allow: a superset a L3L4, b L3-only; later order allows the same', true, 2, 'world', 0, 'subnet', 1, true, false, 80, 6, 0, 0, AA | BOTH],
  ['deny-allow: a superset a L3L4, b L3-only; later order wider keys inserted', false, 0, 'subnet', 0, 'ip', 1, true, false, 80, 6, 0, 0, BOTH],
  ['deny-allow: a superset a L3L4, b L3-only; later order world deny inserted', true, 3, 'world', 2, 'subnet', 1, true, false, 80, 6, 0, 0, AA | BOTH | A_L3_NOT_IN_B],
  ['deny-allow: a superset a L3L4, b L3-only; without allow-all, later order allows the same', false, 0, 'world', 0, 'subnet', 1, true, false, 80, 6, 0, 0, BOTH],
  ['deny-allow: a superset a L3L4, b L3-only; without allow-all, later order world deny inserted', false, 0, 'world', 2, 'subnet', 1, true, false, 80, 6, 0, 0, BOTH | A_L3_NOT_IN_B],
  ['deny-allow: b superset a L3L4, b L3-only; later order allows the same', true, 2, 'ip', 0, 'subnet', 1, true, false, 80, 6, 0, 0, AA | BOTH],
  ['deny-allow: b superset a L3L4, b L3-only; later order keys not inserted', false, 0, 'ip', 2, 'subnet', 1, true, false, 80, 6, 0, 0, B],
  ['deny-allow: b superset a L3L4, b L3-only; later order more specific deny NOT inserted', true, 3, 'ip', 2, 'subnet', 1, true, false, 80, 6, 0, 0, AA | B],
  ['deny-allow: b superset a L3L4, b L3-only; without allow-all, later order allows the same', false, 0, 'ip', 0, 'subnet', 1, true, false, 80, 6, 0, 0, BOTH],
  ['deny-allow: b superset a L3L4, b L3-only; without allow-all, later order more specific deny NOT inserted', false, 0, 'ip', 2, 'subnet', 1, true, false, 80, 6, 0, 0, B],
  ['deny-allow: a superset a L3L4, b L4; later order allows the same', true, 2, 'world', 0, 'subnet', 1, true, false, 80, 6, 0, 6, AA | BOTH],
  ['deny-allow: a superset a L3L4, b L4; later order wider keys inserted', false, 0, 'subnet', 0, 'ip', 1, true, false, 80, 6, 0, 6, BOTH],
  ['deny-allow: a superset a L3L4, b L4; later order world deny inserted', true, 3, 'world', 2, 'subnet', 1, true, false, 80, 6, 0, 6, AA | BOTH | A_L3_NOT_IN_B],
  ['deny-allow: a superset a L3L4, b L4; without allow-all, later order allows the same', false, 0, 'world', 0, 'subnet', 1, true, false, 80, 6, 0, 6, BOTH],
  ['deny-allow: a superset a L3L4, b L4; without allow-all, later order world deny inserted', false, 0, 'world', 2, 'subnet', 1, true, false, 80, 6, 0, 6, BOTH | A_L3_NOT_IN_B],
  ['deny-allow: b superset a L3L4, b L4; later order allows the same', true, 2, 'ip', 0, 'subnet', 1, true, false, 80, 6, 0, 6, AA | BOTH],
  ['deny-allow: b superset a L3L4, b L4; later order keys not inserted', false, 0, 'ip', 2, 'subnet', 1, true, false, 80, 6, 0, 6, B],
  ['deny-allow: b superset a L3L4, b L4; later order more specific deny NOT inserted', true, 3, 'ip', 2, 'subnet', 1, true, false, 80, 6, 0, 6, AA | B],
  ['deny-allow: b superset a L3L4, b L4; without allow-all, later order allows the same', false, 0, 'ip', 0, 'subnet', 1, true, false, 80, 6, 0, 6, BOTH],
  ['deny-allow: b superset a L3L4, b L4; without allow-all, later order more specific deny NOT inserted', false, 0, 'ip', 2, 'subnet', 1, true, false, 80, 6, 0, 6, B],
  ['deny-allow: a superset a L3L4, b L3L4; later order allows the same', true, 2, 'world', 0, 'subnet', 1, true, false, 80, 6, 80, 6, AA | A],
  ['deny-allow: a superset a L3L4, b L3L4; later order keys not inserted', false, 0, 'subnet', 0, 'ip', 1, true, false, 80, 6, 80, 6, A],
  ['deny-allow: a superset a L3L4, b L3L4; later order world deny inserted', true, 3, 'world', 2, 'subnet', 1, true, false, 80, 6, 80, 6, AA | BOTH],
  ['deny-allow: a superset a L3L4, b L3L4; without allow-all, later order allows the same', false, 0, 'world', 0, 'subnet', 1, true, false, 80, 6, 80, 6, A],
  ['deny-allow: a superset a L3L4, b L3L4; without allow-all, later order world deny inserted', false, 0, 'world', 2, 'subnet', 1, true, false, 80, 6, 80, 6, BOTH],
  ['deny-allow: b superset a L3L4, b L3L4; later order allows the same', true, 2, 'ip', 0, 'subnet', 1, true, false, 80, 6, 80, 6, AA | BOTH],
  ['deny-allow: b superset a L3L4, b L3L4; later order keys not inserted', false, 0, 'ip', 2, 'subnet', 1, true, false, 80, 6, 80, 6, B],
  ['deny-allow: b superset a L3L4, b L3L4; later order more specific deny NOT inserted', true, 3, 'ip', 2, 'subnet', 1, true, false, 80, 6, 80, 6, AA | B],
  ['deny-allow: b superset a L3L4, b L3L4; without allow-all, later order allows the same', false, 2, 'ip', 0, 'subnet', 1, true, false, 80, 6, 80, 6, BOTH],
  ['deny-allow: b superset a L3L4, b L3L4; without allow-all, later order more specific deny NOT inserted', false, 3, 'ip', 2, 'subnet', 1, true, false, 80, 6, 80, 6, B],
];

/** A map key: identity (`any`: ID 0), L4 (0: wildcard), and its entry's level (-1: the highest precedence) and verdict. */
interface Key {
  readonly id: Id | 'any';
  readonly proto: number;
  readonly port: number;
  readonly level: number;
  readonly deny: boolean;
}

/** Upstream's expected map for a row (its loop over `outcome`); a later insert of a key replaces an earlier one. */
function expectedKeys(r: Row): Key[] {
  const [, , aaLevel, aSel, aLevel, bSel, bLevel, aDeny, bDeny, aPort, aProto, bPort, bProto, outcome] = r;
  const keep = (id: Id, proto: number, port: number) =>
    !(outcome & IP_L3_ONLY && id === 'ip' && (proto !== 0 || port !== 0)) &&
    !(outcome & IP_PROTO_ONLY && id === 'ip' && port !== 0) &&
    !(outcome & SUBNET_L3_ONLY && id === 'subnet' && (proto !== 0 || port !== 0)) &&
    !(outcome & SUBNET_PROTO_ONLY && id === 'subnet' && port !== 0);
  const aKeys = SELECTS[aSel].filter((id) => keep(id, aProto, aPort)).map((id) => ({ id, proto: aProto, port: aPort, level: aLevel, deny: aDeny }));
  const bKeys = SELECTS[bSel].filter((id) => keep(id, bProto, bPort)).map((id) => ({ id, proto: bProto, port: bPort, level: bLevel, deny: bDeny }));
  const map = new Map<string, Key>();
  const insert = (k: Key) => map.set(`${k.id}/${k.proto}/${k.port}`, k);
  const insertB = () => {
    if (outcome & B) for (const k of bKeys) if (!(outcome & B_L3_NOT_IN_A && aKeys.some((a) => a.id === k.id))) insert(k);
  };
  // The aggregates a probe can reach: ID 0 and world (remote-node, cluster and cluster-mesh are not asked).
  if (outcome & AA) for (const id of ['any', 'world'] as const) insert({ id, proto: 0, port: 0, level: aaLevel, deny: false });
  if (aLevel <= bLevel) insertB();
  if (outcome & A) for (const k of aKeys) if (!(outcome & A_L3_NOT_IN_B && bKeys.some((b) => b.id === k.id))) insert(k);
  if (aLevel > bLevel) insertB();
  if (outcome & DENY_WORLD) insert({ id: 'world', proto: 0, port: 0, level: -1, deny: true });
  if (outcome & DENY_WORLD_TCP) insert({ id: 'world', proto: 6, port: 0, level: -1, deny: true });
  if (outcome & DENY_WORLD_HTTP) insert({ id: 'world', proto: 6, port: 80, level: -1, deny: true });
  return [...map.values()];
}

/** Higher wins: a lower level, then deny over allow (entry.go: 255 deny, 1 allow in the low byte). */
const precedence = (k: Key): number => -k.level * 2 + (k.deny ? 1 : 0);
const prefix = (k: Key): number => (k.proto !== 0 ? 1 : 0) + (k.port !== 0 ? 1 : 0);

/** The key of identity `id` with the longest L4 match for the probe (the policy map's LPM), if any. */
function lookup(keys: readonly Key[], id: Id | 'any', proto: number, port: number): Key | undefined {
  const covering = keys.filter((k) => k.id === id && (k.proto === 0 || k.proto === proto) && (k.port === 0 || k.port === port));
  return covering.sort((x, y) => prefix(y) - prefix(x))[0];
}

/** bpf/lib/policy.h `__policy_check`: the own identity's key against its aggregate's (ID 0 when neither has one). */
function datapath(keys: readonly Key[], id: Id, proto: number, port: number): 'allowed' | 'denied' {
  const own = lookup(keys, id, proto, port);
  let agg = id !== 'world' ? lookup(keys, 'world', proto, port) : undefined;
  if (agg === undefined && own === undefined) agg = lookup(keys, 'any', proto, port);
  const chosen = agg !== undefined && (own === undefined || precedence(agg) > precedence(own) || (precedence(agg) === precedence(own) && prefix(agg) > prefix(own))) ? agg : own;
  return chosen === undefined || chosen.deny ? 'denied' : 'allowed';
}

const protocols = (port: number, proto: number): string => (proto === 0 ? '' : `\n    protocols: [{tcp: ${port === 0 ? '{}' : `{destinationPort: {number: ${port}}}`}}]`);
const cnp = (name: string, tier: 'Admin' | 'Baseline', priority: number, action: 'Accept' | 'Deny', sel: Sel, port: number, proto: number) => `---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: ${name}}
spec:
  tier: ${tier}
  priority: ${priority}
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: a}}}
  egress:
  - action: ${action}
    to: [{networks: ["${NETWORK[sel]}"]}]${protocols(port, proto)}
`;
const inventory = `apiVersion: v1
kind: Namespace
metadata: {name: a}
---
apiVersion: v1
kind: Pod
metadata: {name: pa, namespace: a}
spec: {containers: [{name: c, image: i}]}
status: {podIP: 10.0.0.1}
`;
const PROBES: readonly (readonly [QueryProtocol, number, number])[] = [
  ['TCP', 6, 80],
  ['TCP', 6, 81],
  ['UDP', 17, 53],
];

describe('TestMapState_denyPreferredInsertWithSubnets, rows with policy ordering (Cilium 1.20), as ClusterNetworkPolicy priorities', () => {
  rows.forEach((row, i) => {
    const [name, withAllowAll, aaLevel, aSel, aLevel, bSel, bLevel, aDeny, bDeny, aPort, aProto, bPort, bProto] = row;
    it(`#${i + 1} ${name}`, () => {
      const yaml = [
        inventory,
        cnp('a', 'Admin', aLevel, aDeny ? 'Deny' : 'Accept', aSel, aPort, aProto),
        cnp('b', 'Admin', bLevel, bDeny ? 'Deny' : 'Accept', bSel, bPort, bProto),
        withAllowAll ? cnp('allow-all', 'Admin', aaLevel, 'Accept', 'world', 0, 0) : cnp('default-deny', 'Baseline', 0, 'Deny', 'world', 0, 0),
      ].join('');
      const loaded = loadInputs([{ name: 'p.yaml', data: yaml }]);
      expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const model = compile(loaded.cluster, { ciliumVersion: '1.20', clusterNetworkPolicy: true });
      const from = peerEndpoint(model, 'a/pa');
      const keys = expectedKeys(row);
      for (const id of ['ip', 'subnet', 'world'] as const)
        for (const [protocol, protoNumber, port] of PROBES)
          expect(decide(model, { from, to: ipEndpoint(ADDRESS[id]), port, protocol }).verdict, `${id} ${port}/${protocol}`).toBe(datapath(keys, id, protoNumber, port));
    });
  });
});
