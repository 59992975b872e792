import { describe, it, expect } from 'vitest';
import { parse } from 'yaml';
import { memoryIo } from '../io.ts';
import { main } from '../main.ts';
import { appPlatformDir } from '../../../test/paths.ts';

const app = appPlatformDir;

async function cli(args: string[]) {
  const io = memoryIo();
  const code = await main(['fix', ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('netpol-viz fix', () => {
  it('suggests the CNP for platform-ingress/envoy → acme-web/api 9000/TCP with an empty blast radius', async () => {
    const r = await cli([app, '--from', 'platform-ingress/envoy', '--to', 'acme-web/api', '--port', '9000/TCP']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('platform-ingress/envoy → acme-web/api 9000/TCP: denied; suggested change to make it allowed (verified: allowed).');
    const yaml = r.out.slice(r.out.indexOf('apiVersion:'), r.out.indexOf('\nBlast radius'));
    expect(parse(yaml)).toMatchObject({ kind: 'CiliumNetworkPolicy', metadata: { namespace: 'acme-web' }, spec: { endpointSelector: { matchLabels: { app: 'api' } } } });
    expect(r.out).toContain('Blast radius (other paths this change opens or closes):\n  none: only this path changes.');
  });

  it('prints JSON with the changes and the blast radius', async () => {
    const r = await cli([app, '--from', 'acme-jobs/mailer', '--to', '198.51.100.25', '--port', '25', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { goal: string; after: string; changes: { kind: string; op?: string }[]; blastRadius: { from: { display: string }; opened: string }[] };
    expect(out).toMatchObject({ goal: 'allow', after: 'allowed', changes: [{ kind: 'edit-policy', op: 'replace' }] });
    expect(out.blastRadius).toHaveLength(9);
    expect(out.blastRadius.every((c) => c.opened === 'TCP 25')).toBe(true);
  });

  it('exits 2 on bad peers, ports or missing options', async () => {
    expect((await cli([app, '--from', 'nope/nope', '--to', 'acme-web/api', '--port', '9000'])).code).toBe(2);
    expect((await cli([app, '--from', 'platform-ingress/envoy', '--to', 'acme-web/api', '--port', 'grpc'])).code).toBe(2);
    expect((await cli([app, '--from', 'platform-ingress/envoy'])).code).toBe(2);
    expect((await cli(['--help'])).out).toMatch(/Usage: netpol-viz fix/);
  });
});
