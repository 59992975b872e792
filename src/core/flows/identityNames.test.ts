import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadInputs } from '../load/loadInputs.ts';
import type { InputFile } from '../load/types.ts';
import { FlowAggregator } from './aggregate.ts';
import { flowSinkFor } from './sink.ts';
import { appPlatformFile } from '../../../test/paths.ts';

/**
 * A flow that carries only a numeric identity (no labels, pod or workload: a field-masked
 * export) is named from the loaded CiliumIdentity, whichever order the files come in.
 */
const inventory: InputFile = { name: 'inventory.yaml', data: readFileSync(appPlatformFile('inventory.yaml'), 'utf8') };
const firstFlow = JSON.parse(readFileSync(appPlatformFile('flows.jsonl'), 'utf8').split('\n')[0] as string) as { flow: Record<string, Record<string, unknown>> };
const sourceLabels = firstFlow.flow['source']?.['labels'] as string[];

function masked(): InputFile {
  const f = structuredClone(firstFlow);
  const src = f.flow['source'] as Record<string, unknown>;
  for (const k of ['labels', 'pod_name', 'workloads', 'namespace']) delete src[k];
  return { name: 'masked.jsonl', data: `${JSON.stringify(f)}\n` };
}

function identity(id: number, labels: readonly string[]): InputFile {
  // security-labels: `source:key` → value ('' for reserved labels, which have none).
  const security = Object.fromEntries(labels.map((l) => (l.includes('=') ? [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] : [l, ''])));
  return { name: 'ciliumidentities.yaml', data: `${JSON.stringify({ apiVersion: 'v2', kind: 'List', items: [{ apiVersion: 'cilium.io/v2', kind: 'CiliumIdentity', metadata: { name: String(id) }, 'security-labels': security }] })}\n` };
}

function sourcesOf(files: readonly InputFile[]): string[] {
  const agg = new FlowAggregator();
  const r = loadInputs(files, { flowSink: flowSinkFor(agg) });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return agg.result().edges.map((e) => e.source.key);
}

describe('flows known only by a numeric identity', () => {
  it('stay a bare identity without CiliumIdentities', () => {
    expect(sourcesOf([inventory, masked()])).toEqual(['identity:20013']);
  });

  it('are named as the workload whose pods carry the CiliumIdentity labels, in any file order', () => {
    const id = identity(20013, sourceLabels);
    expect(sourcesOf([inventory, id, masked()])).toEqual(['acme-web/Deployment/frontend']);
    expect(sourcesOf([masked(), id, inventory])).toEqual(['acme-web/Deployment/frontend']);
  });

  it('take the labels and namespace when no loaded workload carries them', () => {
    const agg = new FlowAggregator();
    loadInputs([identity(20013, [...sourceLabels.filter((l) => !l.startsWith('k8s:app=')), 'k8s:app=gone']), masked()], { flowSink: flowSinkFor(agg) });
    const [edge] = agg.result().edges;
    expect(edge?.source).toMatchObject({ kind: 'identity', identity: 20013, namespace: 'acme-web' });
    expect(edge?.source.evidence.labels).toContain('k8s:app=gone');
  });

  it('are named as the reserved entity a CiliumIdentity with reserved labels stands for', () => {
    const agg = new FlowAggregator();
    loadInputs([identity(20013, ['reserved:kube-apiserver', 'reserved:world']), masked()], { flowSink: flowSinkFor(agg) });
    expect(agg.result().edges.map((e) => e.source.key)).toEqual(['reserved:kube-apiserver']);
  });
});
