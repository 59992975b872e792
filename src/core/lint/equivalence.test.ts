/**
 * Guards the fast paths of lint (label-index peer matching, memoized port sets and peer lists,
 * example texts built only when shown): the findings of a few inputs must stay exactly those of
 * the straightforward implementation (equivalence.golden.json: one line per finding, with a digest
 * of the whole finding, message and source included), and each shortcut must agree with the
 * engine function it stands for.
 */
import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { loadInputs } from '../load/loadInputs.ts';
import type { Cluster } from '../model/cluster.ts';
import { selectorMatches } from '../model/selector.ts';
import { compile } from '../engine/compile.ts';
import { entryPeersMatch } from '../engine/peerMatch.ts';
import { isBareItem } from '../engine/side.ts';
import { dnsRulesFor } from '../engine/subjects.ts';
import { generateCluster, synthPresets } from '../synth/cluster.ts';
import { buildContext, listText, listTextOfDistinct } from './context.ts';
import { lint } from './lint.ts';
import type { Finding, LintOptions } from './types.ts';
import golden from './equivalence.golden.json';
import { appPlatformDir, ciliumPoliciesDir, k8sE2eDir } from '../../../test/paths.ts';

const read = (file: string) => ({ name: path.basename(file), data: readFileSync(file, 'utf8') });
const yamlIn = (dir: string) => readdirSync(dir).filter((n) => /\.(ya?ml|json)$/.test(n)).sort().map((n) => read(path.join(dir, n)));
const appPlatform = appPlatformDir;
const inventory = read(path.join(appPlatform, 'inventory.yaml'));

const inputs: Record<string, () => Cluster> = {
  'synth-200': () => loadInputs(generateCluster({ ...synthPresets['200'], format: 'json' }).files).cluster,
  'app-platform': () => loadInputs([read(path.join(appPlatform, 'policies.yaml')), inventory]).cluster,
  'k8s-e2e': () => loadInputs([...yamlIn(k8sE2eDir), inventory]).cluster,
  'l3/cidr': () => loadInputs([...yamlIn(path.join(ciliumPoliciesDir, 'examples/examples/policies/l3/cidr')), inventory]).cluster,
};
const clusters = new Map<string, Cluster>();
const clusterOf = (name: string): Cluster => {
  let c = clusters.get(name);
  if (!c) clusters.set(name, (c = (inputs[name] as () => Cluster)()));
  return c;
};

const cases: readonly [keyof typeof golden, string, LintOptions][] = [
  ['synth-200', 'synth-200', { sameNamespaceWidening: false }],
  ['synth-200 sameNamespaceWidening', 'synth-200', { sameNamespaceWidening: true }],
  ['app-platform sameNamespaceWidening', 'app-platform', { sameNamespaceWidening: true }],
  ['k8s-e2e + app-platform inventory', 'k8s-e2e', {}],
  ['cilium l3/cidr + app-platform inventory', 'l3/cidr', {}],
];

const line = (f: Finding) =>
  `${f.code} ${f.severity} ${f.policy.kind}:${f.policy.namespace ?? ''}/${f.policy.name} ${f.path} ${createHash('sha1').update(JSON.stringify(f)).digest('hex').slice(0, 12)}`;

describe('lint findings stay those of the reference implementation', () => {
  for (const [name, input, options] of cases)
    it(name, () => {
      const cluster = clusterOf(input);
      const model = compile(cluster);
      expect(lint(cluster, model, model.settings, options).map(line)).toEqual(golden[name]);
    });
});

describe('shortcuts agree with the engine functions they stand for', () => {
  for (const input of ['synth-200', 'app-platform', 'k8s-e2e'])
    it(`peersOf and selectsSomeIdentity on ${input}`, () => {
      const cluster = clusterOf(input);
      const model = compile(cluster);
      const ctx = buildContext(cluster, model, model.settings, {});
      const base = { clusterName: model.cluster.name, settings: model.settings, cidrGroups: model.cluster.cidrGroups, services: model.cluster.services };
      let checked = 0;
      for (const at of ctx.rules)
        for (const e of [...at.rule.ingress, ...at.rule.ingressDeny, ...at.rule.egress, ...at.rule.egressDeny]) {
          for (const s of [null, ...ctx.subjects(at.index).slice(0, 3)]) {
            const dnsRules = e.direction === 'egress' && s !== null ? dnsRulesFor(model, model.subjectRules[s] ?? []) : [];
            const want = isBareItem(e) ? [] : ctx.parties.flatMap((p, i) => (entryPeersMatch(e.peers, p, { ...base, dnsRules }).matched ? [i] : []));
            expect(ctx.peersOf(at.rule, e, s)).toEqual(want);
            checked++;
          }
          if (e.peers.kind === 'list')
            for (const p of e.peers.items)
              if (p.kind === 'endpoints') expect(ctx.selectsSomeIdentity(p.selector)).toBe(model.identities.some((id) => selectorMatches(p.selector, id.labels)));
        }
      expect(checked).toBeGreaterThan(0);
    });

  it('listTextOfDistinct is listText of distinct items', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 9 }), fc.integer({ min: 0, max: 5 }), (items, n) => {
        expect(listTextOfDistinct(items.slice(0, n), items.length, n)).toBe(listText(items, n));
      }),
    );
  });
});
