import { describe, expect, it } from 'vitest';
import { appPlatformRows } from '../../core/engine/appPlatform.fixture.ts';
import { runQuery } from '../../core/query/runQuery.ts';
import { appPlatform } from './testing.ts';
import { policyName, reasonMeaning, ruleText, verdictHeadline } from './verdictText.ts';
import { decidingRules } from '../../core/engine/ruleWords.ts';

describe('runQuery on the app-platform fixture (README table)', () => {
  const { model } = appPlatform();
  for (const row of appPlatformRows)
    it(`#${row.n} ${row.from} → ${row.to} ${row.port}/${row.proto}: ${row.verdict}`, () => {
      const out = runQuery(model, { from: row.from, to: row.to, port: `${row.port}/${row.proto}` });
      if (out.kind !== 'answer') throw new Error(out.message);
      const headline = verdictHeadline(out.header, out.decision);
      expect(headline.startsWith(row.verdict === 'allowed' ? 'Allowed' : 'Denied')).toBe(true);
      expect(out.decision.egress.reason).toBe(row.egress);
      expect(out.decision.ingress.reason).toBe(row.ingress);
      const named = [...(row.egressRules ?? []), ...(row.ingressRules ?? [])];
      const shown = [...decidingRules(out.decision.egress), ...decidingRules(out.decision.ingress)].map((r) => `${r.kind} ${policyName(r)} ${r.path}`);
      for (const r of named) expect(shown).toContain(r);
    });
});

describe('runQuery input problems', () => {
  const { model } = appPlatform();
  it('names the field and what is wrong', () => {
    expect(runQuery(model, { from: 'nope', to: 'acme-web/api', port: '' })).toMatchObject({ kind: 'invalid', field: 'from' });
    expect(runQuery(model, { from: 'acme-web/frontend', to: 'acme-web/ghost', port: '' })).toMatchObject({ kind: 'invalid', field: 'to', message: expect.stringContaining('no pod or workload') });
    expect(runQuery(model, { from: 'acme-web/frontend', to: 'acme-web/api', port: '9000/XYZ' })).toMatchObject({ kind: 'invalid', field: 'port' });
  });
  it('an empty port asks for every port', () => {
    const out = runQuery(model, { from: 'acme-web/frontend', to: 'acme-web/api', port: '' });
    expect(out.kind === 'answer' && out.header.what).toBe('all ports');
  });
});

describe('verdict words', () => {
  const { model } = appPlatform();
  it('headline names the denying side and the rule', () => {
    const out = runQuery(model, { from: 'acme-jobs/mailer', to: '198.51.100.25', port: '25' });
    if (out.kind !== 'answer') throw new Error('no answer');
    expect(verdictHeadline(out.header, out.decision)).toBe(
      'Denied: acme-jobs/mailer → 198.51.100.25 on 25/TCP; at egress of acme-jobs/mailer: explicit deny by CCNP tenant-egress-baseline spec.egressDeny[0]',
    );
    expect(reasonMeaning(out.decision.egress)).toContain('deny rules win');
  });
  it('default deny names who enabled it', () => {
    const out = runQuery(model, { from: 'globex-shop/storefront', to: 'acme-web/api', port: '9000/TCP' });
    if (out.kind !== 'answer') throw new Error('no answer');
    expect(verdictHeadline(out.header, out.decision)).toMatch(/; at egress of globex-shop\/storefront: default deny \(enabled by CCNP tenant-egress-baseline spec, CNP globex-shop\/same-tenant spec\)$/);
    expect(reasonMeaning(out.decision.egress)).toBe('it is in default deny for egress and no rule allows this');
    expect(ruleText({ kind: 'NetworkPolicy', namespace: 'a', name: 'b', path: 'spec.ingress[0]' })).toBe('KNP a/b spec.ingress[0]');
  });
});
