import { describe, expect, it } from 'vitest';
import type { QueryProtocol } from '../types.ts';
import { reasonOf, rule, upstreamModel } from './harness.ts';

/**
 * pkg/policy/mapstate_test.go `TestMapState_denyPreferredInsertWithSubnets` (cilium/cilium
 * `008ab736b26b2549bcebb25ab298972daaac369d`, Apache-2.0; SOURCES.md), the deny-allow and deny-deny rows
 * without policy ordering (allow-all, A and B all at level 0; the rows with levels, the 1.20 ordered
 * policies, are mapstateOrdered.test.ts). Upstream inserts ingress keys for the identities each selector selects
 * and compares the resulting map with the keys it expects (`outcome`). Here:
 * - the selections are rules: `reservedWorldSelections` (world, 192.0.2.3/32, 192.0.2.0/24) is
 *   `fromEntities: [world]`, `worldIPSelections` is `fromCIDR: [192.0.2.3/32]`,
 *   `worldSubnetSelections` (192.0.2.0/24, 192.0.2.3/32) is `fromCIDR: [192.0.2.0/24]`; A is the
 *   deny (`ingressDeny`), B the allow, allow-all is `fromEntities: [all]`; port 0 / proto 0 is no
 *   `toPorts`, `0/6` every TCP port, `80/6` 80/TCP;
 * - the expected keys are built as upstream builds them from `outcome` (insertAllowAll, insertA,
 *   insertB, and the B keys of the /32 left out by worldIPl3only / worldIPProtoOnly), and a probe
 *   (identity, protocol, port) is dropped by a covering deny key, passed by a covering allow key,
 *   dropped by default otherwise (the datapath with a map Cilium keeps free of shadowed denies);
 * - the identities are asked as addresses: 192.0.2.3 (the /32's identity), 192.0.2.7 (the /24's),
 *   198.51.100.9 (reserved:world), on 80/TCP, 81/TCP and 53/UDP.
 */
type Sel = 'world' | 'ip' | 'subnet';
type Id = 'world' | 'ip' | 'subnet';
const SELECTS: Record<Sel, readonly Id[]> = { world: ['world', 'ip', 'subnet'], ip: ['ip'], subnet: ['subnet', 'ip'] };
const PEER: Record<Sel, string> = { world: 'fromEntities: [world]', ip: 'fromCIDR: [192.0.2.3/32]', subnet: 'fromCIDR: [192.0.2.0/24]' };
const ADDRESS: Record<Id, string> = { ip: '192.0.2.3', subnet: '192.0.2.7', world: '198.51.100.9' };
const [AA, A, B, IP_L3_ONLY, IP_PROTO_ONLY, A_L3_NOT_IN_B, B_L3_NOT_IN_A] = [1, 2, 4, 8, 16, 32, 64];
const BOTH = A | B;

