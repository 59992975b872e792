import type { PathSegment } from '../load/parseTypes.ts';
import type { IcmpMatch } from '../model/policy.ts';
import { type Collector, describe, isRecord, listField, pruneUnknown, versionAtLeast } from './collect.ts';

/** ICMP type names Cilium accepts in `icmps[].fields[].type` (reference B.5.3, icmp.go). @internal */
const ICMP4: Readonly<Record<string, number>> = {
  EchoReply: 0,
  DestinationUnreachable: 3,
  Redirect: 5,
  Echo: 8,
  EchoRequest: 8,
  RouterAdvertisement: 9,
  RouterSelection: 10,
  TimeExceeded: 11,
  ParameterProblem: 12,
  Timestamp: 13,
  TimestampReply: 14,
  Photuris: 40,
  ExtendedEchoRequest: 42,
  ExtendedEchoReply: 43,
};

const ICMP6: Readonly<Record<string, number>> = {
  DestinationUnreachable: 1,
  PacketTooBig: 2,
  TimeExceeded: 3,
  ParameterProblem: 4,
  EchoRequest: 128,
  EchoReply: 129,
  MulticastListenerQuery: 130,
  MulticastListenerReport: 131,
  MulticastListenerDone: 132,
  RouterSolicitation: 133,
  RouterAdvertisement: 134,
  NeighborSolicitation: 135,
  NeighborAdvertisement: 136,
  RedirectMessage: 137,
  RouterRenumbering: 138,
  ICMPNodeInformationQuery: 139,
  ICMPNodeInformationResponse: 140,
  InverseNeighborDiscoverySolicitation: 141,
  InverseNeighborDiscoveryAdvertisement: 142,
  HomeAgentAddressDiscoveryRequest: 144,
  HomeAgentAddressDiscoveryReply: 145,
  MobilePrefixSolicitation: 146,
  MobilePrefixAdvertisement: 147,
  DuplicateAddressRequestCodeSuffix: 157,
  DuplicateAddressConfirmationCodeSuffix: 158,
  ExtendedEchoRequest: 160,
  ExtendedEchoReply: 161,
};

const MAX_ICMP_FIELDS = 40;

/** Resolves a CamelCase ICMP type name for a family; undefined when unknown. */
export function icmpTypeByName(family: 'IPv4' | 'IPv6', name: string): number | undefined {
  const table = family === 'IPv4' ? ICMP4 : ICMP6;
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

/**
 * Type names in the CRD's pattern for `type` (1.16+): `ExtendedEchoReply` is missing there, the
 * pattern spells it `ExtendedEcho Reply` (pkg/policy/api/icmp.go kubebuilder Pattern), so the
 * API server refuses it although `icmpIpv4TypeNameToCode`/`icmpIpv6TypeNameToCode` know it.
 */
const CRD_PATTERN_MISSING = new Set(['ExtendedEchoReply']);

/** What the CRD accepts as a quoted number (1.16+): 0-255 without leading zeros. */
const NUMERIC_TYPE = /^(?:[0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])$/;

/**
 * Parses an `icmps` list into flat matches (the ICMP code is never matched). `version` is the
 * Cilium release: type names (and quoted numbers) exist from 1.16 (cilium/cilium#30330).
 */
export function parseIcmps(c: Collector, items: readonly unknown[], path: readonly PathSegment[], version: readonly [number, number]): IcmpMatch[] {
  const out: IcmpMatch[] = [];
  items.forEach((item, i) => {
    const ip = [...path, i];
    if (!isRecord(item)) {
      c.reject(ip, 'invalid-type', `an icmps item must be an object with "fields", got ${describe(item)}`);
      return;
    }
    pruneUnknown(c, item, ip, ['fields'], () => 'only "fields" is read from an icmps item');
    const fields = listField(c, item, 'fields', ip);
    if (!fields || fields.length === 0) {
      // Cilium counts icmps items, not types: the rule item is no longer L3-only (pkg/policy/rule.go mergeIngress).
      c.warn(fields ? [...ip, 'fields'] : ip, 'empty-icmps', `this icmps item ${fields ? 'has an empty "fields" list' : 'has no "fields"'}: it names no ICMP type, and the rule item it is in allows nothing (it does not become an all-ports rule)`);
      return;
    }
    if (fields.length > MAX_ICMP_FIELDS) {
      c.reject([...ip, 'fields'], 'too-many-icmp-types', `too many ICMP types (${fields.length}), the maximum is ${MAX_ICMP_FIELDS}`);
    }
    fields.forEach((f, j) => {
      const m = parseIcmpField(c, f, [...ip, 'fields', j], version);
      if (m) out.push(m);
    });
  });
  return out;
}

function parseIcmpField(c: Collector, f: unknown, fp: readonly PathSegment[], version: readonly [number, number]): IcmpMatch | null {
  if (!isRecord(f)) {
    c.reject(fp, 'invalid-type', `an ICMP field must be an object with "type" (and optional "family"), got ${describe(f)}`);
    return null;
  }
  pruneUnknown(c, f, fp, ['family', 'type'], () => 'only "family" and "type" are read');
  const fam = f['family'] ?? '';
  if (fam !== '' && fam !== 'IPv4' && fam !== 'IPv6') {
    c.reject([...fp, 'family'], 'invalid-icmp-family', `wrong ICMP family ${describe(fam)}: use IPv4 (the default) or IPv6`);
    return null;
  }
  const family = fam === 'IPv6' ? 'IPv6' : 'IPv4';
  const t = f['type'];
  const path = c.pathText(fp);
  if (typeof t === 'number') {
    if (!Number.isInteger(t) || t < 0 || t > 255) {
      c.reject([...fp, 'type'], 'invalid-icmp-type', `ICMP type ${t} is out of range 0-255`);
      return null;
    }
    return { path, family, type: t };
  }
  if (typeof t === 'string') {
    if (!versionAtLeast(version, 1, 16)) {
      c.versionGate([...fp, 'type'], 'an ICMP type written as a string', '1.16');
      c.reject(
        [...fp, 'type'],
        'invalid-icmp-type',
        `ICMP type ${describe(t)} is a string: on Cilium ${version.join('.')} the CRD declares type as an integer 0-255, so the API server refuses the policy; names (and quoted numbers) are accepted from Cilium 1.16 (cilium/cilium#30330)${/^\d+$/.test(t) ? '; write the number unquoted' : ''}`,
      );
      return null;
    }
    if (/^\d+$/.test(t)) {
      if (!NUMERIC_TYPE.test(t)) {
        c.reject([...fp, 'type'], 'invalid-icmp-type', `ICMP type "${t}" does not match the CRD's pattern: a quoted type must be 0-255 without leading zeros`);
        return null;
      }
      return { path, family, type: Number(t) };
    }
    if (CRD_PATTERN_MISSING.has(t)) {
      c.reject(
        [...fp, 'type'],
        'invalid-icmp-type',
        `ICMP type name "${t}" is not in the CRD's pattern (it lists "ExtendedEcho Reply", with a space, pkg/policy/api/icmp.go), so the API server refuses the policy: write the number (${family === 'IPv4' ? 43 : 161})`,
      );
      return null;
    }
    const n = icmpTypeByName(family, t);
    if (n === undefined) {
      c.reject([...fp, 'type'], 'invalid-icmp-type', `unknown ${family} ICMP type name "${t}"`);
      return null;
    }
    return { path, family, type: n };
  }
  c.reject([...fp, 'type'], 'invalid-icmp-type', `an ICMP field needs a "type" (number 0-255 or a CamelCase name), got ${describe(t)}`);
  return null;
}
