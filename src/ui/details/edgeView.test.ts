import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../core/graph/buildGraph.ts';
import { defaultViewState } from '../../core/graph/viewState.ts';
import { portRange, union, fullPortSet } from '../../core/engine/PortSet.ts';
import { graphInputsOf } from '../../core/graph/graphInputs.ts';
import { appPlatform } from '../query/testing.ts';
import { runQuery } from '../../core/query/runQuery.ts';
import { askedEdgeQuery, edgeContext, edgeQuery, representativePort, worldAddress } from './edgeView.ts';

describe('worldAddress', () => {
  it('is a public address no named range holds', () => {
    expect(worldAddress(appPlatform().cluster)).toBe('203.0.113.10');
  });
});

describe('representativePort', () => {
  it('prefers an observed port, then a common one, then the lowest', () => {
    expect(representativePort(portRange('TCP', 9000), '9000/TCP')).toBe('9000/TCP');
    expect(representativePort(union(portRange('TCP', 22), portRange('TCP', 443)), null)).toBe('443/TCP');
    expect(representativePort(portRange('UDP', 40000, 40100), null)).toBe('40000/UDP');
    expect(representativePort(fullPortSet, null)).toBe('/TCP');
    expect(representativePort(fullPortSet, null, [{ name: 'http', port: 9000, protocol: 'TCP' }])).toBe('9000/TCP');
  });
});

describe('edgeQuery on the app-platform graph', async () => {
  const { model, cluster } = appPlatform();
  const inputs = graphInputsOf(model, null);
  const graph = buildGraph(inputs, defaultViewState);
  const ctx = edgeContext(cluster);
  const explain = (id: string) => {
    const edge = graph.edges.find((e) => e.id === id);
    if (!edge) throw new Error(`no edge ${id}`);
    const q = edgeQuery(edge, graph, ctx);
    if (!q.ok) throw new Error(q.why);
    const out = runQuery(model, q.query);
    if (out.kind !== 'answer') throw new Error(out.message);
    return { q: q.query, d: out.decision };
  };

  it('every edge between known peers explains with the verdict the edge shows', () => {
    let explained = 0;
    for (const edge of graph.edges) {
      const q = edgeQuery(edge, graph, ctx);
      if (!q.ok) continue;
      const out = runQuery(model, q.query);
      expect(out.kind, `${edge.id}: ${JSON.stringify(q.query)}`).toBe('answer');
      if (out.kind !== 'answer') continue;
      const denied = edge.verdict === 'default-deny' || edge.verdict === 'explicit-deny';
      expect(out.decision.verdict, `${edge.id} asked as ${JSON.stringify(q.query)}`).toBe(denied ? 'denied' : 'allowed');
      explained++;
    }
    expect(explained).toBeGreaterThan(graph.edges.length / 2);
  });

  it('a path on all ports explains on the port the destination declares', () => {
    expect(explain('e:w:acme-web/Deployment/frontend|w:acme-web/Deployment/api|allowed').q.port).toBe('9000/TCP');
  });

  it('the SMTP carve-out explains as the egressDeny', () => {
    const { q, d } = explain('e:w:acme-jobs/Deployment/mailer|o:world~25/TCP|explicit-deny');
    expect(q).toEqual({ from: 'acme-jobs/mailer', to: '203.0.113.10', port: '25/TCP' });
    expect(d.egress.reason).toBe('explicit-deny');
  });

  describe('askedEdgeQuery: the path query above, when it asks about this edge', () => {
    const mailer = 'e:w:acme-jobs/Deployment/mailer|o:world~25/TCP|explicit-deny';
    const edge = graph.edges.find((e) => e.id === mailer);
    const own = edge ? edgeQuery(edge, graph, ctx) : null;
    it('a drop to an internet address is explained with that address and port, not the stand-in', () => {
      if (!edge || !own?.ok) throw new Error('no mailer edge');
      const asked = { from: 'acme-jobs/mailer', to: '198.51.100.25', port: '25/TCP' };
      const a = askedEdgeQuery(own.query, edge, graph, asked);
      expect(a).toEqual({ query: asked, address: '198.51.100.25' });
      const out = runQuery(model, a.query);
      expect(out.kind === 'answer' && out.decision.verdict).toBe('denied');
    });
    it('a query about another path, or none, leaves the edge its own query', () => {
      if (!edge || !own?.ok) throw new Error('no mailer edge');
      expect(askedEdgeQuery(own.query, edge, graph, null)).toEqual({ query: own.query, address: null });
      expect(askedEdgeQuery(own.query, edge, graph, { from: 'acme-web/frontend', to: '198.51.100.25', port: '25/TCP' })).toEqual({ query: own.query, address: null });
      expect(askedEdgeQuery(own.query, edge, graph, { from: 'acme-jobs/mailer', to: 'acme-web/frontend', port: '25/TCP' })).toEqual({ query: own.query, address: null });
    });
  });
});