// name, with allow-all, a selections, b selections, aPort, aProto, bPort, bProto, outcome: as in upstream's table.
const rows: readonly (readonly [string, boolean, Sel, Sel, number, number, number, number, number])[] = [
  ['a superset a|b L3-only; subset allow inserted as deny', true, 'world', 'subnet', 0, 0, 0, 0, AA | A],
  ['a superset a|b L3-only; without allow-all', false, 'world', 'subnet', 0, 0, 0, 0, A],
  ['b superset a|b L3-only', true, 'ip', 'subnet', 0, 0, 0, 0, AA | A],
  ['b superset a|b L3-only; without allow-all', false, 'ip', 'subnet', 0, 0, 0, 0, BOTH],
  ['a superset a L3-only, b L4; subset allow inserted as deny', true, 'world', 'subnet', 0, 0, 0, 6, AA | A],
  ['a superset a L3-only, b L4; without allow-all, subset allow inserted as deny', false, 'world', 'subnet', 0, 0, 0, 6, A],
  ['b superset a L3-only, b L4', true, 'ip', 'subnet', 0, 0, 0, 6, AA | BOTH | IP_L3_ONLY],
  ['b superset a L3-only, b L4; without allow-all, added deny TCP due to intersecting deny', false, 'ip', 'subnet', 0, 0, 0, 6, BOTH | IP_L3_ONLY],
  ['a superset a L3-only, b L3L4; subset allow inserted as deny', true, 'world', 'subnet', 0, 0, 80, 6, AA | A],
  ['a superset a L3-only, b L3L4; without allow-all, subset allow inserted as deny', false, 'world', 'subnet', 0, 0, 80, 6, A],
  ['b superset a L3-only, b L3L4; IP allow not inserted', true, 'ip', 'subnet', 0, 0, 80, 6, AA | BOTH | IP_L3_ONLY],
  ['b superset a L3-only, b L3L4; without allow-all, IP allow not inserted', false, 'ip', 'subnet', 0, 0, 80, 6, BOTH | IP_L3_ONLY],
  ['a superset a L4, b L3-only', true, 'world', 'subnet', 0, 6, 0, 0, AA | A],
  ['a superset a L4, b L3-only; without allow-all', false, 'world', 'subnet', 0, 6, 0, 0, BOTH],
  ['b superset a L4, b L3-only', true, 'ip', 'subnet', 0, 6, 0, 0, AA | A],
  ['b superset a L4, b L3-only; without allow-all, more specific deny added', false, 'ip', 'subnet', 0, 6, 0, 0, BOTH],
  ['a superset a L4, b L4; subset allow inserted as deny', true, 'world', 'subnet', 0, 6, 0, 6, AA | A],
  ['a superset a L4, b L4; without allow-all, subset allow inserted as deny', false, 'world', 'subnet', 0, 6, 0, 6, A],
  ['b superset a L4, b L4', true, 'ip', 'subnet', 0, 6, 0, 6, AA | BOTH],
  ['b superset a L4, b L4; without allow-all', false, 'ip', 'subnet', 0, 6, 0, 6, BOTH],
  ['a superset a L4, b L3L4; subset allow not inserted', true, 'world', 'subnet', 0, 6, 80, 6, AA | A],
  ['a superset a L4, b L3L4; without allow-all, subset allow not inserted', false, 'world', 'subnet', 0, 6, 80, 6, A],
  ['b superset a L4, b L3L4', true, 'ip', 'subnet', 0, 6, 80, 6, AA | BOTH | IP_PROTO_ONLY],
  ['b superset a L4, b L3L4; without allow-all', false, 'ip', 'subnet', 0, 6, 80, 6, BOTH | IP_PROTO_ONLY],
  ['a superset a L3L4, b L3-only', true, 'world', 'subnet', 80, 6, 0, 0, AA | A],
  ['a superset a L3L4, b L3-only; without allow-all', false, 'world', 'subnet', 80, 6, 0, 0, BOTH],
  ['b superset a L3L4, b L3-only', true, 'ip', 'subnet', 80, 6, 0, 0, AA | A],
  ['b superset a L3L4, b L3-only; without allow-all', false, 'ip', 'subnet', 80, 6, 0, 0, BOTH],
  ['a superset a L3L4, b L4', true, 'world', 'subnet', 80, 6, 0, 6, AA | BOTH],
  ['a superset a L3L4, b L4; without allow-all', false, 'world', 'subnet', 80, 6, 0, 6, BOTH],
  ['b superset a L3L4, b L4', true, 'ip', 'subnet', 80, 6, 0, 6, AA | BOTH],
  ['b superset a L3L4, b L4; without allow-all', false, 'ip', 'subnet', 80, 6, 0, 6, BOTH],
  ['a superset a L3L4, b L3L4', true, 'world', 'subnet', 80, 6, 80, 6, AA | A],
  ['a superset a L3L4, b L3L4; without allow-all', false, 'world', 'subnet', 80, 6, 80, 6, A],
  ['b superset a L3L4, b L3L4', true, 'ip', 'subnet', 80, 6, 80, 6, AA | BOTH],
  ['b superset a L3L4, b L3L4; without allow-all', false, 'ip', 'subnet', 80, 6, 80, 6, BOTH],
];

