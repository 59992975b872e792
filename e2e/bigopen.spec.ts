import { buildGraph } from '../src/core/graph/buildGraph.ts';
import type { ViewState } from '../src/core/graph/types.ts';
import { initialViewState } from '../src/core/graph/viewState.ts';
import { loadInputs } from '../src/core/load/loadInputs.ts';
import { generateCluster } from '../src/core/synth/cluster.ts';
import { analyse, graphInputsFrom } from '../src/workers/analyse.ts';
import { QueryPanel } from './pages/QueryPanel.ts';
import { expect, test } from './fixtures.ts';

/**
 * A big cluster opens with every group collapsed, and the load worker draws that first picture
 * before it has evaluated the pairs inside the groups (src/workers/analyse.ts `analyseInSteps`).
 * What the page draws, opened and after expanding, is exactly the graph of the whole analysis.
 */
test('a big cluster opens collapsed with the whole analysis’s edges, and a group expanded shows its inner paths', async ({ app, page }) => {
  const synth = generateCluster({ seed: 4, tenants: 8, namespacesPerTenant: 2, workloads: 320, cnps: 40, networkPolicies: 8, denyPolicies: 4, format: 'json' });
  const cluster = loadInputs(synth.files).cluster;
  const inputs = graphInputsFrom(cluster, null, analyse(cluster, null));
  const expected = (view: ViewState): string[] => buildGraph(inputs, view).edges.map((e) => `${e.id} ${e.portsText}`).sort();
  const drawn = async (): Promise<string[]> => (await page.evaluate(() => window.__graphTestApi?.edges() ?? [])).map((e) => `${e.id} ${e.ports}`).sort();

  await app.gotoDemo();
  await app.openFiles(synth.files.map((f) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(f.data) })));
  await app.waitForLoaded();
  const graph = new QueryPanel(page);
  const opening = initialViewState(cluster);
  expect(opening.collapsed.length).toBeGreaterThan(1);
  await expect.poll(async () => (await graph.nodes()).filter((n) => n.kind === 'group').length).toBe(opening.collapsed.length);
  await expect.poll(drawn).toEqual(expected(opening));

  // One group expanded: its workloads and the paths between them, which the first picture left out.
  const group = opening.collapsed[1] as string;
  await page.evaluate((id) => window.__graphTestApi?.dbltap(id), group);
  const expandedOne: ViewState = { ...opening, collapsed: opening.collapsed.filter((g) => g !== group) };
  const inner = expected(expandedOne).filter((e) => e.startsWith('e:w:') && e.includes('|w:'));
  expect(inner.length).toBeGreaterThan(0);
  await expect.poll(drawn, { timeout: 30_000 }).toEqual(expected(expandedOne));
});
