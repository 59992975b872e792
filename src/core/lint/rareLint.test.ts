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

/** An egress item of `app: frontend` towards `app: backend` on `port`/TCP with L7 rules of `kind`. */
const l7cnp = (name: string, port: string, kind: 'http' | 'dns') =>
  `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: frontend}}\n  egress:\n  - {toEndpoints: [{matchLabels: {app: backend}}], toPorts: [{ports: [{port: "${port}", protocol: TCP}], rules: ${kind === 'http' ? '{http: [{method: GET}]}' : "{dns: [{matchPattern: '*'}]}"}}]}\n`;

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
  it('two kinds of L7 rules on one port need them (l7-parser-conflict); one kind per port does not', async () => {
    const putBack = rareLintRules.unloadForTests();
    try {
      expect(lintYaml({ yaml: `${l7cnp('a', '8080', 'http')}---\n${l7cnp('b', '53', 'dns')}` })).toEqual([]);
      const yaml = `${l7cnp('a', '8080', 'http')}---\n${l7cnp('b', '8080', 'dns')}`;
      expect(() => lintYaml({ yaml })).toThrow(LazyModuleNotLoaded);
      await rareLintRules.load();
      expect(codes(lintYaml({ yaml }), 'l7-parser-conflict')).toHaveLength(1);
    } finally {
      putBack();
    }
  });
});
