import { describe, it, expect } from 'vitest';
import { LazyModuleNotLoaded } from '../util/lazyModule.ts';
import { rareLintRules } from './rareLint.ts';
import { codes, lintYaml } from './testing.ts';

/**
 * The tier and authentication-mode checks are a lazy chunk in the browser (rareLint.ts): a cluster
 * without tier policies and without `authentication` lints without it; one with them needs it
 * (and says so instead of leaving its findings out).
 */
const cnp = (name: string, mode: string | null) =>
  `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: backend}}\n  ingress:\n  - {fromEndpoints: [{matchLabels: {app: frontend}}], toPorts: [{ports: [{port: "8080", protocol: TCP}]}]${mode === null ? '' : `, authentication: {mode: ${mode}}`}}\n`;

describe('rare lint checks (lazy)', () => {
  it('lints policies without tiers and authentication modes without the rare checks loaded', () => {
    const putBack = rareLintRules.unloadForTests();
    try {
      expect(lintYaml({ yaml: `${cnp('a', null)}---\n${cnp('b', null)}` })).toEqual([]);
    } finally {
      putBack();
    }
  });
  it('throws LazyModuleNotLoaded for authentication modes until they are loaded, then reports the conflict', async () => {
    const yaml = `${cnp('a', 'required')}---\n${cnp('b', 'disabled')}`;
    const putBack = rareLintRules.unloadForTests();
    try {
      expect(() => lintYaml({ yaml })).toThrow(LazyModuleNotLoaded);
      await rareLintRules.load();
      expect(codes(lintYaml({ yaml }), 'auth-mode-conflict')).toHaveLength(1);
    } finally {
      putBack();
    }
  });
});
