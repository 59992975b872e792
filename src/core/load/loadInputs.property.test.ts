import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadInputs, Loader } from './loadInputs.ts';
import { malformedDir } from '../../../test/paths.ts';

/** Seeds for mutation: the malformed fixtures (small ones) and a few valid documents. */
const DIR = malformedDir;
const SEEDS: string[] = [
  ...readdirSync(DIR)
    .filter((n) => !n.endsWith('.gz') && !n.endsWith('.expected.json'))
    .map((n) => readFileSync(join(DIR, n), 'latin1'))
    .filter((t) => t.length < 20_000),
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w, namespace: s}\nspec:\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, ports: [{containerPort: 80}]}]}\n',
  '{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}]}',
  '{"flow":{"verdict":"DROPPED","IP":{"source":"1.1.1.1"}},"node_name":"n"}\n{"lost_events":{"num_events_lost":"3"}}\n',
  'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: x}\nspec:\n  endpointSelector: {}\n  ingress: [{fromEndpoints: [{}], toPorts: [{ports: [{port: "80"}]}]}]\n',
];

const KINDS = ['Pod', 'Namespace', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Service', 'Node', 'CiliumEndpoint', 'CiliumCIDRGroup', 'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'NetworkPolicy', 'List', 'PodList', 'ConfigMap'];
const API: Record<string, string> = { CiliumNetworkPolicy: 'cilium.io/v2', CiliumClusterwideNetworkPolicy: 'cilium.io/v2', CiliumEndpoint: 'cilium.io/v2', CiliumCIDRGroup: 'cilium.io/v2alpha1', NetworkPolicy: 'networking.k8s.io/v1', Deployment: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1', ReplicaSet: 'apps/v1', Job: 'batch/v1', CronJob: 'batch/v1' };

/** Kubernetes-shaped objects with random junk in every field. */
const k8sObject = fc
  .tuple(fc.constantFrom(...KINDS), fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 3 }), fc.option(fc.string(), { nil: undefined }))
  .map(([kind, spec, metadata, status, ns]) => ({
    apiVersion: API[kind] ?? 'v1',
    kind,
    metadata: typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? { name: 'n', namespace: ns, ...metadata } : metadata,
    spec,
    status,
    items: Array.isArray(spec) ? spec : undefined,
  }));

function mutate(text: string, ops: { at: number; del: number; ins: string }[]): string {
  let t = text;
  for (const op of ops) {
    const at = t.length === 0 ? 0 : op.at % (t.length + 1);
    t = t.slice(0, at) + op.ins + t.slice(at + op.del);
  }
  return t;
}

const opArb = fc.record({ at: fc.nat(), del: fc.nat({ max: 8 }), ins: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('{{', '}}', '\n---\n', '&a', '*a', ': ', '- ', '[', ']', '{', '"', '\t', '\u0000', '\ufeff', '\r\n', '#')) });

describe('loadInputs never throws', () => {
  it('on random strings and bytes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 })), (data) => {
        const r = loadInputs([{ name: 'r', data }]);
        expect(Array.isArray(r.diagnostics)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('on Kubernetes-shaped objects with random field values, as YAML, JSON and JSON lines', () => {
    fc.assert(
      fc.property(fc.array(k8sObject, { minLength: 1, maxLength: 4 }), (objs) => {
        const json = JSON.stringify(objs.length === 1 ? objs[0] : objs);
        const lines = objs.map((o) => JSON.stringify(o)).join('\n');
        const yaml = objs.map((o) => JSON.stringify(o, null, 1)).join('\n---\n');
        const r = loadInputs([
          { name: 'a.json', data: json },
          { name: 'b.jsonl', data: lines },
          { name: 'c.yaml', data: yaml },
        ]);
        for (const d of r.diagnostics) {
          // internal-error means some code threw and the guard caught it: a bug, not bad input.
          expect(d.code, d.message).not.toBe('internal-error');
          expect(typeof d.message).toBe('string');
          expect(d.line).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('on mutated fixtures and valid documents, whole or streamed in random chunks', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS), fc.array(opArb, { maxLength: 6 }), fc.integer({ min: 1, max: 64 }), (seed, ops, chunk) => {
        const text = mutate(seed, ops);
        const whole = loadInputs([{ name: 'm.yaml', data: text }]);
        expect(whole.diagnostics.filter((d) => d.code === 'internal-error').map((d) => d.message)).toEqual([]);
        const loader = new Loader({});
        const s = loader.openStream('m.jsonl');
        for (let i = 0; i < text.length; i += chunk) s.push(text.slice(i, i + chunk));
        s.end();
        expect(loader.finish().diagnostics.filter((d) => d.code === 'internal-error').map((d) => d.message)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });
});
