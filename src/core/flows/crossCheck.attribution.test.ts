import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadInputs } from '../load/loadInputs.ts';
import { compile, type EngineModel } from '../engine/compile.ts';
import { ingestTexts } from './ingest.ts';
import { checkFlowSample, crossCheck, type CheckedEdge } from './crossCheck.ts';
import { appPlatformDir } from '../../../test/paths.ts';

const dir = appPlatformDir;
const read = (n: string) => readFileSync(path.join(dir, n), 'utf8');

function model(settings: Parameters<typeof compile>[1] = {}): EngineModel {
  const loaded = loadInputs(['policies.yaml', 'inventory.yaml'].map((name) => ({ name, data: read(name) })));
  return compile(loaded.cluster, settings);
}
const base = model();

const ep = (namespace: string, workload: string, id: number) => ({ ID: id, identity: 20000 + id, namespace, pod_name: `${workload}-x1`, workloads: [{ name: workload, kind: 'Deployment' }] });
const frontend = ep('acme-web', 'frontend', 1);
const api = ep('acme-web', 'api', 2);
const mailer = ep('acme-jobs', 'mailer', 3);
const storefront = ep('globex-shop', 'storefront', 4);
const tcp = (port: number) => ({ TCP: { source_port: 40000, destination_port: port, flags: { SYN: true } } });

/** A Hubble policy item as `hubble observe -o json` prints it. */
function policy(kind: string, name: string, namespace = '') {
  return {
    name,
    ...(namespace ? { namespace } : {}),
    labels: [`k8s:io.cilium.k8s.policy.derived-from=${kind}`, `k8s:io.cilium.k8s.policy.name=${name}`, ...(namespace ? [`k8s:io.cilium.k8s.policy.namespace=${namespace}`] : []), 'k8s:io.cilium.k8s.policy.uid=00000000-0000-0000-0000-000000000001'],
    revision: '9',
    kind,
  };
}

let n = 0;
/** A policy-verdict event (event_type 5), the only kind Hubble attributes. */
function verdictLine(flow: Record<string, unknown>): string {
  n++;
  return JSON.stringify({ flow: { time: `2026-11-20T09:01:${String(n % 60).padStart(2, '0')}Z`, uuid: `pv${n}`, verdict: 'FORWARDED', event_type: { type: 5 }, ...flow } });
}

function check(lines: string[], m = base): readonly CheckedEdge[] {
  return crossCheck(ingestTexts([{ name: 'f.jsonl', text: lines.join('\n') }]), m).edges;
}

