import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { memoryIo } from '../io.ts';
import { main } from '../main.ts';
import { appPlatformDir, lintFixturesDir } from '../../../test/paths.ts';

const root = path.resolve(__dirname, '../../..');
const app = appPlatformDir;
const traps = path.join(lintFixturesDir, 'traps.yaml');

async function cli(args: string[]) {
  const io = memoryIo();
  const code = await main(['lint', ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}

interface JsonOut {
  findings: { code: string; severity: string; policy: { kind: string; namespace: string | null; name: string }; path: string; message: string }[];
  diagnostics: { code: string }[];
}

describe('netpol-viz lint', () => {
  it('reports db-only-from-blog widened by same-tenant on the app-platform fixture (and, as info, the widening inside globex-shop)', async () => {
    const r = await cli([app, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as JsonOut;
    expect(out.findings.map((f) => [f.code, f.severity, f.policy.namespace, f.policy.name, f.path])).toEqual([
      ['widened-by-other-policy', 'info', 'globex-shop', 'cart-from-storefront', 'spec.ingress[0]'],
      ['widened-by-other-policy', 'warning', 'initech-blog', 'db-only-from-blog', 'spec.ingress[0]'],
    ]);
    expect(out.findings[1]?.message).toContain('same-tenant');
    expect(out.diagnostics).toEqual([]);
    const quiet = JSON.parse((await cli([app, '--json', '--no-same-namespace-widening'])).out) as JsonOut;
    expect(quiet.findings.map((f) => f.policy.name)).toEqual(['db-only-from-blog']);
  });

  it('prints findings with file and line, and refers to the loader diagnostics instead of repeating them', async () => {
    const r = await cli([traps]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/traps\.yaml:\d+: warning: deny-only-default-deny: CiliumNetworkPolicy shop\/block-world spec\.ingressDeny/);
    for (const code of ['cidr-covers-cluster', 'apiserver-service-port', 'fqdn-without-dns-rule']) expect(r.out).toContain(`: ${code}: `);
    expect(r.out).toMatch(/The loader also reported 1 problem with policies \(not repeated as findings\):\n.*empty-rule/);
    expect(r.out).toContain('4 findings: 0 errors, 4 warnings, 0 info.');
    const json = JSON.parse((await cli([traps, '--json'])).out) as JsonOut;
    expect(json.findings.map((f) => f.code)).not.toContain('empty-section');
    expect(json.diagnostics.map((d) => d.code)).toEqual(['empty-rule']);
  });

  it('reports two authentication modes on one selector and port as an error at load (pkg/policy/rule.go mergePortProto)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lint-auth-'));
    const item = (name: string, mode: string) =>
      `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: api}}\n  ingress:\n  - fromEndpoints: [{matchLabels: {app: web}}]\n    toPorts: [{ports: [{port: "8443", protocol: TCP}]}]\n    authentication: {mode: ${mode}}\n`;
    writeFileSync(path.join(dir, 'policies.yaml'), `${item('mtls', 'required')}---\n${item('plain', 'disabled')}`);
    const r = await cli([dir]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/policies\.yaml:\d+: error: auth-mode-conflict: CiliumNetworkPolicy shop\/plain spec\.ingress\[0\]/);
    expect(r.out).toContain('cannot merge conflicting authentication types');
    expect(r.out).toContain('1 finding: 1 error');
  });

  it('reports two L7 parsers on one port as an error at load, with file and line (pkg/policy/l4.go L7ParserType.Merge)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lint-l7-'));
    const policy = (name: string, rules: string) =>
      `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: web}}\n  egress:\n  - toEndpoints: [{matchLabels: {app: api}}]\n    toPorts: [{ports: [{port: "80", protocol: TCP}], rules: ${rules}}]\n`;
    writeFileSync(path.join(dir, 'policies.yaml'), `${policy('web-http', '{http: [{method: GET}]}')}---\n${policy('web-dns', "{dns: [{matchPattern: '*'}]}")}`);
    const r = await cli([dir]);
    expect(r.code).toBe(0);
    // Policies in name order: web-dns's item first, the finding on web-http's (the first document).
    expect(r.out).toMatch(/policies\.yaml:1: error: l7-parser-conflict: CiliumNetworkPolicy shop\/web-http spec\.egress\[0\]/);
    expect(r.out).toContain('CNP shop/web-dns spec.egress[0] (dns) and CNP shop/web-http spec.egress[0] (http) put two L7 parsers on 80/TCP');
    expect(r.out).toContain('cannot merge conflicting L7 parsers');
    expect(r.out).toContain('1 finding: 1 error');
  });

  it('says on stderr, with file and line, that a damaged policy document was not loaded, and lists it in the JSON', async () => {
    // Was: 'No findings in 1 policy.' and nothing else, so a CI lint passed a file kubectl refuses.
    const dir = mkdtempSync(path.join(tmpdir(), 'lint-damaged-'));
    const ok = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ok, namespace: shop}\nspec:\n  endpointSelector: {}\n  ingress: [{fromEndpoints: [{}]}]\n';
    writeFileSync(path.join(dir, 'policies.yaml'), `${ok}---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: broken, namespace: shop\nspec: {}\n`);
    const r = await cli([dir]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('No findings in 1 policy.');
    expect(r.err).toMatch(/policies\.yaml:1\d: error: .*not loaded/);
    const json = await cli([dir, '--json']);
    expect(json.err).toBe(r.err);
    const out = JSON.parse(json.out) as { diagnostics: { severity: string; line: number }[] };
    expect(out.diagnostics.filter((d) => d.severity === 'error').length).toBeGreaterThan(0);
  });

  it('says which Cilium version its version-dependent checks follow, and where it came from (assumed when no input gives it)', async () => {
    // Was: 'the CRD of Cilium 1.19 requires exactly one of them' with 1.19 assumed, and nothing said so.
    const dir = mkdtempSync(path.join(tmpdir(), 'lint-version-'));
    writeFileSync(path.join(dir, 'fqdn.yaml'), 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: fq, namespace: shop}\nspec:\n  endpointSelector: {}\n  egress: [{toFQDNs: [{matchNme: x.com}]}]\n');
    const assumed = await cli([dir]);
    expect(assumed.err).toContain('the CRD of Cilium 1.19 requires exactly one of them');
    expect(assumed.out).toContain('Version-dependent checks follow Cilium 1.19 (version assumed: not in the inputs; --cilium-version sets it)');
    const set = await cli([dir, '--cilium-version', '1.15']);
    expect(set.out).toContain('Version-dependent checks follow Cilium 1.15 (version set by hand)');
    const io = memoryIo();
    await main(['inspect', dir], io); // exit 2: nothing loaded (the one policy is refused)
    expect(io.stdout).toContain('Version-dependent checks follow Cilium 1.19 (version assumed: not in the inputs; --cilium-version sets it)');
  });

  it('exits 2 on unusable input and usage errors', async () => {
    expect((await cli([path.join(root, 'no/such/file.yaml')])).code).toBe(2);
    expect((await cli([])).code).toBe(2);
    expect((await cli([traps, '--bogus'])).code).toBe(2);
    expect((await cli(['--help'])).out).toMatch(/Usage: netpol-viz lint/);
  });
});
