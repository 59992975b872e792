import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadInputs } from '../core/load/loadInputs.ts';
import { lintReport } from './lintTask.ts';
import { appPlatformDir } from '../../test/paths.ts';
import { rareLintRules } from '../core/lint/rareLint.ts';

const read = (name: string) => ({ name, data: readFileSync(path.join(appPlatformDir, name), 'utf8') });

describe('lintReport', () => {
  it('on the fixture: the widened finding, with the subjects of the policies concerned (and only those)', async () => {
    const r = await lintReport(loadInputs([read('policies.yaml'), read('inventory.yaml')]).cluster);
    const w = r.findings.find((f) => f.code === 'widened-by-other-policy' && f.policy.name === 'db-only-from-blog');
    expect(w?.related?.map((p) => p.name)).toEqual(['same-tenant']);
    expect([...(r.subjects.get('CiliumNetworkPolicy/initech-blog/db-only-from-blog' as never) ?? [])]).toEqual(['initech-blog/Deployment/db']);
    expect(r.subjects.has('CiliumNetworkPolicy/initech-blog/same-tenant' as never)).toBe(true);
    const concerned = new Set(r.findings.flatMap((f) => [f.policy, ...(f.related ?? [])]).map((p) => `${p.kind}/${p.namespace ?? ''}/${p.name}`));
    expect([...r.subjects.keys()].every((k) => concerned.has(k))).toBe(true);
    // Plain data: it survives the worker boundary.
    expect(structuredClone(r)).toEqual(r);
  });
  it('fetches the rare lint checks first when the policies set authentication modes (rareLint.ts)', async () => {
    const cnp = (name: string, mode: string) =>
      `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: backend}}\n  ingress:\n  - {fromEndpoints: [{matchLabels: {app: frontend}}], toPorts: [{ports: [{port: "8080", protocol: TCP}]}], authentication: {mode: ${mode}}}\n`;
    const putBack = rareLintRules.unloadForTests();
    try {
      const r = await lintReport(loadInputs([{ name: 'auth.yaml', data: `${cnp('a', 'required')}---\n${cnp('b', 'disabled')}` }]).cluster);
      expect(r.findings.filter((f) => f.code === 'auth-mode-conflict')).toHaveLength(1);
      expect(rareLintRules.loaded()).toBe(true);
    } finally {
      putBack();
    }
  });
});
