import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadInputs } from '../load/loadInputs.ts';
import { compile, type EngineModel } from '../engine/compile.ts';
import { ingestTexts } from './ingest.ts';
import { crossCheck, type CheckedEdge } from './crossCheck.ts';
import { appPlatformDir } from '../../../test/paths.ts';

const dir = appPlatformDir;
const read = (n: string) => readFileSync(path.join(dir, n), 'utf8');

function model(settings: Parameters<typeof compile>[1] = {}): EngineModel {
  const loaded = loadInputs(['policies.yaml', 'inventory.yaml'].map((name) => ({ name, data: read(name) })));
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return compile(loaded.cluster, settings);
}

const ep = (namespace: string, workload: string) => ({ namespace, pod_name: `${workload}-x1`, workloads: [{ name: workload, kind: 'Deployment' }] });

let n = 0;
function line(flow: Record<string, unknown>): string {
  n++;
  return JSON.stringify({ flow: { time: `2026-11-20T09:00:${String(n % 60).padStart(2, '0')}Z`, uuid: `cc${n}`, verdict: 'FORWARDED', ...flow } });
}

function check(lines: string[], m = model()): readonly CheckedEdge[] {
  return crossCheck(ingestTexts([{ name: 'f.jsonl', text: lines.join('\n') }]), m).edges;
}

const frontend = ep('acme-web', 'frontend');
const api = ep('acme-web', 'api');
const tcp = (port: number) => ({ TCP: { source_port: 40000, destination_port: port, flags: { SYN: true } } });

