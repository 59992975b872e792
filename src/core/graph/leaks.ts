/**
 * What a customer view must never show, and the scan of an output for it: the last line of
 * defence behind the redaction (redact.ts), used by `render --customer` before it writes a
 * file, by the app before it draws, exports or shares a customer view, and by the tests of
 * every output (graph model, exports, DOM, URL).
 *
 * A secret is an IDENTIFIER of another tenant, something that names or addresses one of its
 * objects:
 * - names: its namespaces, workloads, pods (and their owners), Services, Cilium endpoints and
 *   namespaced policies;
 * - addresses: pod, endpoint and Service cluster IPs;
 * - label values that identify (of its namespaces, workloads, pods and Services): the tenant
 *   name, app names, team names…
 *
 * Not secrets, because they say nothing about a tenant or occur in every picture anyway:
 * - label values Kubernetes derives from something else: pod and revision hashes, pod and
 *   completion indexes, controller uids, and `statefulset.kubernetes.io/pod-name` (the pod's
 *   name, which is listed as a name): DERIVED_KEYS;
 * - label values of a generic shape: numbers, booleans, versions, one or two characters, and the
 *   common words of label vocabularies (environments, tiers, roles, tools): COMMON_VALUES;
 * - anything the viewing tenant, the platform, an untenanted namespace or a cluster-wide policy
 *   also has: a value two parties share is no one's secret (`api`, `web`, `same-tenant`);
 * - the words every output writes by itself (legend, placeholders, markup, JSON keys): a scan
 *   cannot tell them from data, and a picture always contains them (OUTPUT_WORDS).
 *
 * A secret is found only as a whole name: between characters that cannot be part of a name
 * (letters, digits, `-`, `_`; a `.` joins the parts of a dotted name, so `10.0.0.5` is not in
 * `10.0.0.51` but `storefront` is in `storefront.globex-shop.svc`), ignoring case. `db` is not in
 * `deny-db`, `0` is not in `ledgerdb-0`.
 * @public
 */
import { reservedEntities } from '../identity/reserved.ts';
import type { Cluster } from '../model/cluster.ts';
import { makeGrouping, tenantOfGroup } from './grouping.ts';
import { PLACEHOLDER_LABELS } from './redact.ts';
import { edgeVerdicts } from './types.ts';

/** One identifier of another tenant, with where it comes from (for the operator, never the output). */
export interface Secret {
  readonly text: string;
  /** Tenants whose objects carry it. */
  readonly tenants: readonly string[];
  /** Objects and fields it comes from, e.g. `name of Pod globex-data/ledgerdb-0`, at most MAX_WHERE. */
  readonly where: readonly string[];
}

const MAX_WHERE = 4;

/** Label keys whose values Kubernetes computes: hashes, indexes, uids, or a name listed anyway. */
const DERIVED_KEYS = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'apps.kubernetes.io/pod-index',
  'statefulset.kubernetes.io/pod-name',
  'batch.kubernetes.io/job-completion-index',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
  'pod-template-generation',
]);

/**
 * Common words of label vocabularies: environments, tiers, roles, tools and protocols. As label
 * values they say nothing about who runs the workload (the name of a workload is another matter:
 * names are always identifiers).
 */
const COMMON_VALUES = new Set(
  (
    'true false yes no on off enabled disabled none null ' +
    'prod production staging stage dev development test testing qa uat sandbox preview canary stable live demo local ' +
    'frontend backend web api database db cache queue worker server client proxy gateway ingress egress job batch cron ' +
    'primary secondary replica leader follower master main default internal external public private ' +
    'helm kustomize argocd flux terraform operator tiller linux windows amd64 arm64 ' +
    'tcp udp sctp icmp http https grpc h2c dns metrics monitoring logging tracing'
  ).split(' '),
);

const NUMBER = /^[+-]?\d+(\.\d+)?$/;
const VERSION = /^v?\d+(\.\d+)+([-+][0-9a-z.-]+)?$|^v\d+((alpha|beta|rc)\d*)?$/i;

/** Whether a label value is generic by its shape (numbers, booleans, versions, short, common words). */
export function isGenericValue(value: string): boolean {
  const v = value.trim().toLowerCase();
  return v.length <= 2 || NUMBER.test(v) || VERSION.test(v) || COMMON_VALUES.has(v);
}

/**
 * Words every output writes by itself: the legend, verdicts, node kinds, redaction placeholders,
 * reserved entities, titles, and the markup and keys of the SVG, HTML and JSON writers.
 */
