import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../engine/compile.ts';
import { exportView } from '../export/exportView.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { buildGraph } from './buildGraph.ts';
import { graphInputsOf } from './graphInputs.ts';
import { isOutputWord, leaksIn, otherTenantSecrets } from './leaks.ts';
import type { GraphModel } from './types.ts';
import { defaultViewState, viewReducer } from './viewState.ts';

/**
 * For random clusters with random label values, the customer view of every tenant is produced
 * whenever its redacted model holds none of the other tenants' identifiers, and refused whenever
 * one of them is planted into it (a node's name, a path's ports, the title), naming the string
 * and its tenant.
 *
 * The generator knows which of the strings it made are identifiers (names, pod IPs, distinctive
 * label values) and which are generic (numbers, booleans, versions, short or common words,
 * pod indexes and hashes); a value several tenants share is an identifier of no one of them.
 */

interface Value {
  readonly v: string;
  readonly identifier: boolean;
}
const generic = (a: fc.Arbitrary<string>): fc.Arbitrary<Value> => a.map((v) => ({ v, identifier: false }));
const identifying = (a: fc.Arbitrary<string>): fc.Arbitrary<Value> => a.map((v) => ({ v, identifier: true }));

const labelValue: fc.Arbitrary<Value> = fc.oneof(
  generic(fc.nat(99_999).map(String)),
  generic(fc.constantFrom('true', 'false', 'yes', 'off')),
  generic(fc.stringMatching(/^[a-z0-9]{1,2}$/)),
  generic(fc.constantFrom('prod', 'staging', 'backend', 'frontend', 'primary', 'canary', 'helm')),
  generic(fc.constantFrom('v1', 'v2beta1', '1.4.2', '15.4', '2.0.0-rc1')),
  // Shared among tenants by construction when two draw the same one.
  identifying(fc.constantFrom('team-blue', 'payments-eu', 'gold-tier')),
  identifying(fc.stringMatching(/^[a-z]{3,7}-[a-z]{2,6}[0-9]{0,3}$/)),
);
const labelKey = fc.constantFrom('team', 'shard', 'env', 'tier', 'cost-center', 'enabled', 'release', 'zone', 'owner', 'app.kubernetes.io/part-of');
const name = fc.stringMatching(/^[a-z][a-z0-9]{1,7}(-[a-z0-9]{1,5})?$/);
const hash = fc.stringMatching(/^[b-df-hj-np-tv-z2-9]{9,10}$/);

interface WorkloadSpec {
  readonly name: string;
  readonly kind: 'Deployment' | 'StatefulSet';
  readonly replicas: number;
  readonly hash: string;
  readonly labels: readonly (readonly [string, Value])[];
}
interface NamespaceSpec {
  readonly name: string;
  readonly labels: readonly (readonly [string, Value])[];
  readonly workloads: readonly WorkloadSpec[];
  readonly policy: string;
  /** Index of the tenant whose namespace this one's workloads may call (egress). */
  readonly calls: number;
}
interface TenantSpec {
  readonly name: string;
  readonly namespaces: readonly NamespaceSpec[];
}

const workload: fc.Arbitrary<WorkloadSpec> = fc.record({
  name,
  kind: fc.constantFrom('Deployment' as const, 'StatefulSet' as const),
  replicas: fc.integer({ min: 1, max: 3 }),
  hash,
  labels: fc.uniqueArray(fc.tuple(labelKey, labelValue), { maxLength: 3, selector: ([k]) => k }),
});
const namespace = (tenants: number): fc.Arbitrary<Omit<NamespaceSpec, 'name'>> =>
  fc.record({
    labels: fc.uniqueArray(fc.tuple(labelKey, labelValue), { maxLength: 2, selector: ([k]) => k }),
    workloads: fc.uniqueArray(workload, { minLength: 1, maxLength: 3, selector: (w) => w.name }),
    policy: name,
    calls: fc.nat(tenants - 1),
  });

