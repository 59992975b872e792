import type { ContainerPort, WorkloadKind } from '../model/cluster.ts';
import type { SourceRef } from '../model/diagnostic.ts';
import type { RawDocument } from '../load/types.ts';
import type { ParseContext, ParseResult, PathSegment } from '../load/parseTypes.ts';
import { FieldReader, isObject } from './fields.ts';
import { LABEL_RULES, readObjectMeta, sourceOf, type OwnerRef } from './ObjectMeta.ts';
import { readPodSpec } from './PodSpec.ts';

/**
 * Workload controllers (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob): what their
 * pod template says pods will look like. Pods of a controller share its template labels and so,
 * usually, one Cilium identity.
 * @public
 */
export type ControllerKind = Exclude<WorkloadKind, 'Pod'>;

export const CONTROLLER_KINDS: readonly ControllerKind[] = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'];

export function isControllerKind(kind: string): kind is ControllerKind {
  return (CONTROLLER_KINDS as readonly string[]).includes(kind);
}

export interface ControllerRecord {
  readonly kind: ControllerKind;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly podAnnotations: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  readonly ports: readonly ContainerPort[];
  readonly hostNetwork: boolean;
  readonly replicas: number | null;
  readonly owners: readonly OwnerRef[];
  readonly source: SourceRef;
}

/** Where the pod template sits in each kind. */
function templatePath(kind: ControllerKind): PathSegment[] {
  return kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template'] : ['spec', 'template'];
}

export function parseController(doc: RawDocument, ctx: ParseContext, kind: ControllerKind): ParseResult<ControllerRecord> {
  const r = new FieldReader(doc);
  if (!isObject(doc.value)) return { value: null, diagnostics: r.diagnostics };
  const meta = readObjectMeta(r, doc.value, kind, { namespaced: true, defaultNamespace: ctx.defaultNamespace });
  if (!meta || meta.namespace === null) return { value: null, diagnostics: r.diagnostics };
  // Walk down to the template, reporting the first level of the wrong type.
  const tp = templatePath(kind);
  let node: Readonly<Record<string, unknown>> | null = doc.value;
  for (let i = 0; i < tp.length && node; i++) node = r.object(node, tp[i] as string, tp.slice(0, i + 1));
  const template = node;
  if (!template) {
    r.report(tp.slice(0, 2), 'warning', 'missing-field', `This ${kind} has no pod template (${tp.join('.')}): the API server rejects it; loaded without pod labels or ports, so no policy selects its pods.`);
  }
  const tmeta = r.object(template, 'metadata', [...tp, 'metadata']);
  const podLabels = r.stringMap(tmeta, 'labels', [...tp, 'metadata', 'labels'], LABEL_RULES);
  const podAnnotations = r.stringMap(tmeta, 'annotations', [...tp, 'metadata', 'annotations']);
  const podSpec = readPodSpec(r, r.object(template, 'spec', [...tp, 'spec']), [...tp, 'spec']);
  let replicas: number | null = null;
  if (kind === 'Deployment' || kind === 'StatefulSet' || kind === 'ReplicaSet') {
    const spec = r.object(doc.value, 'spec', ['spec']);
    replicas = r.integer(spec, 'replicas', ['spec', 'replicas'], { min: 0, max: 2 ** 31 - 1, code: 'invalid-value', what: 'the API server rejects the object' }) ?? 1;
  }
  return {
    value: {
      kind,
      namespace: meta.namespace,
      name: meta.name,
      labels: meta.labels,
      annotations: meta.annotations,
      podLabels,
      podAnnotations,
      serviceAccount: podSpec.serviceAccount,
      ports: podSpec.ports,
      hostNetwork: podSpec.hostNetwork,
      replicas,
      owners: meta.owners,
      source: sourceOf(doc),
    },
    diagnostics: r.diagnostics,
  };
}