// The deny-deny rows (B is a deny too), same columns.
const denyDenyRows: readonly (readonly [string, boolean, Sel, Sel, number, number, number, number, number])[] = [
  ['b superset a|b L3-only', true, 'subnet', 'world', 0, 0, 0, 0, AA | BOTH],
  ['b superset a|b L3-only; without allow-all', false, 'subnet', 'world', 0, 0, 0, 0, BOTH],
  ['b superset a|b L3-only (second row)', true, 'subnet', 'world', 0, 0, 0, 0, AA | B],
  ['b superset a|b L3-only; without allow-all (second row)', false, 'subnet', 'world', 0, 0, 0, 0, B],
  ['a superset a L3-only, b L4', true, 'subnet', 'ip', 0, 0, 0, 6, AA | A],
  ['a superset a L3-only, b L4; without allow-all', false, 'subnet', 'ip', 0, 0, 0, 6, A],
  ['b superset a L3-only, b L4', true, 'subnet', 'world', 0, 0, 0, 6, AA | BOTH | B_L3_NOT_IN_A],
  ['b superset a L3-only, b L4; without allow-all', false, 'subnet', 'world', 0, 0, 0, 6, BOTH | B_L3_NOT_IN_A],
  ['a superset a L3-only, b L3L4', true, 'subnet', 'ip', 0, 0, 80, 6, AA | A],
  ['a superset a L3-only, b L3L4; without allow-all', false, 'subnet', 'ip', 0, 0, 80, 6, A],
  ['b superset a L3-only, b L3L4', true, 'subnet', 'world', 0, 0, 80, 6, AA | BOTH | B_L3_NOT_IN_A],
  ['b superset a L3-only, b L3L4; without allow-all', false, 'subnet', 'world', 0, 0, 80, 6, BOTH | B_L3_NOT_IN_A],
  ['a superset a L4, b L3-only', true, 'subnet', 'ip', 0, 6, 0, 0, AA | BOTH | A_L3_NOT_IN_B],
  ['a superset a L4, b L3-only; without allow-all', false, 'subnet', 'ip', 0, 6, 0, 0, BOTH | A_L3_NOT_IN_B],
  ['b superset a L4, b L3-only', true, 'subnet', 'world', 0, 6, 0, 0, AA | B],
  ['b superset a L4, b L3-only; without allow-all', false, 'subnet', 'world', 0, 6, 0, 0, B],
  ['a superset a L4, b L4', true, 'subnet', 'ip', 0, 6, 0, 6, AA | BOTH],
  ['a superset a L4, b L4; without allow-all', false, 'subnet', 'ip', 0, 6, 0, 6, BOTH],
  ['b superset a L4, b L4', true, 'subnet', 'world', 0, 6, 0, 6, AA | BOTH],
  ['b superset a L4, b L4; without allow-all', false, 'subnet', 'world', 0, 6, 0, 6, BOTH],
  ['a superset a L4, b L3L4', true, 'subnet', 'ip', 0, 6, 80, 6, AA | A],
  ['a superset a L4, b L3L4; without allow-all', false, 'subnet', 'ip', 0, 6, 80, 6, A],
  ['b superset a L4, b L3L4', true, 'subnet', 'world', 0, 6, 80, 6, AA | BOTH | B_L3_NOT_IN_A],
  ['b superset a L4, b L3L4; without allow-all', false, 'subnet', 'world', 0, 6, 80, 6, BOTH | B_L3_NOT_IN_A],
  ['a superset a L3L4, b L3-only', true, 'subnet', 'ip', 80, 6, 0, 0, AA | BOTH | A_L3_NOT_IN_B],
  ['a superset a L3L4, b L3-only; without allow-all', false, 'subnet', 'ip', 80, 6, 0, 0, BOTH | A_L3_NOT_IN_B],
  ['b superset a L3L4, b L3-only', true, 'subnet', 'world', 80, 6, 0, 0, AA | B],
  ['b superset a L3L4, b L3-only; without allow-all', false, 'subnet', 'world', 80, 6, 0, 0, B],
  ['a superset a L3L4, b L4', true, 'subnet', 'ip', 80, 6, 0, 6, AA | BOTH | A_L3_NOT_IN_B],
  ['a superset a L3L4, b L4; without allow-all', false, 'subnet', 'ip', 80, 6, 0, 6, BOTH | A_L3_NOT_IN_B],
  ['b superset a L3L4, b L4', true, 'subnet', 'world', 80, 6, 0, 6, AA | B],
  ['b superset a L3L4, b L4; without allow-all', false, 'subnet', 'world', 80, 6, 0, 6, B],
  ['a superset a L3L4, b L3L4', true, 'subnet', 'ip', 80, 6, 80, 6, AA | BOTH],
  ['a superset a L3L4, b L3L4; without allow-all', false, 'subnet', 'ip', 80, 6, 80, 6, BOTH],
  ['b superset a L3L4, b L3L4', true, 'subnet', 'world', 80, 6, 80, 6, AA | BOTH],
  ['b superset a L3L4, b L3L4; without allow-all', false, 'subnet', 'world', 80, 6, 80, 6, BOTH],
];

