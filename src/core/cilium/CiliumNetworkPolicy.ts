import type { RawDocument } from '../load/types.ts';
import type { ParseContext, ParseResult, PathSegment } from '../load/parseTypes.ts';
import { type Policy, type PolicyKind, type PolicyRef, policyKey, type Rule } from '../model/policy.ts';
import { collectPolicy, Collector, describe, field, isRecord, type Json, parseVersion, pruneUnknown } from './collect.ts';
import { parseRule } from './rule.ts';
import { editableManifest } from '../model/manifest.ts';
import type { ScopeContext } from './scoping.ts';

/**
 * CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy (`cilium.io/v2`) → `Policy`, exactly as
 * Cilium v1.19 imports them (reference A.1, A.12, B.2, B.3). Any construct that Cilium's
 * `Sanitize()` or the CRD schema refuses makes the whole object not import: `value: null` with an
 * error diagnostic at the offending field. Unknown fields are pruned (warning) and the rest loads.
 * Never throws.
 * @public
 */
export function parseCiliumPolicy(doc: RawDocument, ctx: ParseContext): ParseResult<Policy> {
  return collectPolicy(doc, 'Cilium rejects the whole policy', (c) => parse(c, doc, ctx));
}

const TOP_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec', 'specs', 'status'];

function parse(c: Collector, doc: RawDocument, ctx: ParseContext): Policy | null {
  const obj = doc.value;
  if (!isRecord(obj)) {
    c.reject([], 'invalid-type', `a policy must be an object, got ${describe(obj)}`);
    return null;
  }
  const kind = obj['kind'];
  if (kind !== 'CiliumNetworkPolicy' && kind !== 'CiliumClusterwideNetworkPolicy') {
    c.reject(['kind'], 'unexpected-kind', `expected kind CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy, got ${describe(kind)}`);
    return null;
  }
  const apiVersion = obj['apiVersion'];
  if (apiVersion !== undefined && apiVersion !== 'cilium.io/v2') {
    c.reject(['apiVersion'], 'unsupported-api-version', `${kind} is served as apiVersion cilium.io/v2, not ${describe(apiVersion)}`);
  }
  pruneUnknown(c, obj, [], TOP_FIELDS, (k) =>
    k === 'description' ? 'it has no effect on traffic (a rule description goes under spec)' : 'it has no effect on traffic',
  );
  const ref = parseMetadata(c, obj, kind, ctx);
  const scope: ScopeContext = {
    namespace: ref?.namespace ?? null,
    clusterName: ctx.clusterName,
    version: parseVersion(ctx.ciliumVersion),
    ...(ctx.nodeSelectorLabels !== undefined ? { nodeSelectorLabels: ctx.nodeSelectorLabels } : {}),
    ...(ctx.nodeSelectorLabelsFrom !== undefined ? { nodeSelectorLabelsFrom: ctx.nodeSelectorLabelsFrom } : {}),
  };
  const spec = field(obj, 'spec');
  const specs = field(obj, 'specs');
  if (spec === undefined && specs === undefined) {
    // `spec: null` (or `specs: null`) is there but empty: point at it, not at the whole document.
    const at = obj['spec'] === null ? 'spec' : obj['specs'] === null ? 'specs' : null;
    c.reject(at === null ? [] : [at], 'empty-policy', `the ${kind} has neither spec nor specs${at === null ? '' : ` (its ${at} is null)`}, so it holds no rule`);
    return null;
  }
  const refForRules: PolicyRef = ref ?? { kind, namespace: scope.namespace, name: '' };
  const rules: Rule[] = [];
  const add = (raw: unknown, path: PathSegment[]): void => {
    const r = parseRule(c, raw, path, refForRules, scope);
    if (r) rules.push(r);
  };
  if (spec !== undefined) add(spec, ['spec']);
  if (specs !== undefined) {
    if (!Array.isArray(specs)) c.reject(['specs'], 'invalid-type', `"specs" must be a list of rules, got ${describe(specs)}`);
    else (specs as unknown[]).forEach((s, i) => add(s, ['specs', i]));
  }
  if (!ref) return null;
  const description = rules.find((r) => r.description !== undefined)?.description;
  return {
    key: policyKey(ref),
    ref,
    source: { file: doc.file, document: doc.index, line: doc.position([]).line },
    ...(description !== undefined ? { description } : {}),
    rules,
    manifest: editableManifest(obj, ref.namespace),
    ...(c.assumed !== undefined ? { assumed: c.assumed } : {}),
  };
}

function parseMetadata(c: Collector, obj: Json, kind: PolicyKind, ctx: ParseContext): PolicyRef | null {
  const md = obj['metadata'];
  if (!isRecord(md)) {
    c.reject(['metadata'], 'missing-name', `${kind} must have metadata.name`);
    return null;
  }
  const name = md['name'];
  if (typeof name !== 'string' || name === '') {
    c.reject(['metadata', 'name'], 'missing-name', `${kind} must have a metadata.name`);
    return null;
  }
  const ns = md['namespace'];
  if (kind === 'CiliumClusterwideNetworkPolicy') {
    if (ns !== undefined && ns !== null && ns !== '') {
      c.info(['metadata', 'namespace'], 'namespace-ignored', 'metadata.namespace is ignored: a CiliumClusterwideNetworkPolicy is cluster-scoped');
    }
    return { kind, namespace: null, name };
  }
  if (ns !== undefined && ns !== null && typeof ns !== 'string') {
    c.reject(['metadata', 'namespace'], 'invalid-type', `metadata.namespace must be a string, got ${describe(ns)}`);
    return null;
  }
  return { kind, namespace: typeof ns === 'string' && ns !== '' ? ns : ctx.defaultNamespace, name };
}
