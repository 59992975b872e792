/**
 * The lint checks only some inputs need, gathered into one module so the browser fetches them as
 * one chunk, only when a load has such input (rareLint.ts says when): the policy tiers'
 * (ClusterNetworkPolicy / AdminNetworkPolicy / BaselineAdminNetworkPolicy, rules/tiers.ts),
 * conflicting `authentication.mode`s (rules/authConflict.ts) and conflicting L7 parsers on one port
 * (rules/l7ParserConflict.ts). Nothing here is imported statically by lint.ts: only through
 * `rareLintRules` (rareLint.ts).
 * @internal
 */
export { tierFindings } from './rules/tiers.ts';
export { authModeConflict } from './rules/authConflict.ts';
export { l7ParserConflict } from './rules/l7ParserConflict.ts';
