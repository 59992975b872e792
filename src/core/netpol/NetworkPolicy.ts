import type { RawDocument } from '../load/types.ts';
import type { ParseContext, ParseResult, PathSegment } from '../load/parseTypes.ts';
import { type Entry, type Policy, type PolicyRef, policyKey, type Rule } from '../model/policy.ts';
import { parseLabelSelector } from '../k8s/LabelSelector.ts';
import { collectPolicy, Collector, describe, field, isRecord, type Json, listField, objectField, parseVersion, pruneUnknown } from '../cilium/collect.ts';
import { NAMESPACE_KEY } from '../cilium/scoping.ts';
import { parseNetpolPeer } from './peers.ts';
import { parseNetpolPorts } from './ports.ts';
import { editableManifest } from '../model/manifest.ts';

/**
 * Kubernetes `networking.k8s.io/v1` NetworkPolicy → `Policy` with one Cilium rule, the way
 * Cilium's `ParseNetworkPolicy` translates it (reference B.10). Objects the Kubernetes API server
 * would refuse (bad selectors, ports, CIDRs, empty peers) do not import. Never throws.
 * @public
 */
export function parseNetworkPolicy(doc: RawDocument, ctx: ParseContext): ParseResult<Policy> {
  return collectPolicy(doc, 'Kubernetes rejects the whole NetworkPolicy', (c) => parse(c, doc, ctx));
}

const SPEC_FIELDS = ['podSelector', 'policyTypes', 'ingress', 'egress'];

function parse(c: Collector, doc: RawDocument, ctx: ParseContext): Policy | null {
  const obj = doc.value;
  if (!isRecord(obj)) {
    c.reject([], 'invalid-type', `a NetworkPolicy must be an object, got ${describe(obj)}`);
    return null;
  }
  if (obj['kind'] !== 'NetworkPolicy') {
    c.reject(['kind'], 'unexpected-kind', `expected kind NetworkPolicy, got ${describe(obj['kind'])}`);
    return null;
  }
  const apiVersion = obj['apiVersion'];
  if (apiVersion !== undefined && apiVersion !== 'networking.k8s.io/v1') {
    c.reject(['apiVersion'], 'unsupported-api-version', `NetworkPolicy is served as networking.k8s.io/v1, not ${describe(apiVersion)}`);
  }
  pruneUnknown(c, obj, [], ['apiVersion', 'kind', 'metadata', 'spec', 'status'], () => 'it has no effect');
  const ref = parseMetadata(c, obj, ctx);
  let spec = objectField(c, obj, 'spec', []);
  if (spec === undefined) {
    const isNull = obj['spec'] === null;
    c.warn(isNull ? ['spec'] : [], 'no-spec', `this NetworkPolicy has no spec${isNull ? ' (its spec is null)' : ''}: it selects every pod of its namespace and denies all their ingress`);
    spec = {};
  }
  if (!spec || !ref) return null;
  const namespace = ref.namespace ?? ctx.defaultNamespace;
  const version = parseVersion(ctx.ciliumVersion);
  pruneUnknown(c, spec, ['spec'], SPEC_FIELDS, (k) => (/gress|from|to/i.test(k) ? 'its rules are not part of the policy' : 'it has no effect'));

  const subject = parseSubject(c, spec, namespace);
  const types = parsePolicyTypes(c, spec);
  const peerCtx = { namespace, clusterName: ctx.clusterName, version };
  const sections = { ingress: [] as Entry[], egress: [] as Entry[] };
  for (const dir of ['ingress', 'egress'] as const) {
    const list = listField(c, spec, dir, ['spec']);
    if (!list) continue;
    list.forEach((raw, i) => {
      const e = parseNetpolRule(c, raw, ['spec', dir, i], dir, peerCtx);
      if (e) sections[dir].push(e);
    });
  }

  // Kubernetes defaulting of an absent policyTypes, then Cilium's default-deny conversion.
  const hasIngressType = types ? types.includes('Ingress') : true;
  const hasEgressType = types ? types.includes('Egress') : sections.egress.length > 0;
  if (types && !hasEgressType && sections.egress.length > 0) {
    c.warn(['spec', 'egress'], 'policy-types-ignored', 'policyTypes does not list Egress, so Kubernetes ignores these egress rules, but Cilium enforces them anyway (it does not check policyTypes for listed rules)');
  }
  if (types && !hasIngressType && sections.ingress.length > 0) {
    c.warn(['spec', 'ingress'], 'policy-types-ignored', 'policyTypes does not list Ingress, so Kubernetes ignores these ingress rules, but Cilium enforces them anyway (it does not check policyTypes for listed rules)');
  }
  if (sections.ingress.length === 0 && (hasIngressType || !hasEgressType)) {
    sections.ingress.push(denyAllEntry(spec, 'ingress'));
  }
  if (sections.egress.length === 0 && hasEgressType) {
    sections.egress.push(denyAllEntry(spec, 'egress'));
  }
  if (!subject) return null;
  const rule: Rule = {
    policy: ref,
    path: 'spec',
    subject: { kind: 'endpoints', ...subject },
    ingress: sections.ingress,
    ingressDeny: [],
    egress: sections.egress,
    egressDeny: [],
    // Cilium marks every entry of a NetworkPolicy as default-deny.
    enableDefaultDeny: { ingress: true, egress: true },
  };
  return {
    key: policyKey(ref),
    ref,
    source: { file: doc.file, document: doc.index, line: doc.position([]).line },
    rules: [rule],
    manifest: editableManifest(obj, ref.namespace),
  };
}

