import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appPlatformDir } from '../../../test/paths.ts';
import { compile } from '../engine/compile.ts';
import { ingestTexts } from '../flows/ingest.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { observedDnsAddresses } from './dnsAddresses.ts';
import { runQuery } from './runQuery.ts';

const read = (n: string) => readFileSync(path.join(appPlatformDir, n), 'utf8');
const model = compile(loadInputs(['policies.yaml', 'inventory.yaml'].map((n) => ({ name: n, data: read(n) }))).cluster);
const flows = ingestTexts([{ name: 'flows.jsonl', text: read('flows.jsonl') }]);

describe('runQuery to a DNS name the loaded flows saw', () => {
  it('answers for the address Hubble saw for it, as the graph does (denied before: 0.0.0.0/0 except … was not evaluated)', () => {
    // acme-web/api → api.stripe.com 443: 24 flows FORWARDED to 104.18.12.33 (destination_names), allowed by
    // CCNP tenant-egress-baseline spec.egress[1] (0.0.0.0/0 except the private ranges); the graph draws it allowed.
    const o = runQuery(model, { from: 'acme-web/api', to: 'api.stripe.com', port: '443/TCP' }, observedDnsAddresses(flows));
    expect(o.kind).toBe('answer');
    if (o.kind !== 'answer') return;
    expect(o.decision.verdict).toBe('allowed');
    expect(o.decision.egress.rules.map((r) => r.path)).toContain('spec.egress[1]');
    expect(o.decision.notes.join('\n')).toContain('api.stripe.com was seen at 104.18.12.33 in the loaded Hubble flows');
  });

  it('without flows the address stays unknown, and the CIDR rule it hangs on is a near miss (it was not named)', () => {
    const o = runQuery(model, { from: 'acme-web/api', to: 'api.stripe.com', port: '443/TCP' });
    if (o.kind !== 'answer') throw new Error('no answer');
    expect(o.decision.notes.some((n) => n.includes('is not known'))).toBe(true);
    const miss = o.decision.egress.nearMisses.find((m) => m.why === 'address-unknown');
    expect(miss?.rule).toMatchObject({ name: 'tenant-egress-baseline', path: 'spec.egress[1]' });
    expect(miss?.text).toBe(
      'the address of fqdn:api.stripe.com is not known: 0.0.0.0/0 selects it unless it is in 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16 (spec.egress[1].toCIDRSet[0]); query its address',
    );
  });

  it('maps each DNS name to the addresses flows saw for it', () => {
    const m = observedDnsAddresses(flows);
    expect(m.get('api.stripe.com')).toEqual(['104.18.12.33']);
    expect(observedDnsAddresses(null).size).toBe(0);
  });
});
