import type { Policy, PolicyRef } from './policy.ts';

/**
 * A field of a policy that the selected Cilium version refuses (so the whole policy does not
 * import) or ignores, while another release applies it: what a parser's version gate records.
 * @public
 */
export interface VersionGate {
  /** The field, `spec.egress[0].toPorts`. */
  readonly path: string;
  /** What the version refuses or ignores, in a few words (`toServices with toPorts`). */
  readonly what: string;
  /** The nearest release (major.minor) that applies it. */
  readonly appliesOn: string;
}

/**
 * A policy the loaded version refuses or reads without one of its fields, with the policy as a
 * release that applies it reads it: explanations of the verdicts it would touch say so
 * (engine/versionGaps.ts).
 * @public
 */
export interface VersionGap extends VersionGate {
  readonly policy: PolicyRef;
  /** The version the policy was read with (the one that refuses or ignores it). */
  readonly version: string;
  /** The whole policy is refused on `version` (else it loaded without this field's effect). */
  readonly refused: boolean;
  /** The policy as `appliesOn` reads it. */
  readonly applied: Policy;
}