describe('crossCheck: mismatch classes', () => {
  it('match: observed forwarding that the policies allow', () => {
    const [e] = check([line({ source: frontend, destination: api, l4: tcp(9000), traffic_direction: 'EGRESS' })]);
    expect(e).toMatchObject({ predicted: 'allowed', mismatch: false, mismatchClass: 'match' });
  });

  it('observed-allowed-predicted-denied: forwarded at ingress although ingress denies it (stale policy set)', () => {
    const [e] = check([line({ source: ep('platform-ingress', 'envoy'), destination: api, l4: tcp(9000), traffic_direction: 'INGRESS' })]);
    expect(e).toMatchObject({ predicted: 'denied', mismatch: true, mismatchClass: 'observed-allowed-predicted-denied' });
    expect(e?.reason).toContain('stale');
  });

  it('observed-allowed-predicted-denied: an AUDIT verdict passed although policy denies it', () => {
    const [e] = check([line({ source: ep('initech-blog', 'blog'), destination: ep('globex-shop', 'cart'), l4: tcp(8081), verdict: 'AUDIT', traffic_direction: 'EGRESS' })]);
    expect(e).toMatchObject({ predicted: 'denied', mismatch: true, mismatchClass: 'observed-allowed-predicted-denied' });
    expect(e?.reason).toContain('AUDIT');
  });

  it('an AUDIT verdict matches when the engine runs in policy audit mode', () => {
    const [e] = check(
      [line({ source: ep('initech-blog', 'blog'), destination: ep('globex-shop', 'cart'), l4: tcp(8081), verdict: 'AUDIT', traffic_direction: 'EGRESS' })],
      model({ auditMode: true }),
    );
    expect(e).toMatchObject({ predicted: 'denied', mismatch: false, mismatchClass: 'match' });
  });

  it('observed-denied-predicted-allowed: dropped by policy although the policies allow it', () => {
    const [e] = check([
      line({ source: frontend, destination: api, l4: tcp(9000), verdict: 'DROPPED', drop_reason_desc: 'POLICY_DENIED', traffic_direction: 'INGRESS' }),
    ]);
    expect(e).toMatchObject({ predicted: 'allowed', mismatch: true, mismatchClass: 'observed-denied-predicted-allowed' });
  });

  it('non-policy-drop: a datapath drop is shown as such, not as a mismatch', () => {
    const [e] = check([
      line({ source: frontend, destination: api, l4: tcp(9000), verdict: 'DROPPED', drop_reason_desc: 'CT_MAP_INSERTION_FAILED', traffic_direction: 'EGRESS' }),
    ]);
    expect(e).toMatchObject({ predicted: 'allowed', mismatch: false, mismatchClass: 'non-policy-drop' });
  });

  it('unknown-endpoint: a side missing from the inventory gets no prediction and a diagnostic', () => {
    const agg = ingestTexts([{ name: 'f', text: line({ source: ep('acme-web', 'ghost'), destination: api, l4: tcp(9000) }) }]);
    const r = crossCheck(agg, model());
    expect(r.edges[0]).toMatchObject({ predicted: null, mismatch: false, mismatchClass: 'unknown-endpoint' });
    expect(r.diagnostics).toEqual([expect.objectContaining({ code: 'unknown-endpoint', path: 'acme-web/Deployment/ghost', severity: 'warning' })]);
  });

  it('not-evaluated: flows without a port or protocol policy can match on', () => {
    const [e] = check([line({ source: frontend, destination: api })]);
    expect(e).toMatchObject({ predicted: null, mismatchClass: 'not-evaluated' });
  });

  it('compares per direction: forwarded at egress and dropped at ingress is what a denying ingress looks like', () => {
    const envoy = ep('platform-ingress', 'envoy');
    const [e] = check([
      line({ source: envoy, destination: api, l4: tcp(9000), traffic_direction: 'EGRESS' }),
      line({ source: envoy, destination: api, l4: tcp(9000), verdict: 'DROPPED', drop_reason_desc: 'POLICY_DENIED', traffic_direction: 'INGRESS' }),
    ]);
    expect(e).toMatchObject({ predicted: 'denied', mismatch: false, mismatchClass: 'match' });
  });

  it('resolves outside peers: explicit deny to an IP, FQDN allow, kube-apiserver entity', () => {
    const mailer = ep('acme-jobs', 'mailer');
    const world = { identity: 2, labels: ['reserved:world'] };
    const edges = check([
      line({ source: mailer, destination: world, IP: { destination: '198.51.100.25' }, l4: tcp(25), verdict: 'DROPPED', drop_reason_desc: 'POLICY_DENY', traffic_direction: 'EGRESS' }),
      line({ source: mailer, destination: world, IP: { destination: '34.111.22.5' }, destination_names: ['smtp.mailgun.org'], l4: tcp(587), traffic_direction: 'EGRESS' }),
      line({ source: ep('platform-mgmt', 'deployer'), destination: { identity: 7, labels: ['reserved:kube-apiserver'] }, l4: tcp(6443), traffic_direction: 'EGRESS' }),
    ]);
    expect(edges.map((e) => [e.edge.destination.key, e.predicted, e.mismatchClass])).toEqual([
      ['fqdn:smtp.mailgun.org', 'allowed', 'match'],
      ['ip:198.51.100.25', 'denied', 'match'],
      ['reserved:kube-apiserver', 'allowed', 'match'],
    ]);
  });
});

describe('acceptance: app-platform flows, policies and inventory', () => {
  it('223 flows, and the one AUDIT flow is the only mismatch', () => {
    const agg = ingestTexts([{ name: 'flows.jsonl', text: read('flows.jsonl') }]);
    expect(agg.totals.flows).toBe(223);
    const r = crossCheck(agg, model());
    const mismatches = r.edges.filter((e) => e.mismatch);
    expect(mismatches.map((e) => [e.edge.source.key, e.edge.destination.key, e.edge.port, e.mismatchClass, e.edge.verdicts])).toEqual([
      ['initech-blog/Deployment/blog', 'globex-shop/Deployment/cart', 8081, 'observed-allowed-predicted-denied', { AUDIT: 1 }],
    ]);
    expect(r.counts['unknown-endpoint']).toBe(0);
    expect(r.diagnostics).toEqual([]);
    expect(r.edges.every((e) => e.predicted !== null)).toBe(true);
  });
});