describe('crossCheck: Cilium recorded vs computed', () => {
  it('agrees when Cilium names the computed policy', () => {
    const [e] = check([verdictLine({ source: frontend, destination: api, l4: tcp(9000), traffic_direction: 'EGRESS', policy_match_type: 2, egress_allowed_by: [policy('CiliumNetworkPolicy', 'same-tenant', 'acme-web')] })]);
    expect(e).toMatchObject({ mismatchClass: 'match', mismatch: false, cause: null });
    expect(e?.attribution?.sides).toEqual([
      expect.objectContaining({ side: 'egress', unexplained: [], recordedText: 'allowed by CiliumNetworkPolicy/acme-web/same-tenant', computedText: 'allowed by CiliumNetworkPolicy/acme-web/same-tenant' }),
    ]);
  });

  it('recorded-policy-differs: same verdict, but Cilium names a policy the loaded set lacks', () => {
    const [e] = check([verdictLine({ source: frontend, destination: api, l4: tcp(9000), traffic_direction: 'EGRESS', egress_allowed_by: [policy('CiliumNetworkPolicy', 'hotfix-allow-all', 'acme-web')] })]);
    expect(e).toMatchObject({ predicted: 'allowed', mismatch: true, mismatchClass: 'recorded-policy-differs' });
    expect(e?.reason).toContain('CiliumNetworkPolicy/acme-web/hotfix-allow-all');
    expect(e?.cause).toMatchObject({ kind: 'stale-policy' });
    expect(e?.attribution?.differs).toBe(true);
  });

  it('an implicit rule Cilium names (allow-any-egress) is never held against the computed policies', () => {
    const implicit = { revision: '3', labels: ['reserved:io.cilium.policy.derived-from=allow-any-egress'] };
    const [e] = check([verdictLine({ source: frontend, destination: api, l4: tcp(9000), traffic_direction: 'EGRESS', egress_allowed_by: [implicit] })]);
    expect(e?.mismatchClass).toBe('match');
    expect(e?.attribution?.recorded.allowedBy).toEqual(['implicit/allow-any-egress']);
  });

  it('an explicit deny: the deny policy Cilium records is the computed one; another name differs', () => {
    const deny = (p: object) =>
      verdictLine({ source: mailer, destination: { identity: 16777300, labels: ['cidr:198.51.100.25/32', 'reserved:world'] }, IP: { source: '10.244.1.3', destination: '198.51.100.25', ipVersion: 'IPv4' }, l4: tcp(25), traffic_direction: 'EGRESS', verdict: 'DROPPED', drop_reason: 181, drop_reason_desc: 'POLICY_DENY', egress_denied_by: [p] });
    expect(check([deny(policy('CiliumClusterwideNetworkPolicy', 'tenant-egress-baseline'))])[0]).toMatchObject({ mismatchClass: 'match', predicted: 'denied' });
    const [other] = check([deny(policy('CiliumClusterwideNetworkPolicy', 'block-smtp'))]);
    expect(other).toMatchObject({ mismatchClass: 'recorded-policy-differs', mismatch: true });
    expect(other?.cause?.text).toContain('CiliumClusterwideNetworkPolicy/block-smtp');
  });

  it('default-deny drops without *_denied_by are not a disagreement, and the text says which Cilium version records nothing', () => {
    const line = verdictLine({ source: storefront, destination: api, l4: tcp(9000), traffic_direction: 'EGRESS', verdict: 'DROPPED', drop_reason: 133, drop_reason_desc: 'POLICY_DENIED' });
    const [e] = check([line]);
    expect(e).toMatchObject({ mismatchClass: 'match', predicted: 'denied' });
    expect(e?.attribution?.sides[0]?.recordedText).toContain('Cilium 1.19 records no policy for default-deny drops (POLICY_DENIED) or AUDIT verdicts');
    const [newer] = check([line], model({ ciliumVersion: '1.20' }));
    expect(newer?.attribution?.sides[0]?.recordedText).toContain('as expected for default-deny drops');
  });

  it('a drop that Cilium attributes to a deny policy the loaded set lacks: dropped although allowed, likely cause stale policy', () => {
    const [e] = check([
      verdictLine({ source: frontend, destination: api, l4: tcp(9000), traffic_direction: 'EGRESS', verdict: 'DROPPED', drop_reason_desc: 'POLICY_DENY', egress_denied_by: [policy('CiliumClusterwideNetworkPolicy', 'freeze')] }),
    ]);
    expect(e).toMatchObject({ mismatchClass: 'observed-denied-predicted-allowed', cause: { kind: 'stale-policy' } });
  });

  it('flows without policy-verdict events say that nothing could be recorded', () => {
    const [e] = check([JSON.stringify({ flow: { time: '2026-11-20T09:02:00Z', uuid: 't1', verdict: 'FORWARDED', event_type: { type: 4 }, source: frontend, destination: api, l4: tcp(9000), traffic_direction: 'EGRESS' } })]);
    expect(e?.attribution?.sides[0]?.recordedText).toContain('no policy-verdict events');
  });
});

describe('checkFlowSample', () => {
  it('checks each sampled flow on its own: recorded, computed, class and cause', () => {
    const lines = [
      verdictLine({ source: frontend, destination: api, l4: tcp(9000), traffic_direction: 'EGRESS', egress_allowed_by: [policy('CiliumNetworkPolicy', 'same-tenant', 'acme-web')] }),
      verdictLine({ source: frontend, destination: api, l4: tcp(9000), traffic_direction: 'EGRESS', verdict: 'DROPPED', drop_reason_desc: 'POLICY_DENIED' }),
    ];
    const result = crossCheck(ingestTexts([{ name: 'f.jsonl', text: lines.join('\n') }]), base);
    const e = result.edges[0] as CheckedEdge;
    expect(e.mismatchClass).toBe('observed-denied-predicted-allowed');
    const byVerdict = Object.fromEntries(e.edge.sample.map((s) => [s.verdict, checkFlowSample(s, e, result.context)]));
    expect(byVerdict['FORWARDED']).toMatchObject({ mismatch: false, mismatchClass: 'match', recordedText: 'allowed by CiliumNetworkPolicy/acme-web/same-tenant', computedText: 'allowed by CiliumNetworkPolicy/acme-web/same-tenant', cause: null });
    expect(byVerdict['DROPPED']).toMatchObject({ mismatch: true, mismatchClass: 'observed-denied-predicted-allowed', cause: { kind: 'policy-not-realised' } });
  });
});
