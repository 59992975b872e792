import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { memoryIo } from '../io.ts';
import { run } from './flows.ts';
// @ts-expect-error: a plain .mjs fixture generator without type declarations
import { generate } from '../../../test/fixtures/app-platform-attribution/generate.mjs';
import { appPlatformAttributionDir, appPlatformDir } from '../../../test/paths.ts';

const ROOT = resolve(__dirname, '../../..');
const APP = appPlatformDir;
const ATTR = appPlatformAttributionDir;

interface EdgeOut {
  source: string;
  destination: string;
  port: number | null;
  protocol: string;
  mismatch: boolean;
  mismatchClass: string | null;
  recordedAllowedBy: string[];
  recordedDeniedBy: string[];
  cause: { kind: string; title: string; text: string } | null;
  attribution: { side: string; recorded: string; computed: string; unexplained: string[] }[];
}
interface Out {
  flows: number;
  edges: EdgeOut[];
  checks: Record<string, number> | null;
  mismatches: number | null;
}

async function flowsJson(args: string[]): Promise<Out> {
  const io = memoryIo('');
  const code = await run([...args, '--json'], { out: io.out, err: io.err, stdin: io.stdin, cwd: ROOT });
  expect(code).toBe(0);
  return JSON.parse(io.stdout) as Out;
}

const CNP = (ns: string, name: string) => `CiliumNetworkPolicy/${ns}/${name}`;
const EGRESS_BASELINE = 'CiliumClusterwideNetworkPolicy/tenant-egress-baseline';
const INGRESS_BASELINE = 'CiliumClusterwideNetworkPolicy/tenant-ingress-baseline';

/** Every edge of the fixture: `source destination port/proto` → [recorded allowed by, recorded denied by]. */
const EXPECTED: Record<string, [string[], string[]]> = {
  'acme-jobs/Deployment/mailer fqdn:smtp.mailgun.org 587/TCP': [[CNP('acme-jobs', 'mailer-smtp-relay')], []],
  'acme-jobs/Deployment/mailer ip:198.51.100.25 25/TCP': [[], [EGRESS_BASELINE]],
  'acme-jobs/Deployment/worker acme-web/Deployment/api 9000/TCP': [[CNP('acme-jobs', 'same-tenant')], []],
  'acme-jobs/Deployment/worker ip:169.254.169.254 80/TCP': [[], []],
  'acme-web/Deployment/api acme-jobs/Deployment/worker 9090/TCP': [[CNP('acme-web', 'same-tenant')], []],
  'acme-web/Deployment/api fqdn:api.stripe.com 443/TCP': [[EGRESS_BASELINE], []],
  'acme-web/Deployment/frontend acme-web/Deployment/api 9000/TCP': [[CNP('acme-web', 'same-tenant')], []],
  'acme-web/Deployment/frontend kube-system/Deployment/coredns 53/UDP': [[EGRESS_BASELINE], []],
  'globex-shop/Deployment/realtime globex-shop/Deployment/cart 8081/TCP': [[CNP('globex-shop', 'same-tenant')], []],
  'globex-shop/Deployment/storefront acme-web/Deployment/api 9000/TCP': [[], []],
  'globex-shop/Deployment/storefront globex-shop/Deployment/cart 8081/TCP': [[CNP('globex-shop', 'same-tenant')], []],
  'initech-admin/Deployment/admin-panel initech-blog/Deployment/db 5432/TCP': [[CNP('initech-admin', 'same-tenant')], []],
  'initech-blog/Deployment/blog globex-shop/Deployment/cart 8081/TCP': [[], []],
  'initech-blog/Deployment/blog initech-blog/Deployment/db 5432/TCP': [[CNP('initech-blog', 'same-tenant')], []],
  'platform-ingress/Deployment/envoy acme-web/Deployment/api 9000/TCP': [[], []],
  'platform-ingress/Deployment/envoy acme-web/Deployment/frontend 8080/TCP': [[CNP('acme-web', 'allow-from-envoy')], []],
  'platform-ingress/Deployment/envoy globex-shop/Deployment/storefront 8080/TCP': [[INGRESS_BASELINE], []],
  'platform-ingress/Deployment/envoy initech-blog/Deployment/blog 8080/TCP': [[INGRESS_BASELINE], []],
  'platform-mgmt/Deployment/deployer reserved:kube-apiserver 6443/TCP': [[CNP('platform-mgmt', 'deployer-to-apiserver')], []],
  'platform-mgmt/Deployment/metrics-agent acme-web/Deployment/api 9090/TCP': [[INGRESS_BASELINE], []],
};

describe('flows --json on the attribution fixture', () => {
  it('the fixture is what its generator makes of the app-platform capture', () => {
    expect(generate(readFileSync(join(APP, 'flows.jsonl'), 'utf8'))).toBe(readFileSync(join(ATTR, 'flows.jsonl'), 'utf8'));
  });

  it("gives every edge's recorded policies and counts the planted disagreement", async () => {
    const out = await flowsJson([join(ATTR, 'flows.jsonl'), join(APP, 'policies.yaml'), join(APP, 'inventory.yaml')]);
    const got = Object.fromEntries(out.edges.map((e) => [`${e.source} ${e.destination} ${e.port}/${e.protocol}`, [e.recordedAllowedBy, e.recordedDeniedBy]]));
    expect(got).toEqual(EXPECTED);
    expect(out.checks).toMatchObject({ 'recorded-policy-differs': 1, 'observed-allowed-predicted-denied': 1, 'observed-denied-predicted-allowed': 0 });
    expect(out.mismatches).toBe(2);
    const planted = out.edges.filter((e) => e.mismatchClass === 'recorded-policy-differs');
    expect(planted).toEqual([
      expect.objectContaining({
        source: 'platform-ingress/Deployment/envoy',
        destination: 'acme-web/Deployment/frontend',
        mismatch: true,
        cause: expect.objectContaining({ kind: 'stale-policy' }),
        attribution: [
          {
            side: 'ingress',
            recorded: `allowed by ${CNP('acme-web', 'allow-from-envoy')}`,
            computed: `allowed by ${INGRESS_BASELINE}`,
            unexplained: [CNP('acme-web', 'allow-from-envoy')],
          },
        ],
      }),
    ]);
    // The AUDIT verdict (Cilium 1.19 names no policy for it) keeps its own class and cause.
    const audit = out.edges.find((e) => e.mismatchClass === 'observed-allowed-predicted-denied');
    expect(audit?.cause?.kind).toBe('audit-mode');
    expect(audit?.attribution[0]?.recorded).toContain('Cilium 1.19 records no policy for default-deny drops (POLICY_DENIED) or AUDIT verdicts');
  });

  it('the text output names the likely cause and what Cilium recorded', async () => {
    const io = memoryIo('');
    await run([join(ATTR, 'flows.jsonl'), join(APP, 'policies.yaml'), join(APP, 'inventory.yaml')], { out: io.out, err: io.err, stdin: io.stdin, cwd: ROOT });
    expect(io.stdout).toContain('MISMATCH recorded-policy-differs');
    expect(io.stdout).toContain(`ingress: Cilium recorded allowed by ${CNP('acme-web', 'allow-from-envoy')}; computed: allowed by ${INGRESS_BASELINE}`);
    expect(io.stdout).toContain('likely cause (stale policy set)');
  });
});
