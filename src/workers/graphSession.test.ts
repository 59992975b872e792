import { describe, expect, it } from 'vitest';
import { defaultViewState } from '../core/graph/viewState.ts';
import type { GraphModel, ViewState } from '../core/graph/types.ts';
import { GraphSession, workerCheckOf, type SessionPort } from './graphSession.ts';
import { FakeWorker } from './testing.ts';

class FakePort extends FakeWorker implements SessionPort {
  lastId(): number {
    const m = this.sent[this.sent.length - 1];
    return m !== undefined && 'id' in m ? m.id : -1;
  }
}

const model = (layoutKey: string): GraphModel => ({ nodes: [], edges: [], layoutKey, groups: [], counts: { workloads: 0, groups: 0, edges: 0, deniedEdges: 0, mismatches: 0 } });
const view = (search: string): ViewState => ({ ...defaultViewState, filters: { ...defaultViewState.filters, search } });

describe('GraphSession', () => {
  it('matches answers to requests by id, whatever their order', async () => {
    const port = new FakePort();
    const s = new GraphSession(port);
    const a = s.graph(view('a'));
    const idA = port.lastId();
    const b = s.graph(view('b'));
    const idB = port.lastId();
    port.reply({ type: 'graph', id: idB, model: model('b'), engineError: null });
    port.reply({ type: 'graph', id: idA, model: model('a'), engineError: 'engine failed' });
    expect(await a).toEqual({ model: model('a'), engineError: 'engine failed' });
    expect(await b).toEqual({ model: model('b'), engineError: null });
  });

  it('asks once per view object', () => {
    const port = new FakePort();
    const s = new GraphSession(port);
    const v = view('x');
    expect(s.graph(v)).toBe(s.graph(v));
    expect(port.sent).toHaveLength(1);
  });

  it('asks once for two view objects with the same content (the page makes several), again for another view', async () => {
    const port = new FakePort();
    const s = new GraphSession(port);
    const a = s.graph(view('x'));
    const b = s.graph({ ...view('x'), filters: { ...view('x').filters, time: null } });
    expect(b).toBe(a);
    expect(port.sent).toHaveLength(1);
    s.graph(view('y'));
    expect(port.sent).toHaveLength(2);
  });

  it("tells the worker once that the first graph is drawn, and not after the session ended", () => {
    const port = new FakePort();
    const s = new GraphSession(port);
    s.drawn();
    s.drawn();
    expect(port.sent.filter((m) => m.type === 'drawn')).toHaveLength(1);
    const ended = new FakePort();
    const t = new GraphSession(ended);
    t.dispose();
    t.drawn();
    expect(ended.sent.filter((m) => m.type === 'drawn')).toHaveLength(0);
  });

  it('a failed build rejects that request only', async () => {
    const port = new FakePort();
    const s = new GraphSession(port);
    const p = s.graph(view('a'));
    port.reply({ type: 'graph-failed', id: port.lastId(), message: 'boom' });
    await expect(p).rejects.toThrow('boom');
    expect(s.live).toBe(true);
  });

  it('gives the input digest the worker sends after the data, asked before or after it came; null when the worker ends first', async () => {
    const first = new FakePort();
    const early = new GraphSession(first);
    const asked = early.digest();
    first.reply({ type: 'digest', digest: 'ab12' });
    expect(await asked).toBe('ab12');
    const port = new FakePort();
    const late = new GraphSession(port);
    port.reply({ type: 'digest', digest: 'cd34' });
    expect(await late.digest()).toBe('cd34');
    const ended = new GraphSession(new FakePort());
    const pending = ended.digest();
    ended.dispose();
    expect(await pending).toBeNull();
    const crashed = new FakePort();
    const c = new GraphSession(crashed);
    const p = c.digest();
    crashed.onerror?.({ message: 'boom', preventDefault() {} } as ErrorEvent);
    expect(await p).toBeNull();
  });

  it('dispose terminates the worker and resolves what is pending (and what comes) with null', async () => {
    const port = new FakePort();
    const s = new GraphSession(port);
    const p = s.graph(view('a'));
    s.dispose();
    expect(port.terminated).toBe(true);
    expect(await p).toBeNull();
    expect(await s.graph(view('b'))).toBeNull();
  });

  it('a worker crash rejects pending and later requests, so the page builds the graph itself', async () => {
    const port = new FakePort();
    const s = new GraphSession(port);
    const p = s.graph(view('a'));
    port.onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent);
    await expect(p).rejects.toThrow('out of memory');
    await expect(s.graph(view('b'))).rejects.toThrow();
    expect(s.live).toBe(false);
    expect(port.terminated).toBe(true);
  });

  it('asks for the lint report once, and reports the linter failing', async () => {
    const port = new FakePort();
    const s = new GraphSession(port);
    const a = s.lint();
    expect(s.lint()).toBe(a);
    const req = port.sent[0];
    expect(req?.type).toBe('lint');
    const report = { findings: [], subjects: new Map() };
    port.reply({ type: 'lint', id: req?.type === 'lint' ? req.id : -1, report });
    expect(await a).toBe(report);
    const failing = new GraphSession(new FakePort());
    const f = failing.lint();
    const p2 = (failing as unknown as { port: FakePort }).port;
    const r2 = p2.sent[0];
    p2.reply({ type: 'lint-failed', id: r2?.type === 'lint' ? r2.id : -1, message: 'boom' });
    await expect(f).rejects.toThrow('boom');
  });

  it('a disposed session answers the lint request with null', async () => {
    const port = new FakePort();
    const s = new GraphSession(port);
    const a = s.lint();
    s.dispose();
    expect(await a).toBeNull();
  });
});