const OUTPUT_WORDS: ReadonlySet<string> = new Set(
  [
    ...edgeVerdicts,
    ...reservedEntities,
    ...PLACEHOLDER_LABELS,
    'group namespace workload identity world cidr fqdn entity carve-out unknown internet outside range name except',
    'allowed l7-filtered not enforced no policy denied by default a deny rule seen in flows count disagree with carved-out ports or range selects it one direction highlighted path legend',
    'network paths of tenant tenants customer view cluster connectivity workloads shown collapsed filters search inputs sha256 digest made netpol-viz other others platform service services on decided and more',
    'svg g text tspan rect line polyline polygon path circle ellipse title desc defs marker style xmlns www.w3.org http https org class id data-id data-legend transform translate rotate scale',
    'fill stroke stroke-width stroke-dasharray stroke-opacity stroke-linejoin stroke-linecap opacity fill-opacity font-size font-weight font-family text-anchor dominant-baseline paint-order',
    'x y x1 x2 y1 y2 cx cy rx ry r d points width height viewbox role img aria-label aria-labelledby bold normal middle start end round none edge node compound compound-labels',
    'system-ui apple-system segoe ui roboto dejavu sans sans-serif serif monospace html head body meta charset utf-8 doctype lang en main section figure figcaption pre code table tr td th',
    'format subtitle generatedat view groupinglabel customertenant groups namespaces verdicts protocols port show nodes edges explanation counts label kind source target verdict portstext',
    'rules observed mismatch mismatches pair flowkeys nearmisses workloads policies position w p o e t k',
  ].flatMap((s) => s.toLowerCase().split(/[^a-z0-9._-]+/)),
);

/** Whether a word is one every output writes by itself (not checkable as a secret). */
export function isOutputWord(word: string): boolean {
  return OUTPUT_WORDS.has(word.toLowerCase());
}

/**
 * The identifiers of every tenant other than `tenant`, with where they come from, minus what
 * is generic or shared (see the module comment). Sorted by text.
 */
export function otherTenantSecrets(cluster: Cluster, groupingLabel: string, tenant: string): Secret[] {
  const grouping = makeGrouping(cluster, groupingLabel);
  const mine = new Set<string>();
  const theirs = new Map<string, { text: string; tenants: Set<string>; where: string[] }>();
  const tenantOf = (ns: string | null): string | null => {
    if (ns === null) return null;
    const t = tenantOfGroup(grouping.groupOf(ns));
    return t === tenant ? null : t;
  };
  const add = (ns: string | null, text: string | null | undefined, where: () => string): void => {
    if (text === null || text === undefined) return;
    const s = text.trim();
    if (s === '') return;
    const key = s.toLowerCase();
    const owner = tenantOf(ns);
    if (owner === null) {
      mine.add(key);
      return;
    }
    let e = theirs.get(key);
    if (e === undefined) theirs.set(key, (e = { text: s, tenants: new Set(), where: [] }));
    e.tenants.add(owner);
    if (e.where.length < MAX_WHERE) e.where.push(where());
  };
  const labels = (ns: string | null, l: Readonly<Record<string, string>>, of: () => string): void => {
    for (const [k, v] of Object.entries(l)) {
      if (DERIVED_KEYS.has(k) || isGenericValue(v)) continue;
      add(ns, v, () => `label ${k} of ${of()}`);
    }
  };
  for (const ns of cluster.namespaces.values()) {
    add(ns.name, ns.name, () => `name of Namespace ${ns.name}`);
    labels(ns.name, ns.labels, () => `Namespace ${ns.name}`);
  }
  for (const w of cluster.workloads) {
    const of = (): string => `${w.kind} ${w.namespace}/${w.name}`;
    add(w.namespace, w.name, () => `name of ${of()}`);
    labels(w.namespace, w.labels, of);
    labels(w.namespace, w.podLabels, () => `the pods of ${of()}`);
  }
  for (const p of cluster.pods) {
    const of = (): string => `Pod ${p.namespace}/${p.name}`;
    add(p.namespace, p.name, () => `name of ${of()}`);
    for (const ip of p.ips) add(p.namespace, ip, () => `IP of ${of()}`);
    for (const o of p.owners) add(p.namespace, o.name, () => `owner ${o.kind} of ${of()}`);
    labels(p.namespace, p.labels, of);
  }
  for (const e of cluster.endpoints) {
    const of = (): string => `CiliumEndpoint ${e.namespace}/${e.name}`;
    add(e.namespace, e.name, () => `name of ${of()}`);
    for (const ip of e.ips) add(e.namespace, ip, () => `IP of ${of()}`);
  }
  for (const s of cluster.services) {
    const of = (): string => `Service ${s.namespace}/${s.name}`;
    add(s.namespace, s.name, () => `name of ${of()}`);
    for (const ip of s.clusterIPs) if (ip !== 'None') add(s.namespace, ip, () => `cluster IP of ${of()}`);
    labels(s.namespace, s.labels, of);
  }
  for (const p of cluster.policies) add(p.ref.namespace, p.ref.name, () => `name of ${p.ref.kind} ${p.ref.namespace ?? ''}/${p.ref.name}`);

  const out: Secret[] = [];
  for (const [key, e] of theirs) {
    // One character is in every text (ids, markup); output words are in every picture.
    if (mine.has(key) || key.length < 2 || OUTPUT_WORDS.has(key)) continue;
    out.push({ text: e.text, tenants: [...e.tenants].sort(), where: e.where });
  }
  return out.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
}

