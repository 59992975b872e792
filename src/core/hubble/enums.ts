/**
 * Hubble's flow enums (api/v1/flow/flow.proto, v1.19). protojson writes enums as names and omits
 * the zero value; a few exporters write numbers, so both forms map to the same name here.
 * @public
 */

export const VERDICTS = ['VERDICT_UNKNOWN', 'FORWARDED', 'DROPPED', 'ERROR', 'AUDIT', 'REDIRECTED', 'TRACED', 'TRANSLATED'] as const;
/** `AUDIT`: the flow passed although policy would drop it (policy audit mode). */
export type Verdict = (typeof VERDICTS)[number];

export const TRAFFIC_DIRECTIONS = ['TRAFFIC_DIRECTION_UNKNOWN', 'INGRESS', 'EGRESS'] as const;
/** Direction of the connection relative to the observing endpoint (EGRESS: source's policy, INGRESS: destination's). */
export type TrafficDirection = (typeof TRAFFIC_DIRECTIONS)[number];

export const FLOW_TYPES = ['UNKNOWN_TYPE', 'L3_L4', 'L7', 'SOCK'] as const;
export type FlowType = (typeof FLOW_TYPES)[number];

export const L7_FLOW_TYPES = ['UNKNOWN_L7_TYPE', 'REQUEST', 'RESPONSE', 'SAMPLE'] as const;
export type L7FlowType = (typeof L7_FLOW_TYPES)[number];

/**
 * DropReason names by code. The set grows with every Cilium release, so a drop reason is an
 * open string: a code missing here is kept as `DROP_REASON_<code>` rather than dropped.
 */
const DROP_REASONS: Readonly<Record<number, string>> = {
  0: 'DROP_REASON_UNKNOWN',
  130: 'INVALID_SOURCE_MAC',
  131: 'INVALID_DESTINATION_MAC',
  132: 'INVALID_SOURCE_IP',
  133: 'POLICY_DENIED',
  134: 'INVALID_PACKET_DROPPED',
  135: 'CT_TRUNCATED_OR_INVALID_HEADER',
  136: 'CT_MISSING_TCP_ACK_FLAG',
  137: 'CT_UNKNOWN_L4_PROTOCOL',
  138: 'CT_CANNOT_CREATE_ENTRY_FROM_PACKET',
  139: 'UNSUPPORTED_L3_PROTOCOL',
  140: 'MISSED_TAIL_CALL',
  141: 'ERROR_WRITING_TO_PACKET',
  142: 'UNKNOWN_L4_PROTOCOL',
  143: 'UNKNOWN_ICMPV4_CODE',
  144: 'UNKNOWN_ICMPV4_TYPE',
  145: 'UNKNOWN_ICMPV6_CODE',
  146: 'UNKNOWN_ICMPV6_TYPE',
  147: 'ERROR_RETRIEVING_TUNNEL_KEY',
  148: 'ERROR_RETRIEVING_TUNNEL_OPTIONS',
  149: 'INVALID_GENEVE_OPTION',
  150: 'UNKNOWN_L3_TARGET_ADDRESS',
  151: 'STALE_OR_UNROUTABLE_IP',
  152: 'NO_MATCHING_LOCAL_CONTAINER_FOUND',
  153: 'ERROR_WHILE_CORRECTING_L3_CHECKSUM',
  154: 'ERROR_WHILE_CORRECTING_L4_CHECKSUM',
  155: 'CT_MAP_INSERTION_FAILED',
  156: 'INVALID_IPV6_EXTENSION_HEADER',
  157: 'IP_FRAGMENTATION_NOT_SUPPORTED',
  158: 'SERVICE_BACKEND_NOT_FOUND',
  160: 'NO_TUNNEL_OR_ENCAPSULATION_ENDPOINT',
  161: 'FAILED_TO_INSERT_INTO_PROXYMAP',
  162: 'REACHED_EDT_RATE_LIMITING_DROP_HORIZON',
  163: 'UNKNOWN_CONNECTION_TRACKING_STATE',
  164: 'LOCAL_HOST_IS_UNREACHABLE',
  165: 'NO_CONFIGURATION_AVAILABLE_TO_PERFORM_POLICY_DECISION',
  166: 'UNSUPPORTED_L2_PROTOCOL',
  167: 'NO_MAPPING_FOR_NAT_MASQUERADE',
  168: 'UNSUPPORTED_PROTOCOL_FOR_NAT_MASQUERADE',
  169: 'FIB_LOOKUP_FAILED',
  170: 'ENCAPSULATION_TRAFFIC_IS_PROHIBITED',
  171: 'INVALID_IDENTITY',
  172: 'UNKNOWN_SENDER',
  173: 'NAT_NOT_NEEDED',
  174: 'IS_A_CLUSTERIP',
  175: 'FIRST_LOGICAL_DATAGRAM_FRAGMENT_NOT_FOUND',
  176: 'FORBIDDEN_ICMPV6_MESSAGE',
  177: 'DENIED_BY_LB_SRC_RANGE_CHECK',
  178: 'SOCKET_LOOKUP_FAILED',
  179: 'SOCKET_ASSIGN_FAILED',
  180: 'PROXY_REDIRECTION_NOT_SUPPORTED_FOR_PROTOCOL',
  181: 'POLICY_DENY',
  182: 'VLAN_FILTERED',
  183: 'INVALID_VNI',
  184: 'INVALID_TC_BUFFER',
  185: 'NO_SID',
  186: 'MISSING_SRV6_STATE',
  187: 'NAT46',
  188: 'NAT64',
  189: 'AUTH_REQUIRED',
  190: 'CT_NO_MAP_FOUND',
  191: 'SNAT_NO_MAP_FOUND',
  192: 'INVALID_CLUSTER_ID',
  193: 'UNSUPPORTED_PROTOCOL_FOR_DSR_ENCAP',
  194: 'NO_EGRESS_GATEWAY',
  195: 'UNENCRYPTED_TRAFFIC',
  196: 'TTL_EXCEEDED',
  197: 'NO_NODE_ID',
  198: 'DROP_RATE_LIMITED',
  202: 'DROP_HOST_NOT_READY',
  203: 'DROP_EP_NOT_READY',
  204: 'DROP_NO_EGRESS_IP',
  205: 'DROP_PUNT_PROXY',
  206: 'DROP_NO_DEVICE',
};

