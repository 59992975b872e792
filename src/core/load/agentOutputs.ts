import type { AgentIpcacheEntry, CiliumEndpointInfo, CiliumIdentityInfo, Pod } from '../model/cluster.ts';
import { formatIp, parseIp } from '../net/cidr.ts';
import type { SourceRef } from '../model/diagnostic.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { PolicyRef } from '../model/policy.ts';
import { isObject } from '../k8s/fields.ts';
import { parseLabel } from '../model/labels.ts';
import { lineDiagnostic } from './diagnostics.ts';
import { plural } from '../util/plural.ts';
import { diagnosticAt, formatPath, type PathSegment } from './parseTypes.ts';
import { childPrefix, type SourceDocument } from './sourceDocument.ts';
import { isAgentEndpoint, isAgentPolicyWrapper } from './agentShapes.ts';
import { reportedVersionOf } from '../k8s/CiliumConfig.ts';

/**
 * What the Cilium agent itself says, from a sysdump's bugtool outputs (or the same commands run by
 * hand): its endpoints (`cilium-dbg endpoint list -o json`, cilium/cilium api/v1/models Endpoint:
 * `status.identity {id, labels}`, `status.external-identifiers {k8s-namespace, k8s-pod-name}`,
 * `status.networking.addressing[] {ipv4, ipv6}`) and the rules of its policy repository
 * (`cilium-dbg policy get`: api.Rule objects whose `labels` name the policy they were derived
 * from, `io.cilium.k8s.policy.{derived-from,name,namespace}`). Endpoints cross-check the
 * CiliumEndpoints and fill in the pods that have none; rules cross-check the loaded policies and
 * are never policies of their own (the loaded objects are what the agent imported them from).
 *
 * The rules come bare (`cilium-dbg policy get`: the JSON, then `Revision: N`) or wrapped:
 * models.Policy `{policy: "<the rules as a JSON string>", revision}` (api/v1/models/policy.go) as
 * `cilium-dbg policy get -o json|yaml` prints it, and inside models.DebugInfo (debug_info.go:
 * `endpoint-list`, `policy`), bugtool's `cilium-debuginfo-<time>.json`.
 * @internal
 */

/** What one wrapped output gave: how many of each it read, and what was wrong with the rest. */
export interface AgentRead {
  readonly rules: number;
  readonly endpoints: number;
  /** Rules and endpoints not read again: the same agent's, already read from another of its outputs. */
  readonly repeated: { readonly rules: number; readonly endpoints: number; readonly from: string } | null;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The agent an output is from: its bugtool folder or archive (`…/cilium-bugtool-<pod>-<ts>/`, as
 * cilium-cli unpacks it, or bugtool's own `cilium-bugtool-<time>-<n>/`), else the file itself.
 * One bugtool run gives the policy repository twice (cmd/cilium-debuginfo-<time>.json and
 * cmd/cilium-dbg-policy-get.md): one agent, read once.
 */
function agentOf(file: string): string {
  const m = /^(.*?(?:^|\/)(?:[^/]*-)?(?:cilium-)?bugtool-[^/]*-\d{8}-\d{6}[^/]*)\//.exec(file);
  return m ? (m[1] as string) : file;
}

/**
 * A value taken out of a string field (the rules JSON inside `policy`): its positions are the
 * field's own (the string is one line in JSON; its inner lines are not the file's).
 */
export class EmbeddedDocument implements SourceDocument {
  constructor(
    readonly file: string,
    readonly index: number,
    readonly pathPrefix: string,
    readonly value: unknown,
    private readonly at: { line: number; column: number },
  ) {}

  position(): { line: number; column: number } {
    return this.at;
  }

  children(path: readonly PathSegment[], values: readonly unknown[]): SourceDocument[] {
    return values.map((v, i) => new EmbeddedDocument(this.file, this.index, childPrefix(this.pathPrefix, path, i), v, this.at));
  }

  withValue(value: unknown): SourceDocument {
    return new EmbeddedDocument(this.file, this.index, this.pathPrefix, value, this.at);
  }
}

/** The path of `path` in `doc`, as diagnostics print it. */
function fullPath(doc: SourceDocument, path: readonly PathSegment[]): string {
  const rel = formatPath(path);
  return doc.pathPrefix && rel ? `${doc.pathPrefix}.${rel}` : doc.pathPrefix || rel;
}

function isRule(v: unknown): boolean {
  return isObject(v) && (isObject(v['endpointSelector']) || isObject(v['nodeSelector']));
}

interface AgentEndpoint {
  readonly file: string;
  readonly document: number;
  readonly line: number;
  readonly namespace: string | null;
  readonly pod: string | null;
  readonly identityId: number | null;
  readonly labels: readonly string[];
  readonly ips: readonly string[];
}

interface AgentRule {
  readonly file: string;
  readonly line: number;
  /** The policy it was derived from, or null when its labels name none (a rule imported by hand). */
  readonly origin: PolicyRef | null;
}

function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let v = value;
  for (const seg of path) v = isObject(v) || Array.isArray(v) ? (v as Record<string | number, unknown>)[seg] : undefined;
  return v;
}

/** `a string`, `an object`, `a list`, `null`… for messages. */
function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'a string';
  return `a ${typeof v}`;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** `k8s:io.cilium.k8s.policy.name` and friends: labels as objects ({key, value, source}) or `source:key=value` strings. */
function ruleLabels(value: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  const labels = value['labels'];
  if (!Array.isArray(labels)) return out;
  for (const l of labels) {
    if (isObject(l) && typeof l['key'] === 'string') out.set(l['key'], typeof l['value'] === 'string' ? l['value'] : '');
    else if (typeof l === 'string') {
      const { key, value } = parseLabel(l);
      out.set(key, value);
    }
  }
  return out;
}

const KINDS: Readonly<Record<string, PolicyRef['kind']>> = {
  CiliumNetworkPolicy: 'CiliumNetworkPolicy',
  CiliumClusterwideNetworkPolicy: 'CiliumClusterwideNetworkPolicy',
  NetworkPolicy: 'NetworkPolicy',
};

function refText(r: PolicyRef): string {
  return `${r.kind} ${r.namespace === null ? '' : `${r.namespace}/`}${r.name}`;
}

function sameRef(a: PolicyRef, b: PolicyRef): boolean {
  return a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
}

/**
 * The agents of some bugtool outputs, by the pod in their folder name (`cilium-bugtool-<pod>-<ts>/`,
 * cilium-cli sysdump), else by file; the first three, then how many more.
 */
function agentNames(files: readonly string[]): string {
  const names = [...new Set(files.map((f) => /cilium-bugtool-(.+?)-\d{8}-\d{6}/.exec(f)?.[1] ?? f))];
  return `${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}`;
}

/** What a reserved identity's endpoint is (the agent's own endpoints have no pod). */
function notPodWhat(labels: readonly string[]): string {
  for (const name of ['host', 'health', 'ingress', 'init']) if (labels.includes(`reserved:${name}`)) return name;
  return 'other';
}

/** One agent's policy repository as read from one file: where, and its revision when the output gives it. */
interface Repository {
  line: number;
  revision: number | null;
  /** Known only from its `Revision: N` line so far: `line` is that line's until a rule is read. */
  revisionOnly?: boolean;
}

/** The Cilium version one agent reports (debuginfo's `cilium-version`), where. */
export interface ReportedVersion {
  /** Major.minor. */
  readonly version: string;
  /** The text as the agent wrote it. */
  readonly text: string;
  /** The agent (its bugtool folder or archive, else the file). */
  readonly agent: string;
  readonly file: string;
  readonly document: number;
  readonly line: number;
}

/** An address's key in the kvstore's ipcache (pkg/ipcache: IPIdentitiesPath `cilium/state/ip/v1`, then `<address space>/<prefix>`). */
const KVSTORE_IP = /^cilium\/state\/ip\/v1\/[^/]+\/(.+)$/;

/** The prefix `text` (`10.0.1.5`, `10.0.1.5/32`, `fd00::1/128`) in its canonical form, or null. */
function canonicalPrefix(text: string): string | null {
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (ip === null) return null;
  const width = ip.family === 4 ? 32 : 128;
  const bits = slash < 0 ? width : /^\d{1,3}$/.test(text.slice(slash + 1)) ? Number(text.slice(slash + 1)) : -1;
  return bits < 0 || bits > width ? null : `${formatIp(ip)}/${bits}`;
}

/** The bits set in a Go net.IPMask as JSON gives it (base64 of its bytes); null when it is not one. */
function maskBits(b64: string): number | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return null;
  let bits = 0;
  let ended = false;
  for (const c of atob(b64)) {
    const byte = c.charCodeAt(0);
    for (let i = 7; i >= 0; i--) {
      if ((byte >> i) & 1) {
        if (ended) return null;
        bits++;
      } else ended = true;
    }
  }
  return bits;
}

