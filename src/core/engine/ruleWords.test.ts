import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPlatformDir } from '../../../test/paths.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { compile } from './compile.ts';
import { decide } from './decide.ts';
import { explainText } from './explainText.ts';
import { resolvePeerRef, parsePeerRef } from './peerRef.ts';
import { entryWords, ruleInWords } from './ruleWords.ts';

const { cluster } = loadInputs(['policies.yaml', 'inventory.yaml'].map((name) => ({ name, data: readFileSync(path.join(appPlatformDir, name), 'utf8') })));
const model = compile(cluster);
const baseline = { kind: 'CiliumClusterwideNetworkPolicy', namespace: null, name: 'tenant-egress-baseline' } as const;

describe('ruleInWords: a rule an explanation names, as written (app-platform)', () => {
  it("an entry: its policy's file and line, the entry in the words of the workload details", () => {
    const r = ruleInWords(model, { ...baseline, path: 'spec.egressDeny[0]' });
    expect(r.source).toBe('policies.yaml:5');
    expect(r.entry && entryWords(r.entry)).toBe('denies entity world on 25/TCP');
    const allow = ruleInWords(model, { ...baseline, path: 'spec.egress[1]' });
    expect(allow.entry && entryWords(allow.entry)).toMatch(/^allows .*0\.0\.0\.0\/0 except 10\.0\.0\.0\/8/);
  });
  it('a whole rule (default deny) has its file only; a policy not loaded has neither', () => {
    expect(ruleInWords(model, { ...baseline, path: 'spec' })).toEqual({ source: 'policies.yaml:5', at: { file: 'policies.yaml', document: expect.any(Number) as number, line: 5 }, entry: null });
    expect(ruleInWords(model, { ...baseline, path: 'spec.egressDeny[9]' }).entry).toBeNull();
    expect(ruleInWords(model, { ...baseline, name: 'not-loaded', path: 'spec.egressDeny[0]' })).toEqual({ source: null, at: null, entry: null });
  });
});

function ask(from: string, to: string, port: number) {
  const [f, t] = [from, to].map((x) => {
    const ref = parsePeerRef(x);
    if (!ref.ok) throw new Error(ref.error);
    const r = resolvePeerRef(model, ref.value);
    if (!r.ok) throw new Error(r.error);
    return r.value.endpoint;
  }) as [never, never];
  return decide(model, { from: f, to: t, port, protocol: 'TCP' });
}

describe('explainText with the model: each deciding rule with where it is written and what it says', () => {
  it('a deny entry: its file:line and its words under "decided by"', () => {
    const text = explainText({ from: 'acme-jobs/mailer', to: '198.51.100.25', what: '25/TCP' }, ask('acme-jobs/mailer', '198.51.100.25', 25), model);
    expect(text).toContain('\n  decided by:\n    - CCNP tenant-egress-baseline spec.egressDeny[0]  policies.yaml:5\n      denies entity world on 25/TCP\n');
  });
  it('default deny: the policies that enabled it with their files, no entry words', () => {
    const d = ask('acme-jobs/worker', '169.254.169.254', 80);
    const side = d.egress.reason === 'default-deny' ? d.egress : d.ingress;
    expect(side.reason).toBe('default-deny');
    const text = explainText({ from: 'acme-jobs/worker', to: '169.254.169.254', what: '80/TCP' }, d, model);
    expect(text).toMatch(/\n {2}default deny enabled by:\n( {4}- \S+ \S+ spec {2}policies\.yaml:\d+\n)+/);
    expect(text).not.toContain('default deny enabled by: ');
  });
  it('without a model, the rules alone (as before)', () => {
    const text = explainText({ from: 'acme-jobs/mailer', to: '198.51.100.25', what: '25/TCP' }, ask('acme-jobs/mailer', '198.51.100.25', 25));
    expect(text).not.toContain('policies.yaml');
  });
});
