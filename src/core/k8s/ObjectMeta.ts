import type { SourceRef } from '../model/diagnostic.ts';
import type { RawDocument } from '../load/types.ts';
import { FieldReader, isObject, type Obj } from './fields.ts';
import { labelValueProblem, qualifiedNameProblem } from './LabelSelector.ts';

/**
 * `metadata` of any Kubernetes object: name, namespace (defaulted like `kubectl apply`), labels,
 * annotations and owner references.
 * @public
 */
export interface OwnerRef {
  readonly kind: string;
  readonly name: string;
  readonly controller: boolean;
}

export interface ObjectMeta {
  readonly name: string;
  /** Namespace as written or defaulted; null for cluster-scoped kinds. */
  readonly namespace: string | null;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly owners: readonly OwnerRef[];
}

/**
 * `problem` remembered per text: the same label keys and values come back on thousands of objects
 * (40,000 pods and 40,000 controllers at 20k workloads, each checked once per object). Forgets
 * everything at `max` texts, so a load of unique values keeps no more than that.
 */
function remembered(problem: (text: string) => string | null, max = 4096): (text: string) => string | null {
  const known = new Map<string, string | null>();
  return (text) => {
    let p = known.get(text);
    if (p === undefined) {
      p = problem(text);
      if (known.size >= max) known.clear();
      known.set(text, p);
    }
    return p;
  };
}

const keyProblem = remembered(qualifiedNameProblem);
export const LABEL_RULES = { keyProblem, valueProblem: remembered(labelValueProblem) };
const ANNOTATION_RULES = { keyProblem, valueProblem: () => null };

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Reads `metadata`; null (with a diagnostic) when there is no usable name, because the API server
 * refuses such an object and nothing could refer to it.
 */
export function readObjectMeta(r: FieldReader, root: Obj, kind: string, opts: { namespaced: boolean; defaultNamespace: string }): ObjectMeta | null {
  const meta = r.object(root, 'metadata', ['metadata']);
  const name = r.string(meta, 'name', ['metadata', 'name']);
  if (name === null || name === '') {
    const generate = meta && typeof meta['generateName'] === 'string';
    r.report(meta ? ['metadata'] : [], 'error', 'missing-name', `This ${kind} has no metadata.name${generate ? ' (only generateName, which only `kubectl create` expands)' : ''}: the API server rejects it, so it never exists in the cluster; skipped.`);
    return null;
  }
  let namespace: string | null = null;
  const nsWritten = r.string(meta, 'namespace', ['metadata', 'namespace']);
  if (opts.namespaced) {
    namespace = nsWritten && nsWritten !== '' ? nsWritten : opts.defaultNamespace;
    if (!DNS1123_LABEL.test(namespace) || namespace.length > 63) {
      r.report(['metadata', 'namespace'], 'error', 'invalid-name', `Namespace "${namespace}" is not a valid namespace name (lower-case letters, digits and "-", at most 63 characters): the API server rejects the object.`);
    }
  } else if (nsWritten) {
    r.report(['metadata', 'namespace'], 'info', 'namespace-ignored', `${kind} is cluster-scoped: metadata.namespace "${nsWritten}" is ignored by the API server.`);
  }
  const labels = r.stringMap(meta, 'labels', ['metadata', 'labels'], LABEL_RULES);
  const annotations = r.stringMap(meta, 'annotations', ['metadata', 'annotations'], ANNOTATION_RULES);
  const owners: OwnerRef[] = [];
  r.array(meta, 'ownerReferences', ['metadata', 'ownerReferences']).forEach((o, i) => {
    const p = ['metadata', 'ownerReferences', i];
    if (!isObject(o)) {
      r.wrongType(p, 'a map', o);
      return;
    }
    const k = r.string(o, 'kind', [...p, 'kind']);
    const n = r.string(o, 'name', [...p, 'name']);
    if (!k || !n) {
      r.report(p, 'warning', 'invalid-owner', 'An owner reference needs kind and name: the API server rejects it; the owner is ignored.');
      return;
    }
    owners.push({ kind: k, name: n, controller: r.boolean(o, 'controller', [...p, 'controller']) === true });
  });
  // The controller owner comes first: that is the chain Kubernetes garbage collection follows.
  owners.sort((a, b) => Number(b.controller) - Number(a.controller));
  return { name, namespace, labels, annotations, owners };
}

/** Where the object came from, for panels that point back at the user's file. */
export function sourceOf(doc: RawDocument): SourceRef {
  return { file: doc.file, document: doc.index, line: doc.position([]).line };
}
