import type { Diagnostic, Severity } from '../model/diagnostic.ts';
import type { RawDocument } from './types.ts';
import type { VersionGate } from '../model/versionGap.ts';

/** What per-kind parsers need to know beyond the document itself. @public */
export interface ParseContext {
  /** Namespace for namespaced objects without metadata.namespace (`kubectl apply` default). */
  readonly defaultNamespace: string;
  /** Local cluster name (Cilium's `io.cilium.k8s.policy.cluster`). */
  readonly clusterName: string;
  /**
   * Cilium version whose import rules apply (`1.19`, `v1.18.3`); default `1.19`. Older versions
   * change namespace-label scoping, the default cluster filter and `fromRequires`.
   */
  readonly ciliumVersion?: string;
  /**
   * The agent's `enable-node-selector-labels`: without it Cilium 1.16+ refuses policies with
   * fromNodes/toNodes (and 1.20 ClusterNetworkPolicy with nodes peers). Undefined when no
   * cilium-config was loaded and none was set: assumed on for the policies the user gave, with a
   * note (as enable-k8s-cluster-network-policy is, engine/tierWords.ts tiersAssumedNote).
   */
  readonly nodeSelectorLabels?: boolean;
  /** Who said `nodeSelectorLabels` (for the error's words): cilium-config (the default), a cilium-config without the key, or set by hand. */
  readonly nodeSelectorLabelsFrom?: 'cilium-config' | 'cilium-config-default' | 'set';
}

/** A parser's answer: the value when usable, and every problem met (never throws). @public */
export interface ParseResult<T> {
  readonly value: T | null;
  readonly diagnostics: readonly Diagnostic[];
  /** Fields the version read refuses or ignores while another release applies them (absent = none). */
  readonly versionGates?: readonly VersionGate[];
}

export type PathSegment = string | number;

/** `spec.egress[1].toPorts[0]` from segments. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Builds a diagnostic pointing at `path` inside `doc`. */
export function diagnosticAt(
  doc: RawDocument,
  path: readonly PathSegment[],
  severity: Severity,
  code: string,
  message: string,
): Diagnostic {
  const pos = doc.position(path);
  const rel = formatPath(path);
  const full = doc.pathPrefix && rel ? `${doc.pathPrefix}.${rel}` : doc.pathPrefix || rel;
  return { file: doc.file, document: doc.index, line: pos.line, column: pos.column, path: full, severity, code, message };
}
