/**
 * The lint checks only some inputs need, gathered into one module so the browser fetches them as
 * one chunk, only when a load has such input (rareLint.ts says when): the policy tiers'
 * (ClusterNetworkPolicy / AdminNetworkPolicy / BaselineAdminNetworkPolicy, rules/tiers.ts) and
 * conflicting `authentication.mode`s (rules/authConflict.ts). Nothing here is imported statically
 * by lint.ts: only through `rareLintRules` (rareLint.ts).
 * @internal
 */
export { tierFindings } from './rules/tiers.ts';
export { authModeConflict } from './rules/authConflict.ts';
