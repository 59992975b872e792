/**
 * The agent's `--enable-node-selector-labels` for the parsers that read node peers (peers.ts
 * fromNodes/toNodes, tiers/parse.ts ClusterNetworkPolicy `nodes`): the refusal when it is off, the
 * note when it is assumed on. Node peers are rare: a rare reader (load/rareReaders.ts).
 */
import type { ParseContext, PathSegment } from '../load/parseTypes.ts';
import type { Collector } from './collect.ts';
import type { ScopeContext } from './scoping.ts';

/**
 * fromNodes/toNodes at `path`: IngressCommonRule/EgressCommonRule.sanitize
 * (pkg/policy/api/rule_validation.go, ErrFromToNodesRequiresNodeSelectorOption); one rule failing
 * Sanitize fails the whole policy. Flag unknown: assumed on, with a note.
 */
export function nodeSelectorCheck(c: Collector, path: readonly PathSegment[], name: string, ctx: Pick<ScopeContext, 'nodeSelectorLabels' | 'nodeSelectorLabelsFrom' | 'version'>): void {
  const refusal = 'FromNodes/ToNodes rules can only be applied when the "enable-node-selector-labels" flag is set';
  const v = ctx.version.join('.');
  if (ctx.nodeSelectorLabels === undefined) {
    c.info(path, 'assumed-node-selector-labels', `${name}: ${nodeSelectorAssumedNote(v, 'policy', refusal)}`);
    c.assumed = nodeSelectorAssumedVerdict(v, name, 'policy');
  }
  else if (!ctx.nodeSelectorLabels)
    c.reject(path, 'needs-node-selector-labels', `${name} needs the agent flag --enable-node-selector-labels (${nodeSelectorOffWhy(ctx)}): without it the agent of Cilium ${v} refuses the policy ("${refusal}")`);
}

/** Why the flag is off, in the refusal's words (ctx.nodeSelectorLabels === false). */
export function nodeSelectorOffWhy(ctx: Pick<ParseContext, 'nodeSelectorLabelsFrom'>): string {
  if (ctx.nodeSelectorLabelsFrom === 'set') return "set off by hand: --node-selector-labels off, or the app's agent settings";
  if (ctx.nodeSelectorLabelsFrom === 'cilium-config-default') return 'off by default, and the loaded cilium-config does not set it';
  return 'the loaded cilium-config sets it to false';
}

/**
 * The note on a node peer read with the flag assumed on (ctx.nodeSelectorLabels undefined: no
 * cilium-config loaded, none set): what was assumed, Cilium's default, and the agent's refusal.
 */
export function nodeSelectorAssumedNote(version: string, what: string, refusal: string): string {
  return `assumed enable-node-selector-labels=true (Cilium ${version} default: off; no cilium-config loaded): with it off the agent refuses the whole ${what} ("${refusal}"). Set --node-selector-labels off, or off in the app's agent settings, or load cilium-config, if the cluster does not enable it`;
}

/**
 * Policy.assumed for a policy with node peers read with the flag assumed on: said with every
 * verdict it decides, since with the flag off the agent refuses all of it.
 */
export function nodeSelectorAssumedVerdict(version: string, peers: string, what: string): string {
  return `read with enable-node-selector-labels assumed true (Cilium ${version} default: off; no cilium-config loaded) for its ${peers}: with it off the agent refuses the whole ${what}, which then decides nothing`;
}
