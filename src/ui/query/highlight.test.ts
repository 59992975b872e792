import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../core/graph/buildGraph.ts';
import { defaultViewState } from '../../core/graph/viewState.ts';
import { graphInputsOf } from '../../core/graph/graphInputs.ts';
import { pathHighlight } from '../../core/query/pathHighlight.ts';
import { runQuery } from '../../core/query/runQuery.ts';
import { appPlatform } from './testing.ts';

describe('pathHighlight on the app-platform graph', async () => {
  const { model, cluster } = appPlatform();
  const inputs = graphInputsOf(model, null);
  const light = (from: string, to: string, port: string, view = defaultViewState) => {
    const out = runQuery(model, { from, to, port });
    if (out.kind !== 'answer') throw new Error(out.message);
    return pathHighlight(buildGraph(inputs, view), cluster, view, out.query, out.decision);
  };

  it('workload to workload: both nodes and the allowed edge', () => {
    const h = light('acme-web/frontend', 'acme-web/api', '9000/TCP');
    expect(h.nodes).toEqual(['w:acme-web/Deployment/frontend', 'w:acme-web/Deployment/api']);
    expect(h.edges).toEqual(['e:w:acme-web/Deployment/frontend|w:acme-web/Deployment/api|allowed']);
    expect(h.verdict).toBe('allowed');
  });

  it('SMTP 25 to the internet lights the carved-out stub, 587 the allowed edge', () => {
    expect(light('acme-jobs/mailer', '198.51.100.25', '25/TCP').edges).toEqual(['e:w:acme-jobs/Deployment/mailer|o:world~25/TCP|explicit-deny']);
    expect(light('acme-jobs/mailer', '198.51.100.25', '587/TCP').edges).toEqual(['e:w:acme-jobs/Deployment/mailer|o:world|allowed']);
  });

  it('a collapsed tenant stands for its workloads', () => {
    const view = { ...defaultViewState, collapsed: ['g:t:acme'] };
    const h = light('acme-web/frontend', '93.184.216.34', '443/TCP', view);
    expect(h.nodes).toEqual(['g:t:acme', 'o:world']);
    expect(h.edges).toEqual(['e:g:t:acme|o:world|allowed']);
  });
});