describe('GraphSession leak checks (the customer view, in the worker)', () => {
  const storefront = { text: 'storefront', tenants: ['globex'], where: ['name of Deployment globex-shop/storefront'] };

  it('sends an output to the worker to be checked and resolves with what it found', async () => {
    const port = new FakePort();
    const s = new GraphSession(port);
    const found = s.leaks('the JSON export', 'tenant', 'acme');
    const sent = port.sent[0];
    expect(sent).toMatchObject({ type: 'leaks', text: 'the JSON export', groupingLabel: 'tenant', tenant: 'acme' });
    port.reply({ type: 'leaks', id: sent?.type === 'leaks' ? sent.id : -1, leaks: [storefront] });
    expect(await found).toEqual([storefront]);
  });

  it('a customer-view model arrives with the check the worker made; others carry none', async () => {
    const port = new FakePort();
    const s = new GraphSession(port);
    const customer = s.graph(view('c'));
    port.reply({ type: 'graph', id: port.lastId(), model: model('c'), engineError: null, leaks: [storefront] });
    const plain = s.graph(view('p'));
    port.reply({ type: 'graph', id: port.lastId(), model: model('p'), engineError: null });
    expect(workerCheckOf((await customer)?.model as GraphModel)).toEqual([storefront]);
    expect(workerCheckOf((await plain)?.model as GraphModel)).toBeUndefined();
    expect(workerCheckOf(model('c'))).toBeUndefined();
  });

  it('a failed check rejects; disposing resolves null; a crash rejects', async () => {
    const port = new FakePort();
    const s = new GraphSession(port);
    const failed = s.leaks('x', 'tenant', 'acme');
    const first = port.sent[0];
    port.reply({ type: 'leaks-failed', id: first?.type === 'leaks' ? first.id : -1, message: 'boom' });
    await expect(failed).rejects.toThrow('boom');
    const pending = s.leaks('y', 'tenant', 'acme');
    s.dispose();
    expect(await pending).toBeNull();
    expect(await s.leaks('z', 'tenant', 'acme')).toBeNull();

    const crashing = new FakePort();
    const c = new GraphSession(crashing);
    const p = c.leaks('x', 'tenant', 'acme');
    crashing.onerror?.({ message: 'x', preventDefault: () => {} } as ErrorEvent);
    await expect(p).rejects.toThrow('stopped');
    await expect(c.leaks('x', 'tenant', 'acme')).rejects.toThrow('stopped');
  });
});

describe('GraphSession rule texts (the explanation’s "Show rule text")', () => {
  it('asks the worker for a rule’s lines and resolves with its answer; a leak answer of another id does not', async () => {
    const port = new FakePort();
    const s = new GraphSession(port);
    const leak = s.leaks('x', 'tenant', 'acme');
    const text = s.ruleText({ file: 'p.yaml', line: 11, path: 'spec.egressDeny[0]' });
    const sent = port.sent[1];
    expect(sent).toMatchObject({ type: 'rule-text', file: 'p.yaml', line: 11, path: 'spec.egressDeny[0]' });
    const lines = { file: 'p.yaml', lines: [[20, '  - toEndpoints:']] as const, from: 20, to: 20, found: true };
    port.reply({ type: 'rule-text', id: sent?.type === 'rule-text' ? sent.id : -1, text: lines });
    expect(await text).toEqual(lines);
    port.reply({ type: 'leaks', id: port.sent[0]?.type === 'leaks' ? port.sent[0].id : -1, leaks: [] });
    expect(await leak).toEqual([]);
    const failed = s.ruleText({ file: 'p.yaml', line: 1, path: 'spec' });
    port.reply({ type: 'rule-text-failed', id: port.lastId(), message: 'unreadable' });
    await expect(failed).rejects.toThrow('unreadable');
    s.dispose();
    expect(await s.ruleText({ file: 'p.yaml', line: 1, path: 'spec' })).toBeNull();
  });
});
