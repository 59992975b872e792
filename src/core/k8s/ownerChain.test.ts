import { describe, expect, it } from 'vitest';
import { resolveWorkloads } from './ownerChain.ts';
import type { PodRecord } from './Pod.ts';
import type { ControllerKind, ControllerRecord } from './Workload.ts';

const src = { file: 'f.yaml', document: 0, line: 1 };

function ctl(kind: ControllerKind, name: string, owner?: { kind: string; name: string }, podLabels: Record<string, string> = { app: name }): ControllerRecord {
  return {
    kind,
    namespace: 'shop',
    name,
    labels: {},
    annotations: {},
    podLabels,
    podAnnotations: {},
    serviceAccount: 'default',
    ports: [],
    hostNetwork: false,
    replicas: null,
    owners: owner ? [{ ...owner, controller: true }] : [],
    source: src,
  };
}

function pod(name: string, owner?: { kind: string; name: string }, labels: Record<string, string> = {}): PodRecord {
  return {
    namespace: 'shop',
    name,
    labels,
    annotations: {},
    ips: [],
    nodeName: null,
    hostIP: null,
    hostNetwork: false,
    serviceAccount: 'default',
    ports: [],
    owners: owner ? [{ ...owner, controller: true }] : [],
    phase: null,
    source: src,
  };
}

describe('resolveWorkloads', () => {
  it('follows a loaded ReplicaSet to its Deployment', () => {
    const r = resolveWorkloads([ctl('Deployment', 'web'), ctl('ReplicaSet', 'web-abc12', { kind: 'Deployment', name: 'web' })], [pod('web-abc12-x', { kind: 'ReplicaSet', name: 'web-abc12' })]);
    expect(r.workloads.map((w) => w.key)).toEqual(['shop/Deployment/web']);
    expect(r.pods[0]).toMatchObject({ workload: 'shop/Deployment/web', owners: [{ kind: 'ReplicaSet', name: 'web-abc12' }, { kind: 'Deployment', name: 'web' }] });
  });

  it('infers the Deployment from the ReplicaSet name when only the Deployment is loaded', () => {
    const r = resolveWorkloads([ctl('Deployment', 'api-v2')], [pod('api-v2-7f9c8d-q1', { kind: 'ReplicaSet', name: 'api-v2-7f9c8d' }, { app: 'api', 'pod-template-hash': '7f9c8d' })]);
    expect(r.pods[0]?.workload).toBe('shop/Deployment/api-v2');
    expect(r.workloads).toHaveLength(1);
  });

  it('takes the Deployment from the pod-template-hash when no controller is loaded (sysdump: pods only), without revision labels', () => {
    const r = resolveWorkloads([], [pod('db-5c4-a', { kind: 'ReplicaSet', name: 'db-5c4' }, { app: 'db', 'pod-template-hash': '5c4' }), pod('db-5c4-b', { kind: 'ReplicaSet', name: 'db-5c4' }, { app: 'db', 'pod-template-hash': '5c4' })]);
    expect(r.workloads).toEqual([expect.objectContaining({ key: 'shop/Deployment/db', kind: 'Deployment', podLabels: { app: 'db' }, source: null })]);
    expect(r.pods.map((p) => [p.workload, p.owners])).toEqual([
      ['shop/Deployment/db', [{ kind: 'ReplicaSet', name: 'db-5c4' }, { kind: 'Deployment', name: 'db' }]],
      ['shop/Deployment/db', [{ kind: 'ReplicaSet', name: 'db-5c4' }, { kind: 'Deployment', name: 'db' }]],
    ]);
  });

  it('keeps a ReplicaSet owner as written when nothing says a Deployment made it', () => {
    const r = resolveWorkloads([], [pod('db-5c4-a', { kind: 'ReplicaSet', name: 'db-5c4' }, { app: 'db' }), pod('x-1', { kind: 'ReplicaSet', name: 'x-9z' }, { 'pod-template-hash': 'other' })]);
    expect(r.pods.map((p) => p.workload)).toEqual(['shop/ReplicaSet/db-5c4', 'shop/ReplicaSet/x-9z']);
  });

  it('synthesises the Deployment named by a loaded ReplicaSet that is not loaded itself', () => {
    const r = resolveWorkloads([ctl('ReplicaSet', 'web-abc', { kind: 'Deployment', name: 'web' }, { app: 'web', 'pod-template-hash': 'abc' })], []);
    expect(r.workloads).toEqual([expect.objectContaining({ key: 'shop/Deployment/web', podLabels: { app: 'web' }, source: null })]);
  });

  it('maps Job pods to their CronJob (loaded Job, or inferred from the Job name)', () => {
    const r = resolveWorkloads(
      [ctl('CronJob', 'nightly'), ctl('Job', 'nightly-28000000', { kind: 'CronJob', name: 'nightly' })],
      [pod('nightly-28000000-abc', { kind: 'Job', name: 'nightly-28000000' }), pod('nightly-28000060-xyz', { kind: 'Job', name: 'nightly-28000060' })],
    );
    expect(r.workloads.map((w) => w.key)).toEqual(['shop/CronJob/nightly']);
    expect(r.pods.map((p) => p.workload)).toEqual(['shop/CronJob/nightly', 'shop/CronJob/nightly']);
  });

  it('keeps controllers without pods and makes bare pods their own workloads', () => {
    const r = resolveWorkloads([ctl('StatefulSet', 'db'), ctl('DaemonSet', 'agent')], [pod('debug', undefined, { run: 'debug' })]);
    expect(r.workloads.map((w) => `${w.kind}/${w.name}`)).toEqual(['DaemonSet/agent', 'Pod/debug', 'StatefulSet/db']);
    expect(r.workloads.find((w) => w.kind === 'Pod')).toMatchObject({ podLabels: { run: 'debug' }, source: src });
  });

  it('treats pods of owners it does not model as standalone, with one info per owner', () => {
    const r = resolveWorkloads([], [pod('a-1', { kind: 'Rollout', name: 'a' }), pod('a-2', { kind: 'Rollout', name: 'a' }), pod('kube-apiserver-n1', { kind: 'Node', name: 'n1' })]);
    expect(r.pods.map((p) => p.workload)).toEqual(['shop/Pod/a-1', 'shop/Pod/a-2', 'shop/Pod/kube-apiserver-n1']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['owner-not-modelled']);
  });
});

