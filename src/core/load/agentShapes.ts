import { isObject } from '../k8s/fields.ts';

/**
 * The shapes of the Cilium agent's own outputs (cilium/cilium api/v1/models), told apart by their
 * fields since they carry no kind: cheap checks the loader asks of every object without a kind,
 * before the readers (agentOutputs.ts, a rare reader) are needed.
 * @internal
 */

/** An agent endpoint model (`cilium-dbg endpoint list -o json` item): no kind, an id and a status with an identity. */
export function isAgentEndpoint(value: unknown): boolean {
  if (!isObject(value) || 'kind' in value || typeof value['id'] !== 'number') return false;
  const status = value['status'];
  return isObject(status) && (isObject(status['identity']) || isObject(status['external-identifiers']));
}

/**
 * models.Policy, as `cilium-dbg policy get -o json|yaml` prints it: `{policy: "<the rules as a
 * JSON string>", revision: N}` (both fields `omitempty`, nothing else). A `policy` that is already
 * a list (the string unwrapped by hand) or of another type is still this shape, to be reported on.
 */
export function isAgentPolicyWrapper(value: unknown): boolean {
  if (!isObject(value) || !('policy' in value)) return false;
  for (const k of Object.keys(value)) if (k !== 'policy' && k !== 'revision') return false;
  const r = value['revision'];
  return r === undefined || typeof r === 'number' || typeof r === 'string';
}

/**
 * An agent identity (models.Identity, `cilium-dbg identity list -o json` item; agentText.ts gives
 * the text form so): no kind, a numeric id, a list of labels, and nothing but `labelsSHA256` beside.
 */
export function isAgentIdentity(value: unknown): boolean {
  if (!isObject(value) || typeof value['id'] !== 'number' || !Array.isArray(value['labels'])) return false;
  for (const k of Object.keys(value)) if (k !== 'id' && k !== 'labels' && k !== 'labelsSHA256') return false;
  return true;
}

/** models.DebugInfo (`cilium-dbg debuginfo -o json`, bugtool's `cilium-debuginfo-<time>.json`): the agent's endpoints and policy among its status. */
export function isAgentDebugInfo(value: unknown): boolean {
  if (!isObject(value) || 'kind' in value || 'apiVersion' in value) return false;
  const hasEndpoints = Array.isArray(value['endpoint-list']);
  const hasPolicy = isAgentPolicyWrapper(value['policy']);
  return (hasEndpoints || hasPolicy) && ('cilium-version' in value || 'cilium-status' in value || (hasEndpoints && hasPolicy));
}

/**
 * kvstore.KeyValuePairs (`cilium kvstore get cilium/<prefix> --recursive -o json`, cilium-cli's
 * sysdump `kvstore-<name>.json`): every key under `cilium/`, every value `{Data, ModRevision, LeaseID}`.
 */
export function isKvstoreDump(value: unknown): boolean {
  if (!isObject(value) || 'kind' in value) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k.startsWith('cilium/') && isObject(value[k]) && 'Data' in (value[k] as object));
}

/**
 * models.IPListEntry (`cilium-dbg ip list -o json` item, bugtool's `cilium-dbg-ip-list--n--o-json.md`):
 * no kind, a `cidr` string and an `identity` (both required by the API), nothing but `hostIP`,
 * `encryptKey` and `metadata` beside (and `datapath`, which agentText.ts sets on `bpf ipcache list` rows).
 */
export function isAgentIpEntry(value: unknown): boolean {
  if (!isObject(value) || typeof value['cidr'] !== 'string' || !('identity' in value)) return false;
  for (const k of Object.keys(value)) if (k !== 'cidr' && k !== 'identity' && k !== 'hostIP' && k !== 'encryptKey' && k !== 'metadata' && k !== 'datapath') return false;
  return true;
}