const clusterSpec: fc.Arbitrary<TenantSpec[]> = fc.integer({ min: 2, max: 4 }).chain((n) =>
  fc
    .tuple(
      fc.uniqueArray(fc.stringMatching(/^[a-z]{3,8}$/).filter((t) => !isOutputWord(t)), { minLength: n, maxLength: n }),
      fc.array(fc.array(namespace(n), { minLength: 1, maxLength: 2 }), { minLength: n, maxLength: n }),
    )
    .map(([names, nss]) => names.map((t, i) => ({ name: t, namespaces: (nss[i] ?? []).map((s, j) => ({ ...s, name: `${t}-ns${j}` })) }))),
);

interface Built {
  readonly yaml: string;
  /** Per tenant: every string of its objects, and which of them are identifiers. */
  readonly strings: Map<string, Set<string>>;
  readonly identifiers: Map<string, Set<string>>;
}

function build(spec: readonly TenantSpec[]): Built {
  const docs: object[] = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system', labels: {} } }];
  const strings = new Map<string, Set<string>>();
  const identifiers = new Map<string, Set<string>>();
  spec.forEach((t, ti) => {
    const all = new Set<string>([t.name]);
    const ids = new Set<string>([t.name]);
    const str = (s: string, identifier: boolean): void => {
      all.add(s.toLowerCase());
      if (identifier) ids.add(s.toLowerCase());
    };
    const labels = (l: readonly (readonly [string, Value])[]): Record<string, string> => {
      for (const [, v] of l) str(v.v, v.identifier);
      return Object.fromEntries(l.map(([k, v]) => [k, v.v]));
    };
    t.namespaces.forEach((n, ni) => {
      str(n.name, true);
      docs.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n.name, labels: { ...labels(n.labels), tenant: t.name } } });
      str(n.policy, true);
      const target = spec[n.calls]?.namespaces[0];
      docs.push({
        apiVersion: 'cilium.io/v2',
        kind: 'CiliumNetworkPolicy',
        metadata: { name: n.policy, namespace: n.name },
        spec: {
          endpointSelector: {},
          ingress: [{ fromEndpoints: [{}] }],
          egress: [{ toEndpoints: [{}] }, ...(target ? [{ toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': target.name } }], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] }] : [])],
        },
      });
      n.workloads.forEach((w, wi) => {
        str(w.name, true);
        const podLabels = { app: w.name, ...labels(w.labels) };
        docs.push({
          apiVersion: 'apps/v1',
          kind: w.kind,
          metadata: { name: w.name, namespace: n.name },
          spec: { replicas: w.replicas, selector: { matchLabels: { app: w.name } }, template: { metadata: { labels: podLabels }, spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 8080 }] }] } } },
        });
        for (let p = 0; p < w.replicas; p++) {
          const ip = `10.${ti + 1}.${ni * 16 + wi}.${p + 10}`;
          const sts = w.kind === 'StatefulSet';
          const podName = sts ? `${w.name}-${p}` : `${w.name}-${w.hash}-${'bcdfg'[p] ?? 'h'}x${p}z`;
          str(podName, true);
          str(ip, true);
          const extra: Record<string, string> = sts
            ? { 'apps.kubernetes.io/pod-index': String(p), 'controller-revision-hash': `${w.name}-${w.hash}`, 'statefulset.kubernetes.io/pod-name': podName }
            : { 'pod-template-hash': w.hash };
          docs.push({
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: podName, namespace: n.name, labels: { ...podLabels, ...extra }, ownerReferences: [{ apiVersion: 'apps/v1', kind: sts ? 'StatefulSet' : 'ReplicaSet', name: sts ? w.name : `${w.name}-${w.hash}`, controller: true }] },
            spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 8080 }] }] },
            status: { phase: 'Running', podIP: ip, podIPs: [{ ip }] },
          });
          if (!sts) str(`${w.name}-${w.hash}`, true);
        }
      });
    });
    strings.set(t.name, all);
    identifiers.set(t.name, ids);
  });
  return { yaml: docs.map((d) => JSON.stringify(d)).join('\n---\n'), strings, identifiers };
}

