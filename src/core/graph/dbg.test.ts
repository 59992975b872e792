import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { ingestTexts } from '../flows/ingest.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { compile } from '../engine/compile.ts';
import { connectivity } from '../engine/connectivity.ts';
import { buildGraph } from './buildGraph.ts';
import { connectivityInput } from './fromEngine.ts';
import { defaultViewState } from './viewState.ts';
it('x', () => {
  const d = '/work/shared/fixtures/app-platform/';
  const cluster = loadInputs([{ name: 'p', data: readFileSync(d + 'policies.yaml', 'utf8') }, { name: 'i', data: readFileSync(d + 'inventory.yaml', 'utf8') }]).cluster;
  const flows = ingestTexts([{ name: 'f', text: readFileSync(d + 'flows.jsonl', 'utf8') }]);
  const m = compile(cluster);
  const g = buildGraph({ cluster, connectivity: connectivityInput(connectivity(m, { includeDenied: true }), cluster, m.settings), flows }, defaultViewState);
  console.log(g.nodes.length, g.edges.length, JSON.stringify(g.counts));
  for (const e of g.edges) console.log(e.source.replace('/Deployment', ''), '->', e.target.replace('/Deployment', ''), e.verdict, e.portsText, e.observed?.flows ?? '', e.mismatch ?? '');
  for (const n of g.nodes) if (n.parent === null || n.kind !== 'workload') console.log('N', n.id, n.kind, n.label, JSON.stringify(n.position));
});
