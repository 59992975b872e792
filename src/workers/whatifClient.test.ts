import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { loadInputs } from '../core/load/loadInputs.ts';
import { ingestTexts } from '../core/flows/ingest.ts';
import { defaultViewState } from '../core/graph/viewState.ts';
import { policyText } from '../core/whatif/editable.ts';
import type { Draft } from '../core/whatif/types.ts';
import { WhatIfClient } from './whatifClient.ts';
import { inThreadPort } from './whatifInThread.ts';
import { appPlatformDir } from '../../test/paths.ts';

const read = (name: string) => ({ name, data: readFileSync(path.join(appPlatformDir, name), 'utf8') });
const cluster = loadInputs([read('policies.yaml'), read('inventory.yaml')]).cluster;
const flows = ingestTexts([{ name: 'flows.jsonl', text: readFileSync(path.join(appPlatformDir, 'flows.jsonl'), 'utf8') }]);
const egress = cluster.policies.find((p) => p.ref.name === 'tenant-egress-baseline')!;
const doc = parse(policyText(egress)!) as { spec: Record<string, unknown> };
delete doc.spec['egressDeny'];
const draft: Draft = { documents: [{ id: '1', replaces: egress.key, name: 'w', text: stringify(doc) }], removed: [] };

describe('WhatIfClient (host on this thread)', () => {
  it('runs a draft and builds the proposed graph with changes marked', async () => {
    const client = new WhatIfClient(inThreadPort(), cluster, flows);
    const r = await client.run(draft);
    expect(r?.outcome.counts.portsChanged).toBe(50);
    expect(r?.outcome.observed).toHaveLength(1);
    const g = await client.graph(r!.run, defaultViewState);
    expect(g?.counts.changedEdges).toBeGreaterThan(0);
    expect(g?.edges.some((e) => e.change?.kind === 'ports' && e.change.opened === '25/TCP')).toBe(true);
    const q = await client.query(r!.run, { from: 'acme-jobs/mailer', to: '198.51.100.25', port: '25/TCP' });
    expect(q?.kind === 'answer' ? q.decision.verdict : q).toBe('allowed');
    client.dispose();
  });

  it('a newer draft supersedes one not yet started, and graphs of older runs are not built', async () => {
    const client = new WhatIfClient(inThreadPort(), cluster, flows);
    const first = client.run({ documents: [], removed: [] });
    const second = client.run(draft);
    expect(await first).toBeNull();
    const r = await second;
    expect(r?.outcome.counts.portsChanged).toBe(50);
    expect(await client.graph(r!.run - 1, defaultViewState)).toBeNull();
    client.dispose();
  });

  it('suggests the fix for a path, and says why a query is unusable', async () => {
    const client = new WhatIfClient(inThreadPort(), cluster, flows);
    const fix = await client.fix({ from: 'platform-ingress/envoy', to: 'acme-web/api', port: '9000/TCP' });
    expect(fix).toMatchObject({ goal: 'allow', before: 'denied', after: 'allowed', possible: true });
    await expect(client.fix({ from: 'nope/none', to: 'acme-web/api', port: '9000/TCP' })).rejects.toThrow(/from/);
    client.dispose();
  });

  it('answers null after dispose', async () => {
    const client = new WhatIfClient(inThreadPort(), cluster, flows);
    const pending = client.run(draft);
    client.dispose();
    expect(await pending).toBeNull();
    expect(await client.run(draft)).toBeNull();
  });
});

describe('WhatIfClient cancel', () => {
  it('an aborted run gives null at once and its answer, if it still comes, is dropped; the next run is answered', async () => {
    const client = new WhatIfClient(inThreadPort(), cluster, flows);
    const abort = new AbortController();
    const cancelled = client.run(draft, { signal: abort.signal });
    abort.abort();
    expect(await cancelled).toBeNull();
    const next = await client.run(draft);
    expect(next?.outcome.counts.portsChanged).toBe(50);
    // A signal aborted before the run is asked sends nothing.
    const before = new AbortController();
    before.abort();
    expect(await client.run(draft, { signal: before.signal })).toBeNull();
    client.dispose();
  });
});
