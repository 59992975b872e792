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

  it('without flows the address stays unknown and the answer says so', () => {
    const o = runQuery(model, { from: 'acme-web/api', to: 'api.stripe.com', port: '443/TCP' });
    expect(o.kind === 'answer' && o.decision.notes.some((n) => n.includes('is not known'))).toBe(true);
  });

  it('maps each DNS name to the addresses flows saw for it', () => {
    const m = observedDnsAddresses(flows);
    expect(m.get('api.stripe.com')).toEqual(['104.18.12.33']);
    expect(observedDnsAddresses(null).size).toBe(0);
  });
});
