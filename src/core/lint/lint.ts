/**
 * lint(cluster, model, settings): findings about policies that Cilium accepts but that do not do
 * what they seem to (issue 7), sorted by policy, path and code. Pure and deterministic.
 * @public
 */
import type { Cluster } from '../model/cluster.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { EngineModel } from '../engine/compile.ts';
import type { EngineSettings } from '../engine/types.ts';
import { buildContext, type LintContext } from './context.ts';
import type { Finding, LintOptions } from './types.ts';
import { selectsNothing } from './rules/selects.ts';
import { denyOnly, emptySections } from './rules/emptyAndDenyOnly.ts';
import { cidrCoversCluster } from './rules/cidrCluster.ts';
import { fqdnWithoutDns } from './rules/fqdnDns.ts';
import { namedPortUnresolved } from './rules/namedPort.ts';
import { apiserverPort } from './rules/apiserver.ts';
import { l7Shadowed } from './rules/l7Shadowed.ts';
import { widened } from './rules/widened.ts';
import { versionDependent } from './rules/versions.ts';
import { rareFindings } from './rareLint.ts';

const RULES: readonly ((ctx: LintContext) => Finding[])[] = [
  selectsNothing,
  emptySections,
  denyOnly,
  cidrCoversCluster,
  fqdnWithoutDns,
  namedPortUnresolved,
  apiserverPort,
  l7Shadowed,
  widened,
  versionDependent,
  // The policy tiers' checks, auth-mode-conflict and l7-parser-conflict: a lazy chunk in the browser (rareLint.ts).
  rareFindings,
];

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function compareFindings(a: Finding, b: Finding): number {
  const ka = [a.policy.namespace ?? '', a.policy.name, a.policy.kind, a.path, a.code, a.message];
  const kb = [b.policy.namespace ?? '', b.policy.name, b.policy.kind, b.path, b.code, b.message];
  for (let i = 0; i < ka.length; i++) {
    const x = ka[i] as string;
    const y = kb[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
}

export function lint(cluster: Cluster, model: EngineModel, settings: EngineSettings = model.settings, options: LintOptions = {}): Finding[] {
  const ctx = buildContext(cluster, model, settings, options);
  const out = RULES.flatMap((r) => r(ctx));
  const seen = new Set<string>();
  return out
    .filter((f) => {
      const k = `${f.code}|${f.policy.kind}|${f.policy.namespace ?? ''}|${f.policy.name}|${f.path}|${f.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort(compareFindings);
}

/**
 * Loader diagnostics about policies that lint does not repeat as findings because the parser
 * already reports them: objects Cilium rejects (`ingress: []` alone, fromRequires on 1.19…) and
 * fields read differently by version. Lint output refers to these instead.
 */
export const REFERRED_DIAGNOSTIC_CODES: readonly string[] = [
  'empty-rule',
  'requires-removed',
  'requires-deprecated',
  'default-deny-no-effect',
  'empty-peer-list',
  'null-field',
  'subject-namespace-overridden',
];

export function referredDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => REFERRED_DIAGNOSTIC_CODES.includes(d.code));
}