interface Key {
  readonly id: Id | 'any';
  readonly proto: number;
  readonly port: number;
  readonly deny: boolean;
}

/** Upstream's expected keys for a row (its loop over `outcome`); `bDeny` for the deny-deny rows. */
function expectedKeys([, , aSel, bSel, aPort, aProto, bPort, bProto, outcome]: (typeof rows)[number], bDeny: boolean): Key[] {
  const keep = (id: Id, proto: number, port: number) => !(outcome & IP_L3_ONLY && id === 'ip' && (proto !== 0 || port !== 0)) && !(outcome & IP_PROTO_ONLY && id === 'ip' && port !== 0);
  const aKeys = SELECTS[aSel].filter((id) => keep(id, aProto, aPort)).map((id) => ({ id, proto: aProto, port: aPort, deny: true }));
  const bKeys = SELECTS[bSel].filter((id) => keep(id, bProto, bPort)).map((id) => ({ id, proto: bProto, port: bPort, deny: bDeny }));
  const keys: Key[] = [];
  if (outcome & AA) keys.push({ id: 'any', proto: 0, port: 0, deny: false });
  if (outcome & B) keys.push(...bKeys.filter((k) => !(outcome & B_L3_NOT_IN_A && aKeys.some((a) => a.id === k.id))));
  if (outcome & A) keys.push(...aKeys.filter((k) => !(outcome & A_L3_NOT_IN_B && bKeys.some((b) => b.id === k.id))));
  return keys;
}

/** The datapath's answer from those keys: a covering deny drops, else a covering allow passes. */
function verdictOf(keys: readonly Key[], id: Id, proto: number, port: number): 'explicit-deny' | 'allowed' | 'default-deny' {
  const covering = keys.filter((k) => (k.id === 'any' || k.id === id) && (k.proto === 0 || k.proto === proto) && (k.port === 0 || k.port === port));
  return covering.some((k) => k.deny) ? 'explicit-deny' : covering.length > 0 ? 'allowed' : 'default-deny';
}

const ports = (port: number, proto: number) => (proto === 0 ? '' : `\n  toPorts: [{ports: [{port: '${port}', protocol: TCP}]}]`);
const PROBES: readonly (readonly [QueryProtocol, number, number])[] = [
  ['TCP', 6, 80],
  ['TCP', 6, 81],
  ['UDP', 17, 53],
];

describe('TestMapState_denyPreferredInsertWithSubnets, rows without ordering', () => {
  for (const [kind, table] of [['deny-allow', rows], ['deny-deny', denyDenyRows]] as const)
    for (const row of table) {
      const [name, withAllowAll, aSel, bSel, aPort, aProto, bPort, bProto] = row;
      it(`${kind}: ${name}`, () => {
        const bSection = kind === 'deny-deny' ? 'ingressDeny' : 'ingress';
        const m = upstreamModel(
          [
            rule('{matchLabels: {id: a}}', `ingressDeny:\n- ${PEER[aSel]}${ports(aPort, aProto)}`),
            rule('{matchLabels: {id: a}}', `${bSection}:\n- ${PEER[bSel]}${ports(bPort, bProto)}`),
            ...(withAllowAll ? [rule('{matchLabels: {id: a}}', 'ingress: [{fromEntities: [all]}]')] : []),
          ],
          { a: { id: 'a' } },
        );
        const keys = expectedKeys(row, kind === 'deny-deny');
        for (const id of ['ip', 'subnet', 'world'] as const)
          for (const [proto, protoNumber, port] of PROBES) expect(reasonOf(m, 'ingress', ADDRESS[id], 'a', port, proto), `${id} ${port}/${proto}`).toBe(verdictOf(keys, id, protoNumber, port));
      });
    }
});
