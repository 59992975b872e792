import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadInputs } from '../core/load/loadInputs.ts';
import { compile } from '../core/engine/compile.ts';
import { ingestTexts } from '../core/flows/ingest.ts';
import { crossCheck } from '../core/flows/crossCheck.ts';

const read = (n: string) => readFileSync(path.join(__dirname, n), 'utf8');

describe('the demo carries Cilium’s own attribution', () => {
  const loaded = loadInputs(['policies.yaml', 'inventory.yaml'].map((name) => ({ name, data: read(name) })));
  const check = crossCheck(ingestTexts([{ name: 'flows.jsonl', text: read('flows.jsonl') }]), compile(loaded.cluster));

  it('every forwarded L3/L4 path names the policy Cilium recorded, and it is one the engine computes', () => {
    const forwarded = check.edges.filter((c) => (c.edge.verdicts.FORWARDED ?? 0) > 0 && c.edge.l7.dns === 0);
    expect(forwarded.length).toBeGreaterThan(10);
    for (const c of forwarded) {
      expect(c.attribution?.recorded.allowedBy.length, c.edge.key).toBeGreaterThan(0);
      expect(c.attribution?.differs, c.edge.key).toBe(false);
    }
    expect(check.counts['recorded-policy-differs']).toBe(0);
  });

  it('the explicit SMTP deny is recorded as denied by the CCNP; default-deny drops name nothing', () => {
    const smtp = check.edges.find((c) => c.edge.port === 25);
    expect(smtp?.attribution?.recorded.deniedBy).toEqual(['CiliumClusterwideNetworkPolicy/tenant-egress-defaults']);
    const defaultDeny = check.edges.filter((c) => (c.edge.drops.POLICY_DENIED ?? 0) > 0);
    expect(defaultDeny.length).toBeGreaterThan(0);
    for (const c of defaultDeny) expect(c.attribution?.recorded.deniedBy).toEqual([]);
  });
});
