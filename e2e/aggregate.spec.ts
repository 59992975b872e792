/**
 * A cluster whose tenants, one node each, are not readable even in a 1920x1080 window opens with
 * every tenant as one node (core/graph/opening.ts, viewState.ts `initialViewState`): the platform,
 * `250 tenants` and the outside peers, with the edges of the whole analysis merged onto it. One
 * click on it opens the tenant level; a search result inside it opens its tenant beside the
 * others. Screenshots at 1280x720 and 1920x1080 are attached to the run (`test-results/`).
 */
import type { Page } from '@playwright/test';
import { buildGraph } from '../src/core/graph/buildGraph.ts';
import { makeGrouping, tenantOfGroup, TENANTS_GROUP } from '../src/core/graph/grouping.ts';
import type { ViewState } from '../src/core/graph/types.ts';
import { initialViewState } from '../src/core/graph/viewState.ts';
import { loadInputs } from '../src/core/load/loadInputs.ts';
import { generateCluster } from '../src/core/synth/cluster.ts';
import { analyse, graphInputsFrom } from '../src/workers/analyse.ts';
import { readability, READABLE_PX } from '../src/ui/graph/readability.ts';
import { expect, test, viewSettled } from './fixtures.ts';

// The level the graph opens at is what these tests are about.
test.use({ openAsLoaded: false });
// Two loads and two pictures of 250 tenants each: slow on a loaded machine.
test.describe.configure({ timeout: 240_000 });

const synth = generateCluster({ seed: 7, tenants: 250, namespacesPerTenant: 1, workloads: 600, cnps: 60, networkPolicies: 8, fqdnPolicies: 6, denyPolicies: 4, format: 'json' });
const files = synth.files.map((f) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(f.data) }));
const cluster = loadInputs(synth.files).cluster;
const inputs = graphInputsFrom(cluster, null, analyse(cluster, null));
const expected = (view: ViewState): string[] => buildGraph(inputs, view).edges.map((e) => `${e.id} ${e.portsText}`).sort();
const opening = initialViewState(cluster);

const drawn = (page: Page) => async (): Promise<string[]> => (await page.evaluate(() => window.__graphTestApi?.edges() ?? [])).map((e) => `${e.id} ${e.ports}`).sort();
const groupNodes = async (page: Page): Promise<string[]> => (await page.evaluate(() => window.__graphTestApi?.nodes() ?? [])).filter((n) => n.kind === 'group').map((n) => n.id);

/** A real click at the middle of a node as drawn. */
async function clickNode(page: Page, id: string): Promise<void> {
  const box = await page.evaluate((nodeId) => window.__graphTestApi?.renderedBox(nodeId) ?? null, id);
  const canvas = await page.getByTestId('graph-canvas').boundingBox();
  if (box === null || canvas === null) throw new Error(`${id} is not drawn`);
  await page.mouse.click(canvas.x + (box.x1 + box.x2) / 2, canvas.y + (box.y1 + box.y2) / 2);
}

test('the opening decided for a 250-tenant cluster is the tenants as one node', () => {
  expect(opening.collapsed).toContain(TENANTS_GROUP);
});

for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
  test.describe(`${size.width}x${size.height}`, () => {
    test.use({ viewport: size });

    test('opens with the tenants as one readable node; one click opens the tenant level', async ({ app, page }) => {
      await app.gotoDemo();
      await app.openFiles(files);
      await app.waitForLoaded();
      await viewSettled(page);
      expect(await groupNodes(page)).toEqual(['g:platform', TENANTS_GROUP]);
      const nodes = await page.evaluate(() => window.__graphTestApi?.nodes() ?? []);
      expect(nodes.find((n) => n.id === TENANTS_GROUP)?.label).toBe('250 tenants');
      await expect.poll(drawn(page)).toEqual(expected(opening));
      const r = readability(await page.evaluate(() => (window.__graphTestApi as NonNullable<typeof window.__graphTestApi>).screen()));
      expect(r.minLabelPx).toBeGreaterThanOrEqual(READABLE_PX);
      expect(r.readableShare).toBe(1);
      expect(r.labelOverlaps).toBe(0);
      await page.screenshot({ path: test.info().outputPath(`aggregate-${size.width}x${size.height}.png`) });

      await clickNode(page, TENANTS_GROUP);
      const tenantLevel: ViewState = { ...opening, collapsed: opening.collapsed.filter((g) => g !== TENANTS_GROUP) };
      await expect.poll(() => groupNodes(page), { timeout: 30_000 }).toHaveLength(251);
      await expect.poll(drawn(page), { timeout: 30_000 }).toEqual(expected(tenantLevel));
      await expect(page.getByTestId('graph-tenants-aggregate')).toHaveText('All tenants as one node');
      await viewSettled(page);
      await page.screenshot({ path: test.info().outputPath(`aggregate-opened-${size.width}x${size.height}.png`) });
      // And back.
      await page.getByTestId('graph-tenants-aggregate').click();
      await expect.poll(() => groupNodes(page), { timeout: 30_000 }).toEqual(['g:platform', TENANTS_GROUP]);
    });
  });
}

test('a search result inside the aggregate opens its tenant beside the other tenants, its workload selected', async ({ app, page }) => {
  await app.gotoDemo();
  await app.openFiles(files);
  await app.waitForLoaded();
  await viewSettled(page);
  const grouping = makeGrouping(cluster, 'tenant');
  const w = cluster.workloads.find((x) => tenantOfGroup(grouping.groupOf(x.namespace)) !== null)!;
  const tenantGroup = grouping.groupOf(w.namespace);
  await page.getByTestId('filter-search').fill(w.name);
  await page.getByTestId('search-result').first().click();
  await expect.poll(async () => (await groupNodes(page)).sort(), { timeout: 30_000 }).toEqual(['g:platform', TENANTS_GROUP, tenantGroup].sort());
  const nodes = await page.evaluate(() => window.__graphTestApi?.nodes() ?? []);
  // The search text stays the graph's search filter.
  const view: ViewState = { ...opening, collapsed: opening.collapsed.filter((g) => g !== tenantGroup), filters: { ...opening.filters, search: w.name } };
  const others = buildGraph(inputs, view).nodes.find((n) => n.id === TENANTS_GROUP);
  expect(others?.label).toBe('249 other tenants');
  await viewSettled(page);
  await page.screenshot({ path: test.info().outputPath('aggregate-one-tenant-1400x900.png') });
  // Its name on one line, its workload count on a second (at 150 px wide: '249 other' / 'tenants' / '… workloads').
  const snap = await page.evaluate(() => (window.__graphTestApi as NonNullable<typeof window.__graphTestApi>).screen());
  const name = snap.labels.find((l) => l.id === TENANTS_GROUP && l.kind === 'name');
  expect(name).toBeDefined();
  const lines = ((name as NonNullable<typeof name>).box.y2 - (name as NonNullable<typeof name>).box.y1) / ((name as NonNullable<typeof name>).px * 1.2);
  expect(lines, (name as NonNullable<typeof name>).text).toBeLessThan(2.5);
  expect(nodes.find((n) => n.id === TENANTS_GROUP)?.label).toBe('249 other tenants');
  expect(nodes.some((n) => n.id === `w:${w.key}`)).toBe(true);
  await expect.poll(drawn(page), { timeout: 30_000 }).toEqual(expected(view));
});