/** `ingress: [{}]` / `egress: [{}]` in Cilium terms: matches nothing, switches on default deny. */
function denyAllEntry(spec: Json, dir: 'ingress' | 'egress'): Entry {
  const path = field(spec, dir) !== undefined ? `spec.${dir}` : field(spec, 'policyTypes') !== undefined ? 'spec.policyTypes' : 'spec';
  return { path, direction: dir, action: 'allow', peers: { kind: 'wildcard' }, ports: [], icmps: [], authRequired: false };
}

function parseMetadata(c: Collector, obj: Json, ctx: ParseContext): PolicyRef | null {
  const md = obj['metadata'];
  const name = isRecord(md) ? md['name'] : undefined;
  if (typeof name !== 'string' || name === '') {
    c.reject(['metadata', 'name'], 'missing-name', 'NetworkPolicy must have a metadata.name');
    return null;
  }
  const ns = isRecord(md) ? md['namespace'] : undefined;
  if (ns !== undefined && ns !== null && typeof ns !== 'string') {
    c.reject(['metadata', 'namespace'], 'invalid-type', `metadata.namespace must be a string, got ${describe(ns)}`);
    return null;
  }
  return { kind: 'NetworkPolicy', namespace: typeof ns === 'string' && ns !== '' ? ns : ctx.defaultNamespace, name };
}

function parseSubject(c: Collector, spec: Json, namespace: string): Pick<Rule['subject'], 'selector' | 'scoping'> | null {
  const raw = field(spec, 'podSelector');
  if (raw === undefined) {
    c.info(['spec'], 'no-pod-selector', 'no spec.podSelector: it defaults to {} and the policy selects every pod of the namespace');
  }
  const parsed = parseLabelSelector(raw ?? {}, ['spec', 'podSelector'], { mode: 'k8s' });
  c.selectorIssues(parsed.issues);
  if (!parsed.selector) return null;
  const written = parsed.selector;
  // Cilium overwrites a namespace *match label* with the policy's namespace (expressions stay ANDed).
  const ml = isRecord(raw) && isRecord(raw['matchLabels']) ? Object.keys(raw['matchLabels']) : [];
  const drop = ml.indexOf(NAMESPACE_KEY);
  const kept = written.requirements.filter((_, i) => i !== drop);
  const added = [{ source: 'k8s', key: NAMESPACE_KEY, operator: 'In' as const, values: [namespace] }];
  return {
    selector: { requirements: [...kept, ...added] },
    scoping: { written, added, notes: [`namespace ${namespace} added: a NetworkPolicy only selects pods of its own namespace`] },
  };
}

function parsePolicyTypes(c: Collector, spec: Json): ('Ingress' | 'Egress')[] | null {
  const raw = listField(c, spec, 'policyTypes', ['spec']);
  if (!raw) return null;
  const out: ('Ingress' | 'Egress')[] = [];
  raw.forEach((t, i) => {
    if (t === 'Ingress' || t === 'Egress') out.push(t);
    else c.reject(['spec', 'policyTypes', i], 'invalid-policy-type', `policyTypes items must be "Ingress" or "Egress" (case-sensitive), got ${describe(t)}`);
  });
  return out;
}

function parseNetpolRule(
  c: Collector,
  raw: unknown,
  rp: PathSegment[],
  dir: 'ingress' | 'egress',
  ctx: Parameters<typeof parseNetpolPeer>[4],
): Entry | null {
  if (!isRecord(raw)) {
    c.reject(rp, 'invalid-type', `a NetworkPolicy ${dir} rule must be an object, got ${describe(raw)}`);
    return null;
  }
  const peersKey = dir === 'ingress' ? 'from' : 'to';
  pruneUnknown(c, raw, rp, [peersKey, 'ports'], (k, near) =>
    (near === peersKey || /^(from|to)/i.test(k)) && field(raw, peersKey) === undefined
      ? `without "${peersKey}" the rule applies to every peer, including world`
      : (near === 'ports' || /port/i.test(k)) && field(raw, 'ports') === undefined
        ? 'without "ports" the rule applies to all ports and protocols'
        : 'it has no effect',
  );
  const path = c.pathText(rp);
  const rawPeers = listField(c, raw, peersKey, rp);
  const peers =
    rawPeers && rawPeers.length > 0
      ? rawPeers.flatMap((p, i) => {
          const peer = parseNetpolPeer(c, p, [...rp, peersKey, i], dir, ctx);
          return peer ? [peer] : [];
        })
      : // `from`/`to` omitted or empty: Cilium's wildcard selector, every identity including world.
        [{ kind: 'entity' as const, path, entity: 'all' as const }];
  const rawPorts = listField(c, raw, 'ports', rp);
  const ports = rawPorts ? parseNetpolPorts(c, rawPorts, [...rp, 'ports']) : [];
  return { path, direction: dir, action: 'allow', peers: { kind: 'list', items: peers }, ports, icmps: [], authRequired: false };
}
