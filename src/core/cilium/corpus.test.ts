import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnyPolicy, rawDocs, testCtx } from './testDocs.ts';
import { testDataDir } from '../../../test/paths.ts';

/**
 * Every CNP/CCNP/NetworkPolicy of the corpora (test/corpora) loads without a parser exception; the
 * objects Cilium (or the API server) would refuse are listed here explicitly, with the reason.
 */
const roots = [
  'corpora/cilium-policies',
  'corpora/cilium-cli',
  'corpora/k8s-e2e',
  'corpora/k8s-recipes',
  'corpora/npguard/tests',
  'fixtures/app-platform/policies.yaml',
];

function walk(p: string): string[] {
  return statSync(p).isDirectory() ? readdirSync(p).sort().flatMap((f) => walk(join(p, f))) : [p];
}

interface Outcome {
  readonly root: string;
  readonly id: string;
  readonly loaded: boolean;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  readonly internal: boolean;
}

function run(): { outcomes: Outcome[]; templates: string[] } {
  const outcomes: Outcome[] = [];
  const templates: string[] = [];
  for (const root of roots) {
    for (const file of walk(join(testDataDir, root)).filter((f) => /\.(ya?ml|json)$/.test(f))) {
      const text = readFileSync(file, 'utf8');
      const rel = relative(testDataDir, file);
      // Go templates are not YAML until rendered by the cilium-cli harness.
      if (text.includes('{{')) {
        templates.push(rel);
        continue;
      }
      for (const doc of rawDocs(text, rel)) {
        const r = parseAnyPolicy(doc, { ...testCtx, defaultNamespace: 'cilium-test' });
        if (!r) continue;
        const name = (doc.value as { metadata?: { name?: string } }).metadata?.name ?? '?';
        const at = (d: { code: string; path: string }) => `${d.code}@${d.path}`;
        outcomes.push({
          root,
          id: `${rel}#${doc.index}${doc.pathPrefix ? `.${doc.pathPrefix}` : ''}:${name}`,
          loaded: r.value !== null,
          errors: r.diagnostics.filter((d) => d.severity === 'error').map(at),
          warnings: r.diagnostics.filter((d) => d.severity === 'warning').map(at),
          internal: r.diagnostics.some((d) => d.code === 'internal-error'),
        });
      }
    }
  }
  return { outcomes, templates };
}

const { outcomes, templates } = run();
const ex = 'corpora/cilium-policies/examples/examples/policies';

describe('policy corpora', () => {
  it('finds policies in every corpus and never hits a parser exception', () => {
    for (const root of roots) expect(outcomes.filter((o) => o.root === root).length, root).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.internal)).toEqual([]);
    expect(templates.length).toBeGreaterThan(0);
  });

  it('rejects exactly the objects Cilium would refuse, for the right reason', () => {
    const rejected = Object.fromEntries(outcomes.filter((o) => !o.loaded).map((o) => [o.id, [...new Set(o.errors)]]));
    expect(rejected).toEqual({
      // `egress:` with no value is absent, so the rule has no item at all.
      [`${ex}/l3/egress-default-deny/egress-default-deny.yaml#0:deny-all-egress`]: ['empty-rule@spec'],
      // fromRequires was removed in 1.19.
      [`${ex}/l3/requires/requires.yaml#0:requires-rule`]: ['requires-removed@specs[0].ingress[0].fromRequires'],
      // Lower-case selector operators ("in") are not Kubernetes operators.
      [`${ex}/l3/match-expressions/and-statement.yaml#0:and-statement-policy`]: [
        'invalid-operator@spec.ingress[0].fromEndpoints[0].matchExpressions[0].operator',
        'invalid-operator@spec.ingress[0].fromEndpoints[0].matchExpressions[1].operator',
      ],
      [`${ex}/l3/match-expressions/or-statement.yaml#0:or-statement-policy`]: [
        'invalid-operator@spec.ingress[0].fromEndpoints[0].matchExpressions[0].operator',
        'invalid-operator@spec.ingress[0].fromEndpoints[1].matchExpressions[0].operator',
      ],
    });
  });

  it('warns about the pruned fields of the upstream examples', () => {
    const warned = Object.fromEntries(outcomes.filter((o) => o.loaded && o.warnings.length > 0).map((o) => [o.id.replace(`${ex}/`, ''), o.warnings]));
    expect(warned).toMatchObject({
      'auth/auth.yaml#0:l3-egress-rule': ['unknown-field@spec.egress[0].auth'],
      'l7/http/http.yaml#0:l7-rule': ['unknown-field@spec.ingress[0].toPorts[0].rules.HTTP'],
      // fromNodes with no cilium-config: --enable-node-selector-labels assumed on, an info note (nodesPeers.test).
      'l3/entities/from_nodes.yaml#0:to-dev-from-worker-nodes': ['unknown-field@apiversion'],
      'l4/l3_l4_combined.yaml#0:l4-rule': ['unknown-field@spec.ingress[0].fromEndpoints[0].role'],
      // `- fromEndpoints:` with no value: the "allow all" example actually allows nothing.
      'l3/ingress-allow-all/ingress-allow-all.yaml#0:allow-all-to-victim': ['null-field@spec.ingress[0].fromEndpoints'],
    });
    // Everything else warned about is a top-level `description` (not a CNP field).
    const others = Object.entries(warned).filter(([id]) => !/auth\.yaml|http\/http\.yaml|l3_l4_combined|from_nodes|ingress-allow-all/.test(id));
    for (const [, w] of others) expect(w).toEqual(['unknown-field@description']);
  });

  it('loads the whole app-platform fixture, the k8s corpora and the cilium-cli suites', () => {
    for (const root of roots.slice(1)) {
      expect(outcomes.filter((o) => o.root === root && !o.loaded).map((o) => o.id), root).toEqual([]);
      expect(outcomes.filter((o) => o.root === root && o.warnings.length > 0).map((o) => o.id), root).toEqual([]);
    }
    expect(outcomes.filter((o) => o.root === 'fixtures/app-platform/policies.yaml')).toHaveLength(12);
  });
});