/** The texts of otherTenantSecrets (for tests that list what must not be shown). */
export function otherTenantStrings(cluster: Cluster, groupingLabel: string, tenant: string): string[] {
  return otherTenantSecrets(cluster, groupingLabel, tenant).map((s) => s.text);
}

/** A name run: letters, digits and `.`, `-`, `_`. Everything else separates names. */
const RUN = /[a-z0-9._-]+/g;
const NAME_CHARS = /^[a-z0-9._-]+$/;
const IPV6_RUN = /[0-9a-f:.]*:[0-9a-f:.]*/g;

/** Secrets prepared for scanning many texts. */
export interface SecretIndex {
  readonly byName: ReadonlyMap<string, Secret>;
  readonly maxParts: number;
  /** Secrets with characters outside names (IPv6 addresses, odd input): found by a plain search. */
  readonly other: readonly (readonly [string, Secret])[];
}

export function indexSecrets(secrets: readonly Secret[]): SecretIndex {
  const byName = new Map<string, Secret>();
  const other: [string, Secret][] = [];
  let maxParts = 1;
  for (const s of secrets) {
    const key = s.text.toLowerCase();
    if (NAME_CHARS.test(key)) {
      byName.set(key, s);
      maxParts = Math.max(maxParts, key.split('.').length);
    } else other.push([key, s]);
  }
  return { byName, maxParts, other };
}

const isNameChar = (c: string | undefined): boolean => c !== undefined && /[a-z0-9_-]/.test(c);

/** The secrets that occur in `text` as whole names, each once, in the order of the index. */
export function leaksIn(text: string, secrets: SecretIndex | readonly Secret[]): Secret[] {
  const index = 'byName' in secrets ? secrets : indexSecrets(secrets);
  const lower = text.toLowerCase();
  const found = new Set<Secret>();
  const check = (candidate: string): void => {
    const s = index.byName.get(candidate);
    if (s !== undefined) found.add(s);
  };
  if (index.byName.size > 0) {
    for (const m of lower.matchAll(RUN)) {
      // Dots at the ends end a sentence; inside they join the parts of a dotted name.
      const run = m[0].replace(/^[._-]+|[._-]+$/g, '');
      if (run === '') continue;
      check(run);
      if (!run.includes('.')) continue;
      const parts = run.split('.');
      for (let i = 0; i < parts.length; i++) {
        let joined = '';
        for (let j = i; j < parts.length && j - i < index.maxParts; j++) {
          joined = j === i ? (parts[j] as string) : `${joined}.${parts[j] as string}`;
          if (!(i === 0 && j === parts.length - 1)) check(joined);
        }
      }
    }
  }
  if (index.other.length > 0) {
    const v6 = new Set([...lower.matchAll(IPV6_RUN)].map((m) => m[0].replace(/^[.:]+|[.:]+$/g, '')));
    for (const [key, s] of index.other) {
      if (v6.has(key)) {
        found.add(s);
        continue;
      }
      for (let at = lower.indexOf(key); at >= 0; at = lower.indexOf(key, at + 1)) {
        if (!isNameChar(lower[at - 1]) && !isNameChar(lower[at + key.length])) {
          found.add(s);
          break;
        }
      }
    }
  }
  return [...found];
}

/**
 * The forbidden strings that occur in `text` as whole names (tests: `findLeaks(text,
 * otherTenantStrings(…))` must be empty).
 */
export function findLeaks(text: string, forbidden: readonly string[]): string[] {
  return leaksIn(
    text,
    forbidden.map((f) => ({ text: f, tenants: [], where: [] })),
  ).map((s) => s.text);
}

/** For the operator (stderr, the browser console), never for the output: each string and where it comes from. */
export function leakReport(leaks: readonly Secret[]): string {
  return leaks.map((s) => `  "${s.text}" (tenant ${s.tenants.join(', ')}): ${s.where.join('; ')}`).join('\n');
}