/** The other tenants' identifiers the viewer does not share, and that are checkable at all. */
function expectedSecrets(b: Built, viewer: string): Map<string, string> {
  const mine = b.strings.get(viewer) ?? new Set();
  const out = new Map<string, string>();
  for (const [t, ids] of b.identifiers) {
    if (t === viewer) continue;
    for (const s of ids) if (!mine.has(s) && s.length >= 2 && !isOutputWord(s)) out.set(s, t);
  }
  return out;
}

const wholeName = (text: string, s: string): boolean => {
  const lower = text.toLowerCase();
  for (let at = lower.indexOf(s); at >= 0; at = lower.indexOf(s, at + 1)) {
    const before = lower[at - 1];
    const after = lower[at + s.length];
    if (!(before && /[a-z0-9_.-]/.test(before)) && !(after && /[a-z0-9_-]/.test(after))) return true;
  }
  return false;
};

function outputs(model: GraphModel, tenant: string, title?: string): string {
  const view = viewReducer(defaultViewState, { type: 'set-customer-tenant', tenant });
  const exp = exportView({ model, view, clusterName: 'default', digest: null, time: null, highlight: null, ...(title !== undefined ? { title } : {}) });
  return [exp.picture.svg, exp.json(), exp.html(null), exp.pngText().map(([k, v]) => `${k}: ${v}`).join('\n')].join('\n');
}

describe('customer view leak check (property)', () => {
  it('produced whenever the redacted model names no other tenant; refused, naming the string, whenever one is planted', () => {
    fc.assert(
      fc.property(clusterSpec, fc.nat(), fc.constantFrom('node' as const, 'ports' as const, 'title' as const), (spec, pick, where) => {
        const b = build(spec);
        const cluster = loadInputs([{ name: 'cluster.yaml', data: b.yaml }]).cluster;
        const inputs = graphInputsOf(compile(cluster), null);
        for (const t of spec) {
          const secrets = otherTenantSecrets(cluster, 'tenant', t.name);
          const texts = new Set(secrets.map((s) => s.text.toLowerCase()));
          const expected = expectedSecrets(b, t.name);
          // The check knows every identifier of the others the viewer does not share…
          for (const s of expected.keys()) expect(texts.has(s), `${s} is a secret of ${expected.get(s)} for ${t.name}`).toBe(true);
          // …and nothing generic.
          for (const s of texts) expect(/^\d+$/.test(s) || s === 'true' || s === 'false', s).toBe(false);

          const model = buildGraph(inputs, viewReducer(defaultViewState, { type: 'set-customer-tenant', tenant: t.name }));
          const modelText = JSON.stringify(model);
          // Precondition, checked independently of the leak check: the redaction names no other tenant.
          for (const s of expected.keys()) expect(wholeName(modelText, s), `redacted model of ${t.name} names ${s}`).toBe(false);
          // So the view is produced.
          expect(leaksIn(outputs(model, t.name), secrets).map((s) => s.text)).toEqual([]);

          // Planted: refused, naming the string and its tenant.
          const candidates = [...expected.keys()].sort();
          if (candidates.length === 0) continue;
          const planted = candidates[pick % candidates.length] as string;
          const own = model.nodes.find((n) => n.kind === 'workload' && n.group === `g:t:${t.name}`);
          let bad: GraphModel = model;
          let title: string | undefined;
          if (where === 'title' || own === undefined) title = `Paths of ${planted}`;
          else if (where === 'ports' && model.edges.length > 0) bad = { ...model, edges: model.edges.map((e, i) => (i === 0 ? { ...e, portsText: `${e.portsText} ${planted}` } : e)) };
          else bad = { ...model, nodes: model.nodes.map((n) => (n === own ? { ...n, label: planted } : n)) };
          if (bad === model && title === undefined) title = planted;
          const leaks = leaksIn(outputs(bad, t.name, title), secrets);
          expect(leaks.map((s) => s.text.toLowerCase())).toContain(planted);
          expect(leaks.find((s) => s.text.toLowerCase() === planted)?.tenants).toContain(expected.get(planted));
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
