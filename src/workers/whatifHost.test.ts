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
    // A run longer than 250 ms (a loaded machine) reports progress first: only the answer is asserted.
    for (const send of [updated, full]) expect(send({ type: 'run', id: 1, draft }).flatMap((m) => (m.type === 'progress' ? [] : [m.type]))).toEqual(['outcome']);
    views.forEach((view, i) => {
      const a = updated({ type: 'graph', id: 10 + i, run: 1, view });
      const b = full({ type: 'graph', id: 10 + i, run: 1, view });
      expect(a, `view ${i}`).toStrictEqual(b);
      expect(a[0]?.type === 'graph' && (a[0].model.counts.changedEdges ?? 0) > 0, `view ${i} shows the change`).toBe(true);
    });
  });
});

describe('WhatIfHost runs in slices', () => {
  /** A host whose clock moves 100 ms at each look: every slice is one step of the run, and progress is reported from the third look on (`progressAfterMs`: from then). */
  function stepped(options: { readonly full?: boolean; readonly progressAfterMs?: number } = {}) {
    const inbox: WhatIfMessage[] = [];
    const tasks: (() => void)[] = [];
    let t = 0;
    const host = new WhatIfHost((m) => inbox.push(m), (task) => tasks.push(task), { full: options.full ?? true, now: () => (t += 100), ...(options.progressAfterMs !== undefined ? { progressAfterMs: options.progressAfterMs } : {}) });
    const next = (): boolean => {
      const task = tasks.shift();
      task?.();
      return task !== undefined;
    };
    host.receive({ type: 'init', cluster, flows: null });
    next();
    inbox.length = 0;
    return { host, inbox, next, drain: () => { while (next()); } };
  }

  it('a newer draft stops the run in flight: it is answered superseded and its outcome is never posted', () => {
    const { host, inbox, next, drain } = stepped();
    host.receive({ type: 'run', id: 1, draft: drafts.egress });
    next();
    next();
    expect(inbox.filter((m) => m.id === 1).map((m) => m.type)).not.toContain('outcome');
    host.receive({ type: 'run', id: 2, draft: drafts.realtime });
    drain();
    const of1 = inbox.filter((m) => m.id === 1).map((m) => m.type);
    expect(of1.filter((x) => x !== 'progress')).toEqual(['superseded']);
    expect(inbox.filter((m) => m.id === 2 && m.type !== 'progress').map((m) => m.type)).toEqual(['outcome']);
    // Nothing about run 1 after it was superseded.
    expect(inbox.findIndex((m) => m.id === 1 && m.type === 'superseded')).toBeGreaterThan(inbox.findLastIndex((m) => m.id === 1 && m.type === 'progress'));
    // Graphs are of the latest run only.
    host.receive({ type: 'graph', id: 3, run: 1, view: defaultViewState });
    expect(inbox.at(-1)).toEqual({ type: 'superseded', id: 3 });
  });

  it('a long run reports its progress, steps in order and growing, and cancel stops it', () => {
    const { host, inbox, next, drain } = stepped();
    host.receive({ type: 'run', id: 1, draft: drafts.egress });
    drain();
    const progress = inbox.flatMap((m) => (m.type === 'progress' ? [m] : []));
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.map((p) => p.fraction)).toEqual([...progress.map((p) => p.fraction)].sort((a, b) => a - b));
    expect(new Set(progress.map((p) => p.step))).toEqual(new Set(['compiling', 'matrix', 'comparing']));
    expect(inbox.at(-1)?.type).toBe('outcome');

    inbox.length = 0;
    host.receive({ type: 'run', id: 2, draft: drafts.realtime });
    next();
    host.receive({ type: 'cancel', run: 2 });
    drain();
    expect(inbox.filter((m) => m.type !== 'progress')).toEqual([{ type: 'superseded', id: 2 }]);
    // The latest finished run is still the one graphs are of.
    host.receive({ type: 'graph', id: 3, run: 1, view: defaultViewState });
    expect(inbox.at(-1)?.type).toBe('graph');
  });

  it.each([
    ['the rule compile', true, 'compiling'],
    ['the matrix update', false, 'matrix'],
  ] as const)('a cancel during %s stops the run there (it never reaches its next step), and the next edit answers', (_what, full, step) => {
    const { host, inbox, next, drain } = stepped({ full, progressAfterMs: 0 });
    host.receive({ type: 'run', id: 1, draft: drafts.egress });
    // One slice at a time until the run reports progress inside that step (past the step's first yield).
    const inside = () => inbox.some((m) => m.type === 'progress' && m.id === 1 && m.step === step && inbox.some((x) => x !== m && x.type === 'progress' && x.id === 1 && x.step === step));
    for (let i = 0; i < 1000 && !inside(); i++) expect(next(), 'the run yields inside the step').toBe(true);
    host.receive({ type: 'cancel', run: 1 });
    drain();
    const of1 = inbox.filter((m) => m.id === 1);
    expect(of1.filter((m) => m.type !== 'progress')).toEqual([{ type: 'superseded', id: 1 }]);
    // Every step the run reported is at most the cancelled one.
    const order = ['compiling', 'matrix', 'comparing'];
    expect(Math.max(...of1.map((m) => (m.type === 'progress' ? order.indexOf(m.step) : 0)))).toBe(order.indexOf(step));
    inbox.length = 0;
    host.receive({ type: 'run', id: 2, draft: drafts.realtime });
    drain();
    expect(inbox.filter((m) => m.type !== 'progress').map((m) => m.type)).toEqual(['outcome']);
  });
});
