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
 * - the words every output writes by itself (legend, placeholders, markup, JSON keys: see
 *   core/export/vocabulary.ts), and one-character names: a scan cannot tell them from data, and
 *   a picture always has them.
 *
 * A secret is found only as a whole name, ignoring case: between characters that cannot be part
 * of a name (letters, digits, `.`, `-`, `_`; a `.` at the end of a sentence does not count). `db`
 * is not in `deny-db`, `0` is not in `ledgerdb-0`, `10.0.0.5` is not in `10.0.0.51`, `w3` is not
 * in `www.w3.org` and `stripe` is not in the customer's own `api.stripe.com`. (A DNS name made of
 * another tenant's names is hidden by the redaction itself: redact.ts `mentionsOther`.) SVG
 * geometry (path data, points, transforms) is not scanned: it holds numbers and drawing commands.
 * @public
 */
import { exportWords } from '../export/vocabulary.ts';
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

/** Words every output writes by itself: the exports' own words, and the labels drawn instead of names. */
let outputWords: ReadonlySet<string> | null = null;
function wordsOfOutput(): ReadonlySet<string> {
  if (outputWords === null) {
    const fixed = [...PLACEHOLDER_LABELS, ...reservedEntities, ...edgeVerdicts, 'internet', 'platform', 'except'];
    outputWords = new Set([...exportWords(), ...fixed.flatMap((s) => s.toLowerCase().split(/[^a-z0-9._-]+/))]);
  }
  return outputWords;
}

/** Whether a word is one every output writes by itself (not checkable as a secret). */
export function isOutputWord(word: string): boolean {
  return wordsOfOutput().has(word.toLowerCase());
}

/**
 * The identifiers of every tenant other than `tenant`, with where they come from, minus what
 * is generic or shared (see the module comment), in the order of the cluster's objects.
 */
export function otherTenantSecrets(cluster: Cluster, groupingLabel: string, tenant: string): Secret[] {
  const grouping = makeGrouping(cluster, groupingLabel);
  const mine = new Set<string>();
  const theirs = new Map<string, { text: string; tenants: string[]; where: string[] }>();
  // Per namespace: the other tenant owning it, or null (the viewer's, the platform's, untenanted).
  const owners = new Map<string, string | null>();
  const ownerOf = (ns: string | null): string | null => {
    if (ns === null) return null;
    let t = owners.get(ns);
    if (t === undefined) {
      const g = tenantOfGroup(grouping.groupOf(ns));
      owners.set(ns, (t = g === tenant ? null : g));
    }
    return t;
  };
  /** `field` of `kind ns/name` (e.g. `IP` of `Pod ns/name`), written only for the first few places of a secret. */
  const add = (ns: string | null, text: string | null | undefined, field: string, kind: string, name: string): void => {
    if (text === null || text === undefined) return;
    const s = text.trim();
    if (s === '') return;
    const key = s.toLowerCase();
    const owner = ownerOf(ns);
    if (owner === null) {
      mine.add(key);
      return;
    }
    const e = theirs.get(key);
    if (e === undefined) {
      theirs.set(key, { text: s, tenants: [owner], where: [`${field} of ${kind} ${ns === null || kind === 'Namespace' ? '' : `${ns}/`}${name}`] });
      return;
    }
    if (e.tenants[0] !== owner && !e.tenants.includes(owner)) e.tenants.push(owner);
    if (e.where.length < MAX_WHERE) e.where.push(`${field} of ${kind} ${ns === null || kind === 'Namespace' ? '' : `${ns}/`}${name}`);
  };
  const generic = new Map<string, boolean>();
  const labels = (ns: string | null, l: Readonly<Record<string, string>>, kind: string, name: string, template?: Readonly<Record<string, string>>): void => {
    for (const k in l) {
      const v = l[k] as string;
      // A pod's labels from its workload's template are listed once, as the template's.
      if (template !== undefined && template[k] === v) continue;
      if (DERIVED_KEYS.has(k)) continue;
      // A tenant's name is an identifier whatever word it is ("dev", "prod").
      const tenantName = kind === 'Namespace' && k === groupingLabel;
      let g = generic.get(v);
      if (g === undefined) generic.set(v, (g = isGenericValue(v)));
      if (g && !tenantName) {
        // The viewer's own common words are theirs to show, even where another tenant is named so.
        if (ownerOf(ns) === null) mine.add(v.trim().toLowerCase());
        continue;
      }
      add(ns, v, `label ${k}`, kind, name);
    }
  };
  for (const ns of cluster.namespaces.values()) {
    add(ns.name, ns.name, 'name', 'Namespace', ns.name);
    labels(ns.name, ns.labels, 'Namespace', ns.name);
  }
  for (const w of cluster.workloads) {
    add(w.namespace, w.name, 'name', w.kind, w.name);
    labels(w.namespace, w.labels, w.kind, w.name);
    labels(w.namespace, w.podLabels, `the pods of ${w.kind}`, w.name);
  }
  const templates = new Map(cluster.workloads.map((w) => [w.key as string, w.podLabels]));
  for (const p of cluster.pods) {
    add(p.namespace, p.name, 'name', 'Pod', p.name);
    for (const ip of p.ips) add(p.namespace, ip, 'IP', 'Pod', p.name);
    for (const o of p.owners) add(p.namespace, o.name, `owner ${o.kind}`, 'Pod', p.name);
    labels(p.namespace, p.labels, 'Pod', p.name, templates.get(p.workload));
  }
  for (const e of cluster.endpoints) {
    add(e.namespace, e.name, 'name', 'CiliumEndpoint', e.name);
    for (const ip of e.ips) add(e.namespace, ip, 'IP', 'CiliumEndpoint', e.name);
  }
  for (const s of cluster.services) {
    add(s.namespace, s.name, 'name', 'Service', s.name);
    for (const ip of s.clusterIPs) if (ip !== 'None') add(s.namespace, ip, 'cluster IP', 'Service', s.name);
    labels(s.namespace, s.labels, 'Service', s.name);
  }
  for (const p of cluster.policies) add(p.ref.namespace, p.ref.name, 'name', p.ref.kind, p.ref.namespace === null ? `/${p.ref.name}` : p.ref.name);

  const out: Secret[] = [];
  const words = wordsOfOutput();
  for (const [key, e] of theirs) {
    // One character is in every text (ids, markup); output words are in every picture.
    if (mine.has(key) || key.length < 2 || words.has(key)) continue;
    out.push({ text: e.text, tenants: e.tenants.sort(), where: e.where });
  }
  return out;
}