const DROP_REASON_CODES: ReadonlyMap<string, number> = new Map(Object.entries(DROP_REASONS).map(([code, name]) => [name, Number(code)]));

/** A DropReason name (`POLICY_DENIED`), or `DROP_REASON_<code>` for codes this build does not know. */
export type DropReason = string;

export function dropReasonName(code: number): DropReason {
  return DROP_REASONS[code] ?? `DROP_REASON_${code}`;
}

export function dropReasonCode(name: DropReason): number | null {
  const known = DROP_REASON_CODES.get(name);
  if (known !== undefined) return known;
  const m = /^DROP_REASON_(\d+)$/.exec(name);
  return m ? Number(m[1]) : null;
}

/**
 * Drop reasons that are policy decisions (semantics reference D.4): default deny, explicit deny
 * and a mutual-auth rule not yet satisfied. Every other drop is the datapath's, not policy's.
 */
export function isPolicyDropReason(reason: DropReason | null): boolean {
  return reason === 'POLICY_DENIED' || reason === 'POLICY_DENY' || reason === 'AUTH_REQUIRED';
}

/**
 * Maps an enum value as protojson writes it (name) or as some exporters write it (number) to
 * its name; null when neither form is known.
 */
export function enumName<T extends string>(names: readonly T[], value: unknown): T | null {
  if (typeof value === 'string') {
    // names are few (≤ 8): a linear scan beats building a Set per enum.
    for (const n of names) if (n === value) return n;
    return null;
  }
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < names.length) return names[value] ?? null;
  return null;
}

/** Reserved numeric identities (pkg/identity/numericidentity.go). */
const RESERVED_IDENTITIES: Readonly<Record<number, string>> = {
  1: 'host',
  2: 'world',
  3: 'unmanaged',
  4: 'health',
  5: 'init',
  6: 'remote-node',
  7: 'kube-apiserver',
  8: 'ingress',
  9: 'world-ipv4',
  10: 'world-ipv6',
};

/** Name of a reserved identity (`world`, `host`…), or null for a pod, CIDR or unknown identity. */
export function reservedIdentityName(identity: number): string | null {
  return RESERVED_IDENTITIES[identity] ?? null;
}

/** First numeric identity of the local (CIDR/FQDN) scope: identities ≥ this stand for outside addresses. */
export const LOCAL_IDENTITY_SCOPE = 16777216;
