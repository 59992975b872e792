import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { loadInputs } from '../core/load/loadInputs.ts';
import { defaultViewState, groupIds } from '../core/graph/viewState.ts';
import { policyText } from '../core/whatif/editable.ts';
import type { Draft } from '../core/whatif/types.ts';
import { WhatIfHost } from './whatifHost.ts';
import type { WhatIfMessage } from './whatifProtocol.ts';
import { appPlatformDir } from '../../test/paths.ts';

const read = (name: string) => ({ name, data: readFileSync(path.join(appPlatformDir, name), 'utf8') });
const cluster = loadInputs([read('policies.yaml'), read('inventory.yaml')]).cluster;
/** `name`'s manifest changed by `edit`, as a draft. */
function draftOf(name: string, edit: (spec: Record<string, unknown>) => void): Draft {
  const policy = cluster.policies.find((p) => p.ref.name === name)!;
  const doc = parse(policyText(policy)!) as { spec: Record<string, unknown> };
  edit(doc.spec);
  return { documents: [{ id: '1', replaces: policy.key, name: 'w', text: stringify(doc) }], removed: [] };
}
// One workload's ingress from the internet on every port (an update), and every tenant's egress (most of the graph: built in full).
const drafts = {
  realtime: draftOf('realtime-udp', (spec) => delete (spec['ingress'] as Record<string, unknown>[])[0]!['toPorts']),
  egress: draftOf('tenant-egress-baseline', (spec) => delete spec['egressDeny']),
};

/** A host run on this thread: every deferred task runs before `send` returns. */
function hostOf(full: boolean) {
  const inbox: WhatIfMessage[] = [];
  const tasks: (() => void)[] = [];
  const host = new WhatIfHost((m) => inbox.push(m), (t) => tasks.push(t), { full });
  const send = (...requests: Parameters<WhatIfHost['receive']>[0][]): WhatIfMessage[] => {
    inbox.length = 0;
    for (const r of requests) {
      host.receive(r);
      for (let t = tasks.shift(); t; t = tasks.shift()) t();
    }
    return [...inbox];
  };
  send({ type: 'init', cluster, flows: null });
  return send;
}

describe('WhatIfHost proposed graphs', () => {
  it.each(Object.entries(drafts))('without flows, the graphs updated from the loaded set equal the graphs built in full, at every view asked (%s)', (_name, draft) => {
    const views = [defaultViewState, { ...defaultViewState, collapsed: groupIds(cluster, defaultViewState.groupingLabel) }, { ...defaultViewState, collapsed: groupIds(cluster, defaultViewState.groupingLabel).slice(0, 1) }];
    const [updated, full] = [hostOf(false), hostOf(true)];
    for (const send of [updated, full]) expect(send({ type: 'run', id: 1, draft }).map((m) => m.type)).toEqual(['outcome']);
    views.forEach((view, i) => {
      const a = updated({ type: 'graph', id: 10 + i, run: 1, view });
      const b = full({ type: 'graph', id: 10 + i, run: 1, view });
      expect(a, `view ${i}`).toStrictEqual(b);
      expect(a[0]?.type === 'graph' && (a[0].model.counts.changedEdges ?? 0) > 0, `view ${i} shows the change`).toBe(true);
    });
  });
});
