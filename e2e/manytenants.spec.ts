import { generateCluster } from '../src/core/synth/cluster.ts';
import { TENANTS_GROUP } from '../src/core/graph/grouping.ts';
import { CLEAR_TEXT_PX } from '../src/core/graph/opening.ts';
import { sharePorts } from '../src/core/graph/tenantShares.ts';
import { crowdedEdgeLabels, readability, READABLE_PX } from '../src/ui/graph/readability.ts';
import { expect, test, viewSettled } from './fixtures.ts';

const manyTenants = () => generateCluster({ tenants: 120, namespacesPerTenant: 1, workloads: 300, cnps: 130, format: 'json' }).files.map((f) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(f.data) }));

/**
 * A cluster of many tenants (120 here; platforms have hundreds): the row of tenant toggles above
 * the graph must not push the canvas off the screen.
 */
test('with 120 tenants the tenant toggles stay a compact scrollable row and the canvas keeps its room', async ({ app, page }) => {
  await app.gotoDemo();
  await app.openFiles(manyTenants());
  await app.waitForLoaded();
  const toggles = page.getByTestId('graph-group-toggle');
  await expect(toggles).toHaveCount(121);
  const row = page.getByRole('group', { name: /Tenants/ });
  const stage = page.locator('.graph-stage');
  const [rowBox, stageBox] = await Promise.all([row.boundingBox(), stage.boundingBox()]);
  // One row (it scrolls sideways), and the canvas keeps most of the window's height.
  expect(rowBox!.height).toBeLessThanOrEqual(40);
  expect(stageBox!.height).toBeGreaterThanOrEqual(0.75 * (page.viewportSize()?.height ?? 0));
  // Every toggle is still reachable: the row scrolls.
  await toggles.last().scrollIntoViewIfNeeded();
  await expect(toggles.last()).toBeInViewport();
});

test.describe('as opened', () => {
  test.use({ openAsLoaded: false });
  for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
    test(`120 tenants at ${size.width}x${size.height}: the tenants as one node, every name readable, its lines saying how many tenants each stands for`, async ({ app, page }) => {
      await page.setViewportSize(size);
      await app.goto('?demo=0');
      await app.openFiles(manyTenants());
      await app.waitForLoaded();
      await viewSettled(page);
      const s = await page.evaluate(() => (window.__graphTestApi as NonNullable<typeof window.__graphTestApi>).screen());
      const names = s.labels.filter((l) => l.kind === 'name' && l.text !== '');
      // Too big to open expanded, it opened one box per tenant whatever the window: names 7.4 px at 1280x720.
      expect(names.filter((l) => l.px < READABLE_PX).map((l) => `${l.text} ${l.px.toFixed(1)} px`)).toEqual([]);
      const groups = (await page.evaluate(() => window.__graphTestApi?.nodes() ?? [])).filter((n) => n.kind === 'group').map((n) => n.id);
      // At 1280x720 one box per tenant has names too small; at 1920x1080 it opened so, 117 lines
      // into the platform's box and 51 labels without room (a fan wider than FAN_MAX: opening.ts).
      expect(groups.sort()).toEqual(['g:platform', TENANTS_GROUP]);
      // Every closed bundle holding a denied path says so: the platform <-> '120 tenants' bundle
      // (a short slanted line between the two stacked boxes) had no label at 1280x720.
      const labelled = s.labels.filter((l) => l.kind === 'edge' && l.drawn && l.text !== '');
      const drawn = new Set(labelled.map((l) => l.id));
      const denied = (await page.evaluate(() => window.__graphTestApi?.bundles() ?? [])).filter((b) => !b.open && / denied/.test(b.label));
      expect(denied.length).toBeGreaterThan(0);
      expect(denied.filter((b) => !drawn.has(b.id)).map((b) => `${b.source} -> ${b.target} "${b.label}"`)).toEqual([]);
      // Each label on a line at the tenants as one node says how many of them the line stands for
      // ('68 of 120 tenants', 'all 120 tenants · 4 paths · 1 denied', 'tenant stark'): it said
      // '2 paths' to the internet, which reads as every tenant's.
      const atAggregate = labelled.filter((l) => s.edges.some((e) => e.id === l.id && (e.source === TENANTS_GROUP || e.target === TENANTS_GROUP)));
      expect(atAggregate.length).toBeGreaterThan(2);
      expect(atAggregate.map((l) => l.text).filter((t) => !/^(all 120 tenants|\d+ of 120 tenants|tenant [a-z0-9-]+)( · |$)/.test(t))).toEqual([]);
      // Every line at it is labelled, and says its ports (not a bundle: 'N paths'; nor a line to a
      // carve-out, whose name says them): the 5k cluster at 1280x720 drew 4 of its 15 lines without
      // a label, and the others said '15 of 200 tenants' alone (core/graph/layout.ts hubLayout).
      const lines = s.edges.filter((e) => e.source === TENANTS_GROUP || e.target === TENANTS_GROUP);
      expect(lines.filter((e) => !drawn.has(e.id)).map((e) => `${e.source} -> ${e.target}`)).toEqual([]);
      const paths = new Map((await page.evaluate(() => window.__graphTestApi?.edges() ?? [])).map((e) => [e.id, e]));
      const carved = new Set((await page.evaluate(() => window.__graphTestApi?.nodes() ?? [])).filter((n) => n.kind === 'carve-out').map((n) => n.id));
      const withoutPorts = atAggregate.filter((l) => {
        const e = paths.get(l.id);
        return e !== undefined && !carved.has(e.source) && !carved.has(e.target) && !l.text.includes(` · ${sharePorts(e.ports)}`);
      });
      expect(withoutPorts.map((l) => `${l.id} "${l.text}"`)).toEqual([]);
      // None over a name or another, none crowded, at least 11 px at 1280x720.
      expect(readability(s).labelOverlaps).toBe(0);
      expect(crowdedEdgeLabels(s)).toEqual([]);
      expect(labelled.filter((l) => l.px < CLEAR_TEXT_PX).map((l) => `${l.text} ${l.px.toFixed(1)} px`)).toEqual([]);
      // The peers stand beside the tenants' node: its lines are straight, none crosses another.
      expect(readability(s).edgeCrossings).toBe(0);
    });
  }
});
