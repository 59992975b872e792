/**
 * Lint findings: policies Cilium accepts but that do not do what they seem to (issue 7).
 * Things Cilium rejects are the parsers' diagnostics, never findings (no double reports).
 * Plain data: findings cross the worker boundary.
 * @public
 */
import type { Severity, SourceRef } from '../model/diagnostic.ts';
import type { PolicyKind } from '../model/policy.ts';

export type LintCode =
  | 'selects-no-endpoint'
  | 'peer-selects-nothing'
  | 'empty-section'
  | 'deny-only-default-deny'
  | 'cidr-covers-cluster'
  | 'fqdn-without-dns-rule'
  | 'named-port-unresolved'
  | 'apiserver-service-port'
  | 'l7-shadowed'
  | 'widened-by-other-policy'
  | 'version-dependent'
  | 'not-read-by-cilium'
  | 'tier-rule-shadowed'
  | 'baseline-never-applies'
  | 'auth-mode-conflict'
  | 'l7-parser-conflict';

export const lintCodes: readonly LintCode[] = [
  'selects-no-endpoint',
  'peer-selects-nothing',
  'empty-section',
  'deny-only-default-deny',
  'cidr-covers-cluster',
  'fqdn-without-dns-rule',
  'named-port-unresolved',
  'apiserver-service-port',
  'l7-shadowed',
  'widened-by-other-policy',
  'version-dependent',
  'not-read-by-cilium',
  'tier-rule-shadowed',
  'baseline-never-applies',
  'auth-mode-conflict',
  'l7-parser-conflict',
];

export interface FindingPolicy {
  readonly kind: PolicyKind;
  /** null for cluster-wide policies. */
  readonly namespace: string | null;
  readonly name: string;
}

export interface Finding {
  readonly code: LintCode;
  readonly severity: Severity;
  readonly policy: FindingPolicy;
  /** Field path in the policy (`spec.ingress[0].toPorts[0].ports[0]`); `spec` for the whole rule. */
  readonly path: string;
  /** What Cilium will actually do, and how to fix it. */
  readonly message: string;
  /** The concrete edit, when there is one obvious edit. */
  readonly fix?: string;
  /** Other policies involved (the widening policy, the shadowing rule). */
  readonly related?: readonly FindingPolicy[];
  /** Where the policy was read from. */
  readonly source?: SourceRef;
}

export interface LintOptions {
  /**
   * Report a narrowing policy widened by another one only towards peers of the namespaces its own
   * peers live in (e.g. a namespace-wide same-tenant allow under a pod-level allow), as info. On
   * by default (false turns it off): the narrowing keeps nobody out, which users want to know, but
   * the layering is common defence in depth; widening that lets in peers from beyond those
   * namespaces (the multi-tenant trap) is a warning.
   */
  readonly sameNamespaceWidening?: boolean;
}