/** The address of a prefix that is one address (`/32`, `/128`), else null. */
function hostAddress(prefix: string): string | null {
  const [ip = '', bits = ''] = prefix.split('/');
  return bits === (ip.includes(':') ? '128' : '32') ? ip : null;
}

/** A global identity's key in the kvstore (pkg/identity/cache: IdentitiesPath `cilium/state/identities/v1`, `id/<n>`). */
const KVSTORE_IDENTITY = /^cilium\/state\/identities\/v1\/id\/(\d{1,10})$/;

/** The other keys of the kvstore dumps a sysdump saves: the name they are counted under and why they are not read. */
const KVSTORE_SKIPPED: readonly (readonly [prefix: string, kind: string, reason: string])[] = [
  ['cilium/state/identities/v1/value/', 'KVStore identity key', 'the identities again, keyed by their labels and the node that uses them (read from their id keys)'],
  ['cilium/state/nodes/v1/', 'KVStore node', 'the nodes as the agents announce them: their Node objects are read instead'],
  ['cilium/state/services/v1/', 'KVStore service', 'the services as mirrored for cluster mesh: their Service objects are read instead'],
  ['cilium/state/cnpstatuses/', 'KVStore policy status', "each node's status of each CiliumNetworkPolicy (enforcing, or why not): not used"],
  ['cilium/.heartbeat', 'KVStore heartbeat', "the operator's heartbeat (a time): nothing netpol-viz uses"],
];