describe('resolveWorkloads: pods of one workload share their equal parts', () => {
  it('gives pods of one ReplicaSet one labels, annotations, ports and owners object (a clone writes it once); different parts stay their own', () => {
    const rs = { kind: 'ReplicaSet', name: 'api-5d8f' };
    const labels = (): Record<string, string> => ({ app: 'api', 'pod-template-hash': '5d8f' });
    const pods = [pod('api-5d8f-a', rs, labels()), pod('api-5d8f-b', rs, labels()), pod('api-5d8f-c', rs, { ...labels(), canary: 'yes' }), pod('web-1', { kind: 'ReplicaSet', name: 'web-9c' }, labels())];
    const r = resolveWorkloads([ctl('Deployment', 'api'), ctl('ReplicaSet', 'api-5d8f', { kind: 'Deployment', name: 'api' })], pods);
    const [a, b, c, web] = ['api-5d8f-a', 'api-5d8f-b', 'api-5d8f-c', 'web-1'].map((n) => r.pods.find((p) => p.name === n));
    expect(a?.workload).toBe(b?.workload);
    expect(b?.labels).toBe(a?.labels);
    expect(b?.annotations).toBe(a?.annotations);
    expect(b?.ports).toBe(a?.ports);
    expect(b?.owners).toBe(a?.owners);
    expect(b?.owners).toEqual([rs, { kind: 'Deployment', name: 'api' }]);
    // The canary's labels differ: its own, and equal to what was read.
    expect(c?.labels).not.toBe(a?.labels);
    expect(c?.labels).toEqual({ ...labels(), canary: 'yes' });
    expect(c?.owners).toBe(a?.owners);
    // Another workload's pod with equal labels keeps its own (only pods of one workload share).
    expect(web?.labels).not.toBe(a?.labels);
    expect(web?.labels).toEqual(labels());
  });
});