/** The texts of otherTenantSecrets (for tests that list what must not be shown). */
export function otherTenantStrings(cluster: Cluster, groupingLabel: string, tenant: string): string[] {
  return otherTenantSecrets(cluster, groupingLabel, tenant)
    .map((s) => s.text)
    .sort();
}

/** A name run: letters, digits and `.`, `-`, `_`. Everything else separates names. */
const RUN = /[a-z0-9._-]+/g;
const NAME_CHARS = /^[a-z0-9._-]+$/;
const GEOMETRY = /\s(?:d|points|transform|viewBox)="[^"]*"/g;
const IPV6_RUN = /[0-9a-f:.]*:[0-9a-f:.]*/g;

/** Secrets prepared for scanning many texts. */
export interface SecretIndex {
  readonly byName: ReadonlyMap<string, Secret>;
  /** Secrets with characters outside names (IPv6 addresses, odd input): found by a plain search. */
  readonly other: readonly (readonly [string, Secret])[];
}

export function indexSecrets(secrets: readonly Secret[]): SecretIndex {
  const byName = new Map<string, Secret>();
  const other: [string, Secret][] = [];
  for (const s of secrets) {
    const key = s.text.toLowerCase();
    if (NAME_CHARS.test(key)) byName.set(key, s);
    else other.push([key, s]);
  }
  return { byName, other };
}

const isNameChar = (c: string | undefined): boolean => c !== undefined && /[a-z0-9_-]/.test(c);

/** The secrets that occur in `text` as whole names, each once, in the order of the index. */
export function leaksIn(text: string, secrets: SecretIndex | readonly Secret[]): Secret[] {
  const index = 'byName' in secrets ? secrets : indexSecrets(secrets);
  // Geometry (path data, points, transforms) is numbers and drawing commands, never a name.
  const lower = text.replace(GEOMETRY, ' ').toLowerCase();
  const found = new Set<Secret>();
  const check = (candidate: string): void => {
    const s = index.byName.get(candidate);
    if (s !== undefined) found.add(s);
  };
  if (index.byName.size > 0) {
    for (const m of lower.matchAll(RUN)) {
      // A dot, dash or underscore at an end is punctuation (`… from 10.0.0.5.`).
      const run = m[0];
      check(run);
      const trimmed = run.replace(/^[._-]+|[._-]+$/g, '');
      if (trimmed !== run && trimmed !== '') check(trimmed);
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