/** The text a kvstore value's Data (Go []byte, base64 in JSON) holds, or null when it is not base64 of UTF-8 text. */
function base64Text(s: string): string | null {
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return null;
  try {
    const bin = atob(s);
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

/**
 * The line of each key of a kvstore dump. Finding one key's line scans the text up to it; a
 * dump of 50,000 keys must not scan 50,000 times: the keys' lines are found for the first, second
 * and last, and when they are evenly spaced (json.MarshalIndent: every value has the same fields)
 * the others follow. Otherwise each is found, for dumps of up to 2,000 keys; bigger ones give the
 * document's line.
 */
function entryLines(doc: SourceDocument, keys: readonly string[]): (i: number) => number {
  const at = (i: number): number => doc.position([keys[i] as string]).line;
  if (keys.length < 3) return at;
  const first = at(0);
  const stride = at(1) - first;
  if (stride > 0 && at(keys.length - 1) === first + stride * (keys.length - 1)) return (i) => first + stride * i;
  if (keys.length <= 2000) return at;
  const line = doc.position([]).line;
  return () => line;
}

/** Identities from 2^24 are node-local (cilium/cilium pkg/identity numericidentity.go IdentityScopeLocal). */
const LOCAL_IDENTITY_FLAG = 1 << 24;

interface AgentIdentity {
  readonly id: number;
  readonly labels: readonly string[];
  readonly file: string;
  readonly document: number;
  readonly line: number;
}

export class AgentOutputs {
  /** The versions the agents report, one per agent, in the order read. */
  readonly versions: ReportedVersion[] = [];
  /** The global identities the agents list, by number (the first agent's). */
  private readonly identities = new Map<number, AgentIdentity>();
  /** Where the identities came from, for the note that sums them up. */
  private readonly identityOrigins = new Set<string>();
  private readonly identityConflicts: { id: number; file: string; line: number; labels: readonly string[]; first: AgentIdentity }[] = [];
  private readonly endpoints: AgentEndpoint[] = [];
  /** The agents' ipcache by prefix (the first agent's entry), and the global identities another agent gives differently. */
  private readonly ipcache = new Map<string, AgentIpcacheEntry>();
  private readonly ipcacheConflicts: { entry: AgentIpcacheEntry; first: AgentIpcacheEntry }[] = [];
  private readonly rules: AgentRule[] = [];
  /** The policy repositories read, by file (one with no rules is still an agent that enforces none). */
  private readonly repos = new Map<string, Repository>();
  /** The file each agent's rules and endpoints were read from (agentOf). */
  private readonly readFrom = new Map<string, { rules?: string; endpoints?: string }>();

  /** The other file this agent's `what` was already read from; null when `file` is (or is now) the one. */
  private already(file: string, what: 'rules' | 'endpoints'): string | null {
    const key = agentOf(file);
    let e = this.readFrom.get(key);
    if (!e) this.readFrom.set(key, (e = {}));
    const had = e[what];
    if (had === undefined) {
      e[what] = file;
      return null;
    }
    return had === file ? null : had;
  }

  /** Why a repeated output is not read again (for the file's skipped count). */
  static repeatedReason(from: string): string {
    return `the same agent's output, already read from ${from} (one bugtool run writes the policy repository and the endpoints more than once)`;
  }

  /** One endpoint of `cilium-dbg endpoint list -o json`; false when the agent's endpoints were read from another file (repeatedFrom). */
  addEndpoint(doc: SourceDocument): boolean {
    if (this.already(doc.file, 'endpoints') !== null) return false;
    const v = doc.value as Record<string, unknown>;
    const status = v['status'] as Record<string, unknown>;
    const ext = isObject(status['external-identifiers']) ? status['external-identifiers'] : {};
    const identity = isObject(status['identity']) ? status['identity'] : {};
    const id = identity['id'];
    const labels = Array.isArray(identity['labels']) ? identity['labels'].filter((l): l is string => typeof l === 'string') : [];
    const addressing = isObject(status['networking']) && Array.isArray(status['networking']['addressing']) ? status['networking']['addressing'] : [];
    const ips: string[] = [];
    for (const a of addressing) if (isObject(a)) for (const k of ['ipv4', 'ipv6']) if (typeof a[k] === 'string' && a[k] !== '') ips.push(a[k] as string);
    this.endpoints.push({
      file: doc.file,
      document: doc.index,
      line: doc.position([]).line,
      namespace: str(ext['k8s-namespace']),
      pod: str(ext['k8s-pod-name']),
      identityId: typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : null,
      labels,
      ips,
    });
    return true;
  }

  /**
   * One identity of `cilium-dbg identity list` (`-o json`, or the text as agentText.ts reads it):
   * 'read', or why it is not used. Global identities are the same on every node (the first agent's
   * kept); node-local ones (from 2^24: CIDR, FQDN selectors, ingress) are each agent's own numbering.
   */
  addIdentity(doc: SourceDocument, origin = 'cilium-dbg identity list'): 'read' | string {
    this.identityOrigins.add(origin);
    const v = doc.value as Record<string, unknown>;
    const id = v['id'];
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > 0xffffffff) return 'identities whose id is not a whole number from 0 to 4294967295';
    if (id >= LOCAL_IDENTITY_FLAG) return "node-local identities (CIDR, FQDN and ingress identities, numbered from 16777216 by each agent for itself: the same number is another peer on another node), not used to name flows";
    const had = this.identities.get(id);
    const labels = (v['labels'] as unknown[]).filter((l): l is string => typeof l === 'string').sort();
    if (had) {
      if (had.labels.join('\n') !== labels.join('\n')) this.identityConflicts.push({ id, file: doc.file, line: doc.position([]).line, labels, first: had });
      return 'identities another agent listed already (every agent knows the global ones)';
    }
    this.identities.set(id, { id, labels, file: doc.file, document: doc.index, line: doc.position([]).line });
    return 'read';
  }

  /**
   * One entry of an agent's ipcache: `cilium-dbg ip list -o json` (models.IPListEntry: cidr and
   * identity required, hostIP, encryptKey, metadata {source, namespace, name}; cilium/cilium
   * api/v1/models/ip_list_entry.go, cilium-dbg/cmd/ip_list.go), or a kvstore ip key made into one.
   * 'read', or why it is not (a diagnostic at the field is added to `diagnostics`).
   */
  addIpEntry(doc: SourceDocument, diagnostics: Diagnostic[], origin: AgentIpcacheEntry['origin'] = 'cilium-dbg ip list'): 'read' | string {
    const v = doc.value as Record<string, unknown>;
    const bad = (path: PathSegment[], what: string): string => {
      diagnostics.push(diagnosticAt(doc, path, 'warning', 'agent-ipcache-entry-unreadable', `This ipcache entry's ${formatPath(path)} is ${what}: the entry is not read. The entries beside it are.`));
      return 'ipcache entries that could not be read (said at each)';
    };
    const prefix = typeof v['cidr'] === 'string' ? canonicalPrefix(v['cidr']) : null;
    if (prefix === null) return bad(['cidr'], `${describe(v['cidr'])}, not an address or prefix`);
    const id = v['identity'];
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > 0xffffffff) return bad(['identity'], `${describe(id)}, not an identity number (0 to 4294967295)`);
    const meta = isObject(v['metadata']) ? v['metadata'] : {};
    if (v['metadata'] !== undefined && v['metadata'] !== null && !isObject(v['metadata'])) return bad(['metadata'], `${describe(v['metadata'])}, not an object`);
    for (const k of ['source', 'namespace', 'name']) if (meta[k] !== undefined && typeof meta[k] !== 'string') return bad(['metadata', k], `${describe(meta[k])}, not a string`);
    if (v['hostIP'] !== undefined && typeof v['hostIP'] !== 'string') return bad(['hostIP'], `${describe(v['hostIP'])}, not a string`);
    const text = (x: unknown): string | null => (typeof x === 'string' && x !== '' ? x : null);
    const entry: AgentIpcacheEntry = {
      prefix,
      identity: id,
      namespace: text(meta['namespace']),
      pod: text(meta['name']),
      hostIP: text(v['hostIP']),
      learntFrom: text(meta['source']),
      origin: v['datapath'] === true ? 'cilium-dbg bpf ipcache list' : origin,
      labels: null,
      cluster: null,
      source: { file: doc.file, document: doc.index, line: doc.position([]).line },
    };
    const had = this.ipcache.get(prefix);
    if (had) {
      // Node-local identities (CIDR, FQDN) are each agent's own numbering: only global ones must agree.
      if (had.identity !== id && id < LOCAL_IDENTITY_FLAG && had.identity < LOCAL_IDENTITY_FLAG) this.ipcacheConflicts.push({ entry, first: had });
      else if (had.identity === id && had.pod === null && entry.pod !== null) {
        // The same entry, now with its pod (`ip list` after the datapath's `bpf ipcache list`): the pod's kept, and the tunnel endpoint.
        this.ipcache.set(prefix, { ...entry, hostIP: entry.hostIP ?? had.hostIP });
        return 'read';
      } else if (had.identity === id && had.hostIP === null && entry.hostIP !== null) this.ipcache.set(prefix, { ...had, hostIP: entry.hostIP });
      return 'addresses another listing gave already (every agent holds the whole ipcache; bugtool saves it twice, `cilium-dbg ip list` and the datapath\'s `bpf ipcache list`)';
    }
    this.ipcache.set(prefix, entry);
    return 'read';
  }

  /**
   * The ipcache read, for the cluster, and what it says beside the inventory: one note summing it
   * up; a warning for each address it gives another pod than the inventory does (the inventory's
   * is kept) and each global identity two agents give one address differently.
   */
  ipcacheInto(pods: readonly Pod[], loaded: ReadonlyMap<string, { value: CiliumIdentityInfo }>, clusterName: string): { entries: AgentIpcacheEntry[] | null; diagnostics: Diagnostic[] } {
    const identities = new Map([...loaded.values()].map((i) => [i.value.id, i.value.labels]));
    // Each entry with its identity's labels, when loaded, and the other cluster they name (ClusterMesh).
    const entries = [...this.ipcache.values()].map((e): AgentIpcacheEntry => {
      const labels = identities.get(e.identity) ?? null;
      const cluster = labels?.find((l) => l.startsWith('k8s:io.cilium.k8s.policy.cluster='))?.slice('k8s:io.cilium.k8s.policy.cluster='.length) ?? null;
      return labels === null ? e : { ...e, labels, cluster: cluster !== null && cluster !== clusterName ? cluster : null };
    });
    if (entries.length === 0) return { entries: null, diagnostics: [] };
    const out: Diagnostic[] = [];
    const podByIp = new Map<string, Pod>();
    for (const p of pods) if (!p.hostNetwork) for (const ip of p.ips) podByIp.set(ip, p);
    let samePod = 0;
    const notInInventory: AgentIpcacheEntry[] = [];
    const remote = new Set<string>();
    for (const e of entries) {
      const ip = hostAddress(e.prefix);
      if (ip === null || e.pod === null || e.namespace === null) continue;
      const pod = podByIp.get(ip);
      if (pod === undefined) {
        notInInventory.push(e);
        if (e.cluster !== null) remote.add(e.cluster);
      } else if (pod.namespace === e.namespace && pod.name === e.pod) samePod++;
      else {
        out.push(
          lineDiagnostic(e.source.file, e.source.document, e.source.line, 1, 'warning', 'agent-ipcache-differs', `The agent's ipcache (${e.origin}) gives ${ip} to pod ${e.namespace}/${e.pod} (identity ${e.identity}); in the inventory ${ip} is ${pod.namespace}/${pod.name}${pod.source ? ` (${pod.source.file} line ${pod.source.line})` : ''}: the two were saved at different times and the address was reused. netpol-viz keeps the inventory's.`),
        );
      }
    }
    for (const c of this.ipcacheConflicts) {
      out.push(lineDiagnostic(c.entry.source.file, c.entry.source.document, c.entry.source.line, 1, 'warning', 'agent-ipcache-differs', `This ipcache listing (${c.entry.origin}) gives ${c.entry.prefix} identity ${c.entry.identity}; ${c.first.source.file} line ${c.first.source.line} (${c.first.origin}) gives ${c.first.identity}: one of the two is stale (another agent's, or the datapath behind the agent). netpol-viz keeps the first.`));
    }
    const first = entries[0] as AgentIpcacheEntry;
    const origins = [...new Set(entries.map((e) => e.origin))].join(', ');
    const parts = [`${samePod} ${samePod === 1 ? 'names' : 'name'} the pod the inventory has at that address`];
    if (notInInventory.length > 0) {
      const shown = notInInventory.slice(0, 3).map((e) => `${e.namespace}/${e.pod}`).join(', ');
      parts.push(`${plural(notInInventory.length, 'names a pod', 'name pods')} the inventory does not have (${shown}${notInInventory.length > 3 ? ', …' : ''})${remote.size > 0 ? `, some of another cluster (ClusterMesh: ${[...remote].sort().join(', ')})` : ''}: a path query from or to such an address is answered with the labels of the identity the ipcache gives it, and says so`);
    }
    out.unshift(lineDiagnostic(first.source.file, -1, first.source.line, 1, 'info', 'agent-ipcache', `The Cilium agents' ipcache (${origins}): ${plural(entries.length, 'address or prefix', 'addresses and prefixes')}; ${parts.join('; ')}.`));
    return { entries, diagnostics: out };
  }

  /**
   * A kvstore dump (`cilium kvstore get cilium/<prefix> --recursive -o json`: cilium-cli's sysdump
   * saves six, kvstore-{identities,ips,nodes,cnpstatuses,heartbeat,services}.json, when cilium-config
   * says `kvstore: etcd`; cilium/cilium cilium-cli/sysdump submitKVStoreTasks): kvstore.KeyValuePairs,
   * key → {Data: the value's bytes in base64, ModRevision, LeaseID}. The global identities
   * (`cilium/state/identities/v1/id/<n>` → the labels as `source:key=value;` each, pkg/labels
   * FormatForKVStore) are read as `cilium-dbg identity list` is: kvstore mode has no CiliumIdentity
   * objects. The rest is counted as skipped, each prefix with why (KVSTORE_SKIPPED).
   */
  addKvstore(doc: SourceDocument): { identities: number; ips: number; skipped: { kind: string; reason: string; n: number; line: number }[]; diagnostics: Diagnostic[] } {
    const value = doc.value as Record<string, Record<string, unknown>>;
    const keys = Object.keys(value);
    const lineOf = entryLines(doc, keys);
    const skipped = new Map<string, { kind: string; reason: string; n: number; line: number }>();
    const skip = (kind: string, reason: string, line: number): void => {
      const had = skipped.get(`${kind}\n${reason}`);
      if (had) had.n++;
      else skipped.set(`${kind}\n${reason}`, { kind, reason, n: 1, line });
    };
    const diagnostics: Diagnostic[] = [];
    let identities = 0;
    let ips = 0;
    keys.forEach((key, i) => {
      const ipKey = KVSTORE_IP.exec(key);
      if (ipKey !== null) {
        // identity.IPIdentityPair as JSON (pkg/identity/identity.go): IP, Mask (base64 bytes, null for one address), HostIP, ID, Metadata, K8sNamespace, K8sPodName.
        const data = value[key]?.['Data'];
        const text = typeof data === 'string' ? base64Text(data) : null;
        let pair: unknown = null;
        try {
          pair = text === null ? null : JSON.parse(text);
        } catch {
          pair = null;
        }
        if (!isObject(pair) || typeof pair['IP'] !== 'string') {
          diagnostics.push(diagnosticAt(doc, [key, 'Data'], 'warning', 'kvstore-entry-unreadable', `This address's Data is ${text === null ? 'not base64 of UTF-8 text' : `"${text.slice(0, 80)}", not an IP-identity pair as Cilium stores it ({"IP": …, "ID": …})`}: ${ipKey[1]} is not read. The entries beside it are.`));
          return;
        }
        const mask = typeof pair['Mask'] === 'string' ? maskBits(pair['Mask']) : null;
        const cidr = mask === null ? pair['IP'] : `${pair['IP']}/${mask}`;
        const child = new EmbeddedDocument(doc.file, doc.index, formatPath([key]), { cidr, identity: pair['ID'], hostIP: pair['HostIP'] ?? undefined, metadata: { source: 'kvstore', namespace: pair['K8sNamespace'] ?? '', name: pair['K8sPodName'] ?? '' } }, { line: lineOf(i), column: 3 });
        const r = this.addIpEntry(child, diagnostics, 'kvstore');
        if (r === 'read') ips++;
        else skip('AgentIpcacheEntry', r, lineOf(i));
        return;
      }
      const id = KVSTORE_IDENTITY.exec(key);
      if (id === null) {
        const known = KVSTORE_SKIPPED.find(([prefix]) => key.startsWith(prefix));
        return skip(known?.[1] ?? 'KVStore entry', known?.[2] ?? 'keys netpol-viz does not know the meaning of', lineOf(i));
      }
      const data = value[key]?.['Data'];
      const text = typeof data === 'string' ? base64Text(data) : null;
      const labels = text === null ? [] : text.split(';').filter((l) => l !== '').map((l) => l.replace(/=$/, ''));
      if (text === null || labels.length === 0 || labels.some((l) => !/^[^:=]+:[^=]+/.test(l))) {
        diagnostics.push(diagnosticAt(doc, [key, 'Data'], 'warning', 'kvstore-entry-unreadable', `This identity's Data is ${typeof data === 'string' ? (text === null ? 'not base64 of UTF-8 text' : `"${text.slice(0, 80)}", not labels as Cilium stores them (source:key=value;…)`) : describe(data)}: identity ${id[1]} is not read. The identities beside it are.`));
        return;
      }
      const child = new EmbeddedDocument(doc.file, doc.index, formatPath([key]), { id: Number(id[1]), labels }, { line: lineOf(i), column: 3 });
      const r = this.addIdentity(child, 'kvstore-identities.json');
      if (r === 'read') identities++;
      else skip('AgentIdentity', r, lineOf(i));
    });
    return { identities, ips, skipped: [...skipped.values()], diagnostics };
  }

  /**
   * The agents' identities into `known` (the CiliumIdentities loaded, by zero-padded number):
   * those missing are added (kvstore mode has no CiliumIdentity objects); one note says how many,
   * and one warning per identity whose labels differ.
   */
  identitiesInto(known: Map<string, { value: CiliumIdentityInfo; source: SourceRef }>): Diagnostic[] {
    if (this.identities.size === 0) return [];
    const out: Diagnostic[] = [];
    let added = 0;
    let same = 0;
    for (const i of this.identities.values()) {
      const key = String(i.id).padStart(10, '0');
      const had = known.get(key);
      const source = { file: i.file, document: i.document, line: i.line };
      if (!had) {
        const ns = i.labels.find((l) => l.startsWith('k8s:io.kubernetes.pod.namespace='));
        known.set(key, { value: { id: i.id, labels: i.labels, namespace: ns ? ns.slice('k8s:io.kubernetes.pod.namespace='.length) : null, source }, source });
        added++;
      } else if (had.value.labels.join('\n') === i.labels.join('\n')) same++;
      else {
        out.push(lineDiagnostic(i.file, i.document, i.line, 1, 'warning', 'agent-identity-differs', `The agent gives identity ${i.id} the labels ${i.labels.join(', ')}; its CiliumIdentity (${had.source.file} line ${had.source.line}) has ${had.value.labels.join(', ')}: the two were saved at different times, or the identity was reallocated. netpol-viz keeps the CiliumIdentity's.`));
      }
    }
    for (const c of this.identityConflicts) {
      out.push(lineDiagnostic(c.file, -1, c.line, 1, 'warning', 'agent-identity-differs', `This agent gives identity ${c.id} the labels ${c.labels.join(', ')}; another agent (${c.first.file} line ${c.first.line}) gives ${c.first.labels.join(', ')}: global identities are the same on every node, so one of the two lists is stale. netpol-viz keeps the first.`));
    }
    const first = [...this.identities.values()][0] as AgentIdentity;
    const parts = [`${same} match the CiliumIdentities loaded`];
    if (added > 0) parts.push(`${added} had no CiliumIdentity loaded: added, so flows that carry only their number are named`);
    out.unshift(lineDiagnostic(first.file, -1, first.line, 1, 'info', 'agent-identities', `The Cilium agents' identities (${[...this.identityOrigins].join(', ')}): ${plural(this.identities.size, 'global identity', 'global identities')}; ${parts.join('; ')}.`));
    return out;
  }

  /** The file an agent's `what` was read from, when it is not `file`. */
  repeatedFrom(file: string, what: 'rules' | 'endpoints'): string | null {
    const had = this.readFrom.get(agentOf(file))?.[what];
    return had !== undefined && had !== file ? had : null;
  }

  /**
   * The `Revision: N` line ending `cilium-dbg policy get` in `file` (read before its rules): the
   * file is one agent's policy repository even when it lists no rules (the agent enforces none).
   */
  addRevision(file: string, revision: number, line: number): void {
    if (this.already(file, 'rules') !== null) return;
    const repo = this.repos.get(file);
    if (repo) repo.revision ??= revision;
    else this.repos.set(file, { line, revision, revisionOnly: true });
  }

  /** One rule of `cilium-dbg policy get`; false when the agent's rules were read from another file (repeatedFrom). */
  addRule(doc: SourceDocument): boolean {
    if (this.already(doc.file, 'rules') !== null) return false;
    const labels = ruleLabels(doc.value as Record<string, unknown>);
    const kind = KINDS[labels.get('io.cilium.k8s.policy.derived-from') ?? ''];
    const name = labels.get('io.cilium.k8s.policy.name');
    const origin = kind && name ? { kind, namespace: kind === 'CiliumClusterwideNetworkPolicy' ? null : (labels.get('io.cilium.k8s.policy.namespace') ?? null), name } : null;
    const line = doc.position([]).line;
    const repo = this.repos.get(doc.file);
    if (!repo) this.repos.set(doc.file, { line, revision: null });
    else if (repo.revisionOnly) {
      repo.line = line;
      repo.revisionOnly = false;
    }
    this.rules.push({ file: doc.file, line, origin });
    return true;
  }

  /**
   * models.Policy at `path` of `doc` (`[]`: the document is one, `cilium-dbg policy get -o json`):
   * its `policy` string parsed as the list of rules, each read as `addRule`.
   */
  addPolicyWrapper(doc: SourceDocument, path: readonly PathSegment[] = []): AgentRead {
    const wrapper = (path.length === 0 ? doc.value : valueAt(doc.value, path)) as Record<string, unknown>;
    const diagnostics: Diagnostic[] = [];
    const from = this.already(doc.file, 'rules');
    if (from !== null) {
      const raw = wrapper['policy'];
      let n = 0;
      try {
        const parsed: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
        n = Array.isArray(parsed) ? parsed.filter(isRule).length : 0;
      } catch {
        // Not read either way: the count only says how many.
      }
      return { rules: 0, endpoints: 0, repeated: { rules: n, endpoints: 0, from }, diagnostics };
    }
    const at = [...path, 'policy'];
    const pos = doc.position(at);
    const rev = wrapper['revision'];
    const revision = typeof rev === 'number' && Number.isInteger(rev) ? rev : typeof rev === 'string' && /^\d+$/.test(rev) ? Number(rev) : null;
    const what = 'the agent\'s policy repository as `cilium-dbg policy get -o json` prints it (the rules as a JSON string)';
    const fail = (why: string): AgentRead => {
      diagnostics.push(diagnosticAt(doc, at, 'error', 'agent-policy-unreadable', `The \`policy\` field of ${what} ${why}: its rules are not read, so they are not compared with the loaded policies. The rest of the inputs is read.`));
      return { rules: 0, endpoints: 0, repeated: null, diagnostics };
    };
    const raw = wrapper['policy'];
    let rules: unknown;
    let items: SourceDocument[];
    if (typeof raw === 'string') {
      try {
        rules = raw.trim() === '' ? null : JSON.parse(raw);
      } catch (e) {
        return fail(`is not JSON (${e instanceof Error ? e.message : String(e)}); the output may be cut short`);
      }
      if (rules !== null && !Array.isArray(rules)) return fail(`holds ${describe(rules)}, not a list of rules`);
      items = new EmbeddedDocument(doc.file, doc.index, fullPath(doc, at), rules, pos).children([], (rules ?? []) as unknown[]);
    } else if (Array.isArray(raw)) {
      // The string already unwrapped (jq's fromjson): the rules themselves, with their own lines.
      items = doc.children(at, raw);
    } else {
      return fail(`is ${describe(raw)}, not the rules as a JSON string`);
    }
    const repo = this.repos.get(doc.file);
    if (repo) repo.revision ??= revision;
    else this.repos.set(doc.file, { line: pos.line, revision });
    let n = 0;
    for (const item of items) {
      if (!isRule(item.value)) {
        diagnostics.push(diagnosticAt(item, [], 'warning', 'agent-rule-unreadable', `This rule of the agent's policy repository is ${describe(item.value)} with neither an endpointSelector nor a nodeSelector, not a Cilium rule: not read. The rules beside it are.`));
        continue;
      }
      if (this.addRule(item)) n++;
    }
    return { rules: n, endpoints: 0, repeated: null, diagnostics };
  }

  /**
   * models.DebugInfo (bugtool's `cilium-debuginfo-<time>.json`): its `endpoint-list` and `policy`,
   * and the version the agent reports (`cilium-version`), which decides version-dependent semantics.
   */
  addDebugInfo(doc: SourceDocument): AgentRead {
    const v = doc.value as Record<string, unknown>;
    const diagnostics: Diagnostic[] = [];
    const cv = v['cilium-version'];
    if (cv !== undefined) {
      const version = typeof cv === 'string' ? reportedVersionOf(cv) : null;
      const agent = agentOf(doc.file);
      if (version === null) {
        diagnostics.push(diagnosticAt(doc, ['cilium-version'], 'warning', 'agent-version-unreadable', `The agent's debuginfo gives its version as ${typeof cv === 'string' ? JSON.stringify(cv.slice(0, 80)) : describe(cv)}, not \`<major>.<minor>.<patch> …\` as cilium-dbg writes it: not read. The version comes from the cilium DaemonSet or the Helm release instead, when loaded.`));
      } else if (!this.versions.some((r) => r.agent === agent)) {
        this.versions.push({ version, text: (cv as string).slice(0, 200), agent, file: doc.file, document: doc.index, line: doc.position(['cilium-version']).line });
      }
    }
    let endpoints = 0;
    let repeatedEndpoints = 0;
    let from: string | null = null;
    const list = v['endpoint-list'];
    if (Array.isArray(list)) {
      for (const item of doc.children(['endpoint-list'], list)) {
        if (!isAgentEndpoint(item.value)) {
          diagnostics.push(diagnosticAt(item, [], 'warning', 'agent-endpoint-unreadable', `This entry of the agent's endpoint list is ${describe(item.value)} without a numeric id and a status with an identity, not an endpoint: not read. The endpoints beside it are.`));
          continue;
        }
        if (this.addEndpoint(item)) endpoints++;
        else {
          repeatedEndpoints++;
          from = this.repeatedFrom(doc.file, 'endpoints');
        }
      }
    }
    let rules = 0;
    let repeatedRules = 0;
    if (isAgentPolicyWrapper(v['policy'])) {
      const r = this.addPolicyWrapper(doc, ['policy']);
      rules = r.rules;
      if (r.repeated) {
        repeatedRules = r.repeated.rules;
        from ??= r.repeated.from;
      }
      diagnostics.push(...r.diagnostics);
    }
    const repeated = from === null ? null : { rules: repeatedRules, endpoints: repeatedEndpoints, from };
    return { rules, endpoints, repeated, diagnostics };
  }

  /**
   * Cross-checks, once everything is loaded: agent endpoints against `ciliumEndpoints` (by
   * namespace/pod; the missing ones are added to it), rules against the loaded policies. Returns
   * the notes (one per file) and warnings.
   */
  finish(ciliumEndpoints: Map<string, { value: CiliumEndpointInfo; source: SourceRef }>, loaded: readonly { readonly ref: PolicyRef; readonly source: SourceRef }[]): Diagnostic[] {
    const out: Diagnostic[] = [];
    const policies = loaded.map((p) => p.ref);
    const files = [...new Set([...this.endpoints.map((e) => e.file), ...this.rules.map((r) => r.file)])];
    for (const file of files) {
      const eps = this.endpoints.filter((e) => e.file === file);
      if (eps.length > 0) out.push(...this.endpointNotes(file, eps, ciliumEndpoints));
    }
    out.push(...this.ruleNotes(policies));
    out.push(...this.absentNotes(loaded));
    return out;
  }

  /**
   * A loaded policy that an agent's policy repository (`cilium-dbg policy get`) does not have: that
   * agent does not enforce it (it refused to import it, or the inputs are from another time). One
   * warning per policy, at the policy, naming every such agent output.
   */
  private absentNotes(loaded: readonly { readonly ref: PolicyRef; readonly source: SourceRef }[]): Diagnostic[] {
    const repos = [...this.repos.keys()];
    if (repos.length === 0) return [];
    const out: Diagnostic[] = [];
    for (const p of loaded) {
      const without = repos.filter((file) => !this.rules.some((r) => r.file === file && r.origin !== null && sameRef(r.origin, p.ref)));
      if (without.length === 0) continue;
      const where = without.length === 1 ? (without[0] as string) : `${without.length} of the ${repos.length} agents' outputs (${without.slice(0, 3).join(', ')}${without.length > 3 ? ', …' : ''})`;
      out.push(
        lineDiagnostic(p.source.file, p.source.document, p.source.line, 1, 'warning', 'agent-policy-absent', `${refText(p.ref)} is not in the agent's policy repository (cilium-dbg policy get, ${where}): that agent does not enforce it, so its endpoints are not protected as the verdicts here assume. The agent may have refused it (see its status and the agent log), or the inputs were saved at different times.`),
      );
    }
    return out;
  }

  private endpointNotes(file: string, eps: readonly AgentEndpoint[], known: Map<string, { value: CiliumEndpointInfo; source: SourceRef }>): Diagnostic[] {
    const out: Diagnostic[] = [];
    let matched = 0;
    const added: string[] = [];
    const notPod = new Map<string, number>();
    let differs = 0;
    for (const e of eps) {
      if (e.namespace === null || e.pod === null) {
        const what = notPodWhat(e.labels);
        notPod.set(what, (notPod.get(what) ?? 0) + 1);
        continue;
      }
      const key = `${e.namespace}/${e.pod}`;
      const cep = known.get(key);
      if (!cep) {
        added.push(key);
        known.set(key, { value: { namespace: e.namespace, name: e.pod, identityId: e.identityId, identityLabels: e.labels, ips: e.ips, nodeIP: null, source: { file, document: e.document, line: e.line } }, source: { file, document: e.document, line: e.line } });
        continue;
      }
      if (cep.value.identityId !== null && e.identityId !== null && cep.value.identityId !== e.identityId) {
        differs++;
        out.push(
          lineDiagnostic(file, e.document, e.line, 1, 'warning', 'agent-endpoint-identity', `The agent gives ${key} identity ${e.identityId}, its CiliumEndpoint (${cep.source.file} line ${cep.source.line}) ${cep.value.identityId}: the pod's labels changed between the two, or the CiliumEndpoint is stale. Flows name the identity the agent gave; netpol-viz keeps the CiliumEndpoint's.`),
        );
      } else matched++;
    }
    const parts = [`${matched} ${matched === 1 ? 'matches its' : 'match their'} CiliumEndpoint`];
    if (differs > 0) parts.push(`${differs} with another identity (warned)`);
    if (added.length > 0) parts.push(`${added.length} had no CiliumEndpoint loaded (${added.slice(0, 3).join(', ')}${added.length > 3 ? ', …' : ''}): added, with the agent's identity and addresses`);
    const n = [...notPod.values()].reduce((a, b) => a + b, 0);
    if (n > 0) parts.push(`${n} ${n === 1 ? 'is' : 'are'} not a pod (${[...notPod.keys()].join(', ')})`);
    const first = eps[0] as AgentEndpoint;
    out.unshift(lineDiagnostic(file, -1, first.line, 1, 'info', 'agent-endpoints', `The Cilium agent's ${plural(eps.length, 'endpoint')} (cilium-dbg endpoint list): ${parts.join('; ')}.`));
    return out;
  }

  /**
   * The notes on the agents' policy repositories: one per distinct repository (every node's agent
   * usually has the same rules: one note naming the agents, not one per agent), and one warning per
   * policy an agent enforces that was not loaded, naming the agents that have it.
   */
  private ruleNotes(policies: readonly PolicyRef[]): Diagnostic[] {
    const out: Diagnostic[] = [];
    const byFile = new Map<string, AgentRule[]>();
    for (const file of this.repos.keys()) byFile.set(file, []);
    for (const r of this.rules) byFile.get(r.file)?.push(r);
    const groups = new Map<string, { files: string[]; rules: readonly AgentRule[] }>();
    for (const [file, rules] of byFile) {
      const key = `${rules.length}\n${rules.map((r) => (r.origin === null ? '-' : refText(r.origin))).join('\n')}`;
      const g = groups.get(key);
      if (g) g.files.push(file);
      else groups.set(key, { files: [file], rules });
    }
    const missing = new Map<string, { ref: PolicyRef; file: string; line: number; agents: string[] }>();
    for (const { files, rules } of groups.values()) {
      const origins: { ref: PolicyRef; line: number }[] = [];
      let unnamed = 0;
      for (const r of rules) {
        if (r.origin === null) unnamed++;
        else if (!origins.some((o) => sameRef(o.ref, r.origin as PolicyRef))) origins.push({ ref: r.origin, line: r.line });
      }
      const loaded = origins.filter((o) => policies.some((p) => sameRef(p, o.ref)));
      const notLoaded = origins.filter((o) => !policies.some((p) => sameRef(p, o.ref)));
      const file = files[0] as string;
      const line = rules[0]?.line ?? this.repos.get(file)?.line ?? 0;
      const revisions = [...new Set(files.map((f) => this.repos.get(f)?.revision).filter((r): r is number => typeof r === 'number'))].sort((a, b) => a - b);
      const command = `cilium-dbg policy get${revisions.length === 0 ? '' : `, revision${revisions.length > 1 ? 's' : ''} ${revisions.join(', ')}`}`;
      const whose = files.length === 1 ? "The Cilium agent's policy repository" : `The policy repositories of ${files.length} Cilium agents (the same rules: ${agentNames(files)})`;
      if (rules.length === 0) {
        out.push(lineDiagnostic(file, -1, line, 1, 'info', 'agent-policies', `${whose} (${command}) has no rules: the agent enforces no network policy at all, whatever the loaded policies say.`));
        continue;
      }
      const parts = [`${loaded.length} of them from loaded policies (counted once, as those objects)`];
      if (notLoaded.length > 0) parts.push(`${notLoaded.length} from policies that were not loaded (warned)`);
      if (unnamed > 0) parts.push(`${unnamed} naming no policy they came from`);
      out.push(
        lineDiagnostic(file, -1, line, 1, 'info', 'agent-policies', `${whose} (${command}): ${plural(rules.length, 'rule')} from ${plural(origins.length, 'policy', 'policies')}; ${parts.join('; ')}. The rules are a cross-check only: verdicts come from the policy objects.`),
      );
      for (const m of notLoaded) {
        const k = refText(m.ref);
        const had = missing.get(k);
        if (had) had.agents.push(...files);
        else missing.set(k, { ref: m.ref, file, line: m.line, agents: [...files] });
      }
    }
    for (const m of missing.values()) {
      const who = m.agents.length === 1 ? 'The agent enforces' : `${m.agents.length} agents (${agentNames(m.agents)}) enforce`;
      out.push(
        lineDiagnostic(m.file, -1, m.line, 1, 'warning', 'agent-policy-not-loaded', `${who} ${refText(m.ref)}, which is not among the loaded inputs: verdicts here leave it out. Load it too (kubectl get ${m.ref.kind === 'NetworkPolicy' ? 'netpol' : m.ref.kind === 'CiliumNetworkPolicy' ? 'cnp' : 'ccnp'} ${m.ref.name}${m.ref.namespace ? ` -n ${m.ref.namespace}` : ''} -o yaml).`),
      );
    }
    return out;
  }
}
