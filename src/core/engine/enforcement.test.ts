import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { decide } from './decide.ts';
import { buildCluster, podEndpoint, policiesFromYaml } from './testing.ts';
import { denyWorldOnly } from './versionGaps.fixture.ts';

/**
 * Enforcement per direction as pkg/policy/repository.go `computePolicyEnforcementAndRules`
 * decides it (tested upstream by TestComputePolicyEnforcementAndRules): with
 * `enable-policy=always` it returns "enabled" for both directions before it looks at any rule's
 * EnableDefaultDeny, so no allow-all rule is synthesised and `enableDefaultDeny: false` changes
 * nothing; in the default mode a rule with only `enableDefaultDeny: false` gets the synthesised
 * wildcard allow (`wildcardRule`).
 */
const yaml = denyWorldOnly;
const pods = [
  { ns: 'shop', name: 'frontend', labels: { app: 'frontend' } },
  { ns: 'shop', name: 'backend', labels: { app: 'backend' } },
];
const ask = (mode: 'default' | 'always', ciliumVersion = '1.19') => {
  const { policies, versionGaps } = policiesFromYaml(yaml, { ciliumVersion });
  const m = compile(buildCluster({ pods, policies, versionGaps }), { enforcementMode: mode, ciliumVersion });
  return decide(m, { from: podEndpoint(m, 'shop/frontend'), to: podEndpoint(m, 'shop/backend'), port: 8080, protocol: 'TCP' });
};

describe('enableDefaultDeny: false and the enforcement mode', () => {
  it('default mode: the rule does not switch on default deny (synthesised allow-any-ingress)', () => {
    const d = ask('default');
    expect(d.verdict).toBe('allowed');
    expect(d.ingress.attribution).toBe('allow-any-ingress');
  });
  it('enable-policy=always: default deny whatever enableDefaultDeny says, and the explanation says so from the code', () => {
    const d = ask('always');
    expect(d.verdict).toBe('denied');
    expect(d.ingress.reason).toBe('default-deny');
    const note = d.notes.find((n) => n.includes('enableDefaultDeny'));
    expect(note).toMatch(/enable-policy=always.*computePolicyEnforcementAndRules/);
    expect(note).not.toMatch(/not verified|open question/);
  });
});

/**
 * enableDefaultDeny came with Cilium 1.16 (lint/rules/versions.ts says so for the policy): older
 * agents ignore it, so the same rule switches default deny on. The verdict depends on the version,
 * and the explanation says which versions do what.
 */
describe('enableDefaultDeny: false by Cilium version, said in the explanation', () => {
  it('1.15 ignores it: default deny, and a note naming 1.15, "from 1.16" and the verdict there (versionGaps.ts)', () => {
    const d = ask('default', '1.15');
    expect(d.verdict).toBe('denied');
    expect(d.ingress.reason).toBe('default-deny');
    expect(d.notes).toContain(
      'CNP shop/deny-world-only spec.enableDefaultDeny.ingress: Cilium 1.15 ignores it (enableDefaultDeny.ingress: false, so its pods are in default deny for ingress; read from 1.16). On Cilium 1.16 this connection would be ALLOWED',
    );
  });
  it('1.19 reads it: the allow-any explanation names the versions that do', () => {
    const d = ask('default', '1.19');
    expect(d.verdict).toBe('allowed');
    expect(d.ingress.text).toContain('enableDefaultDeny.ingress: false (read by Cilium 1.16 and later)');
    expect(d.notes.some((n) => n.includes('ignores'))).toBe(false);
  });
});
