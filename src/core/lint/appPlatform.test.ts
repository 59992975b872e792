import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadInputs } from '../load/loadInputs.ts';
import { compile } from '../engine/compile.ts';
import { lint } from './lint.ts';
import { appPlatformDir } from '../../../test/paths.ts';

const dir = appPlatformDir;
const loaded = loadInputs(['policies.yaml', 'inventory.yaml'].map((n) => ({ name: n, data: readFileSync(path.join(dir, n), 'utf8') })));
const model = compile(loaded.cluster);

describe('lint on the app-platform fixture', () => {
  it('reports exactly that db-only-from-blog is widened by same-tenant', () => {
    const findings = lint(loaded.cluster, model, model.settings, { sameNamespaceWidening: false });
    expect(findings.map((f) => [f.code, f.severity, `${f.policy.namespace}/${f.policy.name}`, f.path])).toEqual([
      ['widened-by-other-policy', 'warning', 'initech-blog/db-only-from-blog', 'spec.ingress[0]'],
    ]);
    const [f] = findings;
    expect(f?.related).toEqual([{ kind: 'CiliumNetworkPolicy', namespace: 'initech-blog', name: 'same-tenant' }]);
    expect(f?.message).toContain('initech-admin/admin-panel → initech-blog/db on TCP 5432');
    expect(f?.source?.file).toBe('policies.yaml');
  });
  it('by default also reports the NetworkPolicy widened inside its namespace by globex same-tenant, as info', () => {
    const extra = lint(loaded.cluster, model).filter((f) => f.policy.name !== 'db-only-from-blog');
    expect(extra.map((f) => [f.code, f.severity, `${f.policy.namespace}/${f.policy.name}`])).toEqual([['widened-by-other-policy', 'info', 'globex-shop/cart-from-storefront']]);
  });
});
