/**
 * The text the what-if editor starts from for a loaded policy: its manifest as YAML (server-set
 * metadata left out, see model/manifest.ts), and the draft-document name diagnostics show.
 * @public
 */
import { stringify } from 'yaml';
import type { Policy, PolicyRef } from '../model/policy.ts';
import { policyLabel } from '../model/policyLabel.ts';

export { policyLabel };

/** Diagnostics of an edited policy name it like a file. */
export function draftName(ref: PolicyRef | null, n = 1): string {
  return ref ? `what-if: ${policyLabel(ref)}` : `what-if: new policy ${n}`;
}

/** YAML of the policy as loaded; null for policies without a manifest (built by hand). */
export function policyText(policy: Policy): string | null {
  if (!policy.manifest) return null;
  return stringify(policy.manifest, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** What a new policy starts as: a namespaced CiliumNetworkPolicy skeleton to fill in. */
export function newPolicyText(namespace: string): string {
  return stringify(
    {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNetworkPolicy',
      metadata: { name: 'what-if', namespace },
      spec: { endpointSelector: { matchLabels: { app: 'CHANGE-ME' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'CHANGE-ME' } }] }] },
    },
    { lineWidth: 0 },
  );
}
