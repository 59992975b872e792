/**
 * A suggested fix for one path: the smallest policy change that flips its verdict, as YAML to
 * apply, with its blast radius (every other path the change opens or closes). Plain data.
 * @public
 */
import type { PolicyRef } from '../model/policy.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { Change } from '../diff/types.ts';

export type FixChange =
  /** A new policy to apply as is. */
  | { readonly kind: 'add-policy'; readonly policy: PolicyRef; readonly yaml: string; readonly why: string }
  /**
   * An edit of an existing policy: `add` appends the list items in `yaml` to the list at `path`;
   * `replace` replaces the field at `path` by the field(s) in `yaml`.
   */
  | { readonly kind: 'edit-policy'; readonly op: 'add' | 'replace'; readonly policy: PolicyRef; readonly path: string; readonly yaml: string; readonly why: string };

export interface Fix {
  /** `allow` for a denied path, `block` for an allowed one. */
  readonly goal: 'allow' | 'block';
  readonly before: 'allowed' | 'denied';
  /** The path's verdict with the changes applied (checked with the engine). */
  readonly after: 'allowed' | 'denied';
  /** False when no change could be generated (the explanation says what to do by hand). */
  readonly possible: boolean;
  /** Why these changes, in order (deny precedence, default deny on which side…). */
  readonly explanation: readonly string[];
  readonly changes: readonly FixChange[];
  /** Every new policy, as one multi-document YAML ('' when there is none). */
  readonly yaml: string;
  /** Other paths (and other ports of this path) the change opens or closes. */
  readonly blastRadius: readonly Change[];
  readonly notes: readonly string[];
  /** Problems the parser found in a generated policy (should be empty; kept rather than thrown). */
  readonly diagnostics: readonly Diagnostic[];
}
