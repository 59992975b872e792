import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';
import { appPlatform } from './inputs.ts';
import { QueryPanel } from './pages/QueryPanel.ts';
import type { AppPage } from './pages/AppPage.ts';
import type { Page } from '@playwright/test';
import { appPlatformV2Dir } from '../test/paths.ts';
import { generateCluster } from '../src/core/synth/cluster.ts';

async function openAppPlatform(app: AppPage): Promise<void> {
  await app.gotoDemo();
  await app.openFiles(appPlatform);
  await app.waitForLoaded();
  await expect(app.origin).toHaveText('3 files');
}

/** The graph's edges from a workload to the internet and to its "internet 25/TCP" stub, as the canvas holds them. */
async function internetEdges(page: Page, from: string) {
  return page.evaluate((source) => window.__graphTestApi?.edges().filter((e) => e.source === source && (e.target === 'o:world' || e.target === 'o:world~25/TCP')) ?? [], from);
}

/** Opens a synthetic cluster from the demo, written to files first: over Playwright's 50 MB buffer limit. */
async function openSynthetic(app: AppPage, synth: { files: readonly { name: string; data: string }[] }): Promise<void> {
  await app.gotoDemo();
  const dir = test.info().outputPath('synth');
  mkdirSync(dir, { recursive: true });
  const paths = synth.files.map((f) => {
    const p = path.join(dir, f.name);
    writeFileSync(p, f.data);
    return p;
  });
  await app.openFiles(paths);
  await app.waitForLoaded();
}

test.describe('what-if', () => {
  test('editing a policy in the app: removing the SMTP egressDeny opens 25/TCP to the internet and lists the observed flows that change', async ({ app, page }) => {
    await openAppPlatform(app);
    const mailer = 'w:acme-jobs/Deployment/mailer';
    // Polled: the loaded model reaches the canvas a moment after the load ends.
    await expect.poll(async () => (await internetEdges(page, mailer)).map((e) => `${e.verdict} ${e.ports}`).sort()).toEqual(['allowed all except 25/TCP', 'explicit-deny 25/TCP']);

    await page.getByTestId('whatif-toggle').click();
    const panel = page.getByTestId('whatif-panel');
    await expect(panel).toBeVisible();
    await panel.getByLabel('Edit a policy').selectOption({ label: 'CCNP tenant-egress-baseline' });
    const editor = panel.getByTestId('whatif-editor');
    const text = await editor.inputValue();
    expect(text).toContain('egressDeny:');
    expect(text).not.toContain('managedFields');

    // Delete the egressDeny block (its key and the indented lines under it), as a user would.
    const lines = text.split('\n');
    const start = lines.findIndex((l) => /^ {2}egressDeny:/.test(l));
    let end = start + 1;
    while (end < lines.length && /^ {3,}|^ {2}- /.test(lines[end] ?? '')) end++;
    await editor.fill([...lines.slice(0, start), ...lines.slice(end)].join('\n'));

    await expect(panel.getByTestId('whatif-doc-status')).toHaveText('Valid: loads as written.');
    const summary = panel.getByTestId('whatif-summary');
    await expect(summary).toContainText('50 paths change: 0 newly allowed, 0 newly denied, 50 with changed ports.');
    await expect(summary).toContainText('0 connections would be dropped, 1 connection would now pass');

    // The observed flows that change.
    const observed = panel.getByTestId('whatif-observed-row');
    await expect(observed).toHaveCount(1);
    await expect(observed.first()).toContainText('acme-jobs/Deployment/mailer → ip:198.51.100.25 25/TCP');
    await expect(observed.first()).toContainText('now pass (6 dropped before)');

    // The paths that change, by the rule that changes them: the removed deny rule opens them all.
    const groups = panel.getByTestId('whatif-rule-group');
    await expect(groups).toHaveCount(1);
    await expect(groups.locator('.rule-head')).toHaveText('CCNP tenant-egress-baseline spec.egressDeny[0] removed rule opens 50 paths');
    // The paths that change, with the rule responsible before and after.
    const mailerChange = panel.getByTestId('whatif-change').filter({ hasText: 'acme-jobs/mailer →' });
    await expect(mailerChange).toContainText('+ 25/TCP');
    // Named as the graph names them (the internet), the address ranges as secondary text.
    await expect(mailerChange.locator('.change-path')).toHaveText('acme-jobs/mailer → internet');
    await expect(mailerChange.getByTestId('whatif-change-peers')).toContainText('internet: 0.0.0.0/5, 8.0.0.0/7; 11.0.0.0 – 169.253.255.255;');
    await mailerChange.getByText('Why').click();
    await expect(mailerChange).toContainText('denied (egress denied by CCNP tenant-egress-baseline spec.egressDeny[0])');
    await expect(mailerChange).toContainText('allowed (egress allowed by CCNP tenant-egress-baseline spec.egress[1])');

    // The graph: the path to the internet is allowed on every port now, marked as changed; the
    // denied "internet 25/TCP" stub remains as a ghost marked removed.
    await expect.poll(async () => (await internetEdges(page, mailer)).map((e) => `${e.verdict} ${e.ports} ${e.change} ${e.label}`).sort()).toEqual([
      // The 6 dropped SMTP flows now pass: drawn on the allowed edge, not on the ghost.
      'allowed all ports ports +25/TCP ×6',
      'explicit-deny 25/TCP removed +25/TCP',
    ]);
    await expect(page.getByTestId('legend-whatif')).toBeVisible();

    // Selecting the changed edge on the canvas describes it beside the editor.
    await page.evaluate(() => window.__graphTestApi?.tap('e:w:acme-jobs/Deployment/mailer|o:world|allowed'));
    await expect(panel.getByTestId('whatif-selected')).toContainText('allowed on all ports');
    await expect(panel.getByTestId('whatif-selected')).toContainText('allowed on all except 25/TCP');
    await expect(panel.getByTestId('whatif-selected')).toContainText('opens 25/TCP');

    // The path query is answered by the proposed policies, next to the loaded verdict.
    const q = new QueryPanel(page);
    await q.ask('acme-jobs/mailer', '198.51.100.25', '25/TCP');
    await expect(panel.getByTestId('whatif-query-loaded')).toHaveText('(loaded policies: denied)');
    await expect(panel.getByTestId('whatif-verdict')).toHaveText(/^Allowed/);

    // Back to the loaded policies: the graph is the loaded one again; the draft is kept.
    await page.getByTestId('whatif-close').click();
    await expect.poll(async () => (await internetEdges(page, mailer)).map((e) => `${e.verdict} ${e.ports} ${e.change}`).sort()).toEqual(['allowed all except 25/TCP null', 'explicit-deny 25/TCP null']);
    await page.getByTestId('whatif-toggle').click();
    await expect(page.getByTestId('whatif-editor')).not.toHaveValue(/egressDeny/);
  });

  test('validation as you type: a broken edit shows the loader diagnostic with its line, and fixing it clears it', async ({ app, page }) => {
    await openAppPlatform(app);
    await page.getByTestId('whatif-toggle').click();
    const panel = page.getByTestId('whatif-panel');
    await panel.getByLabel('Edit a policy').selectOption({ label: 'CNP acme-web/same-tenant' });
    const editor = panel.getByTestId('whatif-editor');
    const text = await editor.inputValue();
    await editor.fill(text.replace('endpointSelector:', 'endpointSelectr:'));
    const diags = panel.getByTestId('whatif-diagnostics');
    await expect(diags).toContainText('unknown field "endpointSelectr" (did you mean "endpointSelector"?)');
    await expect(diags.getByRole('button', { name: /^line \d+$/ }).first()).toBeVisible();
    await expect(editor).toHaveAttribute('aria-invalid', 'true');
    await expect(panel.getByTestId('whatif-tab')).toContainText('!');
    // Said where the counts are: the policy is compared as deleted (its paths read as newly denied), not as edited.
    await expect(panel.getByTestId('whatif-not-loaded')).toHaveText(/^CNP acme-web\/same-tenant does not load \(1 error, line \d+\): it is compared as deleted, not as you edited it\.$/);
    await editor.fill(text);
    await expect(panel.getByTestId('whatif-doc-status')).toHaveText('Unchanged: the loaded policy applies.');
    await expect(editor).toHaveAttribute('aria-invalid', 'false');
    await expect(panel.getByTestId('whatif-not-loaded')).toHaveCount(0);
  });

  test('deleting a policy lists the observed connections that would break', async ({ app, page }) => {
    await openAppPlatform(app);
    await page.getByTestId('whatif-toggle').click();
    const panel = page.getByTestId('whatif-panel');
    await panel.getByLabel('Edit a policy').selectOption({ label: 'CNP acme-web/same-tenant' });
    await panel.getByTestId('whatif-delete').click();
    await expect(panel.getByTestId('whatif-removed')).toContainText('CNP acme-web/same-tenant');
    await expect(panel.getByTestId('whatif-summary')).toContainText('12 newly denied');
    await expect(panel.getByTestId('whatif-observed-row')).toHaveCount(3);
    await expect(panel.getByTestId('whatif-observed-row').first()).toContainText('be dropped');
    await panel.getByRole('button', { name: 'Restore' }).click();
    await expect(panel.getByTestId('whatif-summary')).toContainText('No edits yet');
  });

  test('a suggested fix for a denied path opens as a what-if: the path turns allowed and nothing else opens', async ({ app, page }) => {
    await openAppPlatform(app);
    const q = new QueryPanel(page);
    await q.ask('platform-ingress/envoy', 'acme-web/api', '9000/TCP');
    await expect(q.verdict).toHaveText(/^Denied/);
    await page.getByTestId('query-suggest-fix').click();
    const panel = page.getByTestId('whatif-panel');
    await expect(panel.getByTestId('whatif-fix-goal')).toContainText('To allow the path (now denied): 1 change');
    await expect(panel.getByTestId('whatif-tab')).toHaveText(/suggested CNP acme-web\/allow-envoy-to-api-9000-tcp/);
    await expect(panel.getByTestId('whatif-editor')).toHaveValue(/name: allow-envoy-to-api-9000-tcp/);
    // The blast radius: exactly the asked path opens (on 9000/TCP; envoy already reached api on other ports), and the dropped flows on it would pass.
    await expect(panel.getByTestId('whatif-summary')).toContainText('1 path change: 0 newly allowed, 0 newly denied, 1 with changed ports. Observed: 0 connections would be dropped, 1 connection would now pass.');
    await expect(panel.getByTestId('whatif-change')).toHaveCount(1);
    await expect(panel.getByTestId('whatif-change')).toContainText('platform-ingress/envoy → acme-web/api');
    await expect(panel.getByTestId('whatif-verdict')).toHaveText(/^Allowed/);
    await expect(panel.getByTestId('whatif-query-loaded')).toHaveText('(loaded policies: denied)');
    // Leaving and reopening the editor keeps the draft once (the fix is not applied twice).
    await page.getByTestId('whatif-close').click();
    await page.getByTestId('whatif-toggle').click();
    await expect(panel.getByTestId('whatif-tab')).toHaveCount(1);
  });

  test('a new policy written in the editor: its effect is listed, and the proposed YAML downloads as written', async ({ app, page }) => {
    await openAppPlatform(app);
    await page.getByTestId('whatif-toggle').click();
    const panel = page.getByTestId('whatif-panel');
    await panel.getByTestId('whatif-new').click();
    const editor = panel.getByTestId('whatif-editor');
    await expect(editor).toHaveValue(/kind: CiliumNetworkPolicy/);
    const policy = [
      'apiVersion: cilium.io/v2',
      'kind: CiliumNetworkPolicy',
      'metadata:',
      '  name: api-from-envoy',
      '  namespace: acme-web',
      'spec:',
      '  endpointSelector:',
      '    matchLabels:',
      '      app: api',
      '  ingress:',
      '    - fromEndpoints:',
      '        - matchLabels:',
      '            k8s:io.kubernetes.pod.namespace: platform-ingress',
      '            app: envoy',
      '      toPorts:',
      '        - ports:',
      '            - port: "9000"',
      '              protocol: TCP',
      '',
    ].join('\n');
    await editor.fill(policy);
    await expect(panel.getByTestId('whatif-doc-status')).toHaveText('Valid: loads as written.');
    await expect(panel.getByTestId('whatif-change')).toHaveCount(1);
    await expect(panel.getByTestId('whatif-change')).toContainText('platform-ingress/envoy → acme-web/api');
    await expect(panel.getByTestId('whatif-change')).toContainText('+ 9000/TCP');
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('whatif-download').click()]);
    expect(download.suggestedFilename()).toBe('proposed-policies.yaml');
    const text = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    expect(text).toContain(`---\n${policy.trimEnd()}\n`);
  });

  test('a proposed policy set opened from files is compared with the loaded set as a whole, as netpol-viz diff does', async ({ app, page }) => {
    await openAppPlatform(app);
    await page.getByTestId('whatif-toggle').click();
    const panel = page.getByTestId('whatif-panel');
    await expect(panel.getByTestId('whatif-replace-all')).toBeChecked();
    await panel.getByTestId('whatif-set-input').setInputFiles(path.join(appPlatformV2Dir, 'policies.yaml'));
    await expect(panel.getByTestId('whatif-tab')).toHaveText(['policies.yaml •']);
    await expect(panel.getByTestId('whatif-removed')).toContainText('All 12 loaded policies: the proposed set replaces them.');
    // The same answer as `netpol-viz diff … --before policies.yaml --after v2/policies.yaml`.
    await expect(panel.getByTestId('whatif-summary')).toContainText('51 paths change: 0 newly allowed, 0 newly denied, 51 with changed ports.');
    const observed = panel.getByTestId('whatif-observed-row');
    await expect(observed).toHaveCount(2);
    await expect(observed.first()).toContainText('platform-mgmt/Deployment/deployer → reserved:kube-apiserver 6443/TCP');
    await expect(observed.first()).toContainText('be dropped (12 passed before)');
    await expect(observed.nth(1)).toContainText('now pass (6 dropped before)');
    await panel.getByTestId('whatif-restore-all').click();
    await expect(panel.getByTestId('whatif-removed')).toHaveCount(0);
  });

  test('the what-if panel passes axe with an edit, its diagnostics and the change lists open', async ({ app, page }) => {
    test.setTimeout(120_000);
    await openAppPlatform(app);
    await page.getByTestId('whatif-toggle').click();
    const panel = page.getByTestId('whatif-panel');
    await panel.getByLabel('Edit a policy').selectOption({ label: 'CCNP tenant-egress-baseline' });
    const editor = panel.getByTestId('whatif-editor');
    await editor.fill((await editor.inputValue()).replace('protocol: UDP', 'protocol: UPD'));
    await expect(panel.getByTestId('whatif-diagnostics')).toBeVisible();
    await panel.getByRole('tab').first().focus();
    const results = await new AxeBuilder({ page }).include('[data-testid="whatif-panel"]').analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
  });
});

test.describe('what-if answers in flight', () => {
  test('an answer superseded by a newer edit is never shown: every summary shown is of the text in the editor', async ({ app, page }) => {
    await openAppPlatform(app);
    await page.getByTestId('whatif-toggle').click();
    const panel = page.getByTestId('whatif-panel');
    await panel.getByLabel('Edit a policy').selectOption({ label: 'CCNP tenant-egress-baseline' });
    const editor = panel.getByTestId('whatif-editor');
    const text = await editor.inputValue();
    const lines = text.split('\n');
    const start = lines.findIndex((l) => /^ {2}egressDeny:/.test(l));
    let end = start + 1;
    while (end < lines.length && /^ {3,}|^ {2}- /.test(lines[end] ?? '')) end++;
    const withoutDeny = [...lines.slice(0, start), ...lines.slice(end)].join('\n');
    // Every text the summary shows, with the editor's text at that moment.
    await page.evaluate(() => {
      const w = window as unknown as { __summaries: { summary: string; editor: string }[] };
      w.__summaries = [];
      const summary = document.querySelector('[data-testid="whatif-summary"]') as HTMLElement;
      const editorEl = document.querySelector('[data-testid="whatif-editor"]') as HTMLTextAreaElement;
      new MutationObserver(() => w.__summaries.push({ summary: summary.textContent ?? '', editor: editorEl.value })).observe(summary, { childList: true, characterData: true, subtree: true });
    });
    // Edit A, then (each time a little later into its comparison) edit B, and back.
    for (const wait of [0, 150, 320, 400, 600]) {
      await editor.fill(withoutDeny);
      await page.waitForTimeout(wait);
      await editor.fill(text);
      await expect(panel.getByTestId('whatif-doc-status')).toHaveText('Unchanged: the loaded policy applies.');
      await expect(panel.getByTestId('whatif-summary')).toHaveText(/No edits yet/);
    }
    await editor.fill(withoutDeny);
    await expect(panel.getByTestId('whatif-summary')).toContainText('50 paths change');
    const seen = await page.evaluate(() => (window as unknown as { __summaries: { summary: string; editor: string }[] }).__summaries);
    const answers = seen.filter((s) => /paths? change|No edits yet/.test(s.summary));
    expect(answers.length).toBeGreaterThan(5);
    for (const s of answers) expect(s.editor, s.summary).toBe(/50 paths change/.test(s.summary) ? withoutDeny : text);
  });

  test('a long comparison shows its progress and can be cancelled; a newer edit replaces it', async ({ app, page }) => {
    test.setTimeout(180_000);
    const synth = generateCluster({ seed: 4, tenants: 8, namespacesPerTenant: 2, workloads: 5000, cnps: 60, networkPolicies: 8, format: 'json' });
    // Big enough that a full comparison outlasts the 250 ms before progress shows on a fast machine
    // (1,500 workloads answered before it on a quiet one).
    await openSynthetic(app, synth);
    await page.getByTestId('whatif-toggle').click();
    const panel = page.getByTestId('whatif-panel');
    await panel.getByTestId('whatif-new').click();
    const editor = panel.getByTestId('whatif-editor');
    // A cluster-wide policy: every endpoint's egress changes. 203.0.113.0/24 is a range the loaded rules name (the matrix's rows
    // are evaluated again); 198.18.0.0/15 below is named by no rule (the matrix's peers change: computed in full, the whole
    // matrix diffed; that diff built a text key per cell, two maps of 3 million strings, and ran the worker out of memory).
    const wide = (cidr: string) =>
      ['apiVersion: cilium.io/v2', 'kind: CiliumClusterwideNetworkPolicy', 'metadata:', '  name: all-egress', 'spec:', '  endpointSelector: {}', '  egress:', `    - toCIDR: ["${cidr}"]`, ''].join('\n');
    await editor.fill(wide('203.0.113.0/24'));
    await expect(panel.getByTestId('whatif-progress')).toBeVisible({ timeout: 30_000 });
    await expect(panel.getByTestId('whatif-summary')).toHaveText(/^Comparing… .+ \(\d+%\)$/);
    await panel.getByTestId('whatif-cancel').click();
    await expect(panel.getByTestId('whatif-summary')).toHaveText(/^Comparison cancelled/);
    await expect(panel.getByTestId('whatif-progress')).toBeHidden();
    await expect(panel.getByTestId('whatif-changes')).toHaveCount(0);

    // Compare again, then replace it by a newer edit while it runs: the answer shown is the newer one's.
    await panel.getByTestId('whatif-compare-again').click();
    await expect(panel.getByTestId('whatif-progress')).toBeVisible({ timeout: 30_000 });
    const newer = wide('198.18.0.0/15');
    await editor.fill(newer);
    await expect(panel.getByTestId('whatif-summary')).toHaveText(/paths change/, { timeout: 120_000 });
    await expect(editor).toHaveValue(newer);
    await expect(panel.getByTestId('whatif-change').filter({ hasText: '203.0.113' })).toHaveCount(0);
    await expect(panel.getByTestId('whatif-change').filter({ hasText: '198.18' }).first()).toBeVisible();
  });
});

test.describe('what-if on a big cluster (opens collapsed)', () => {
  test('the changed paths inside a collapsed tenant are marked on its node, and "Show on graph" expands it and selects one', async ({ app, page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1280, height: 720 });
    // 1,500 workloads: over the 300 above which the graph opens with every group collapsed.
    const synth = generateCluster({ seed: 3, tenants: 30, namespacesPerTenant: 2, workloads: 1500, cnps: 200, networkPolicies: 10, format: 'json' });
    await openSynthetic(app, synth);
    await page.getByTestId('whatif-toggle').click();
    const panel = page.getByTestId('whatif-panel');
    const ns = synth.inventory.namespaces.find((n) => n.name.endsWith('-web'))!.name;
    const tenant = ns.slice(0, -'-web'.length);
    // Deleting a namespace's same-tenant policy: its paths from the tenant's other namespace close, all inside the (collapsed) tenant.
    await panel.getByLabel('Edit a policy').selectOption({ label: `CNP ${ns}/same-tenant` });
    await panel.getByTestId('whatif-delete').click();
    await expect(panel.getByTestId('whatif-summary')).toContainText(/\d+ paths change/, { timeout: 120_000 });
    // Was: nothing marked (no edge is drawn inside a collapsed group).
    await expect.poll(async () => page.evaluate((g) => window.__graphTestApi?.nodes().find((n) => n.id === g)?.changedInside ?? null, `g:t:${tenant}`), { timeout: 60_000 }).toBe(true);
    await panel.getByTestId('whatif-change-show').first().click();
    // The tenant is expanded and the changed path selected: an edge of the proposed graph, described beside the editor
    // (scrolled into view: in a 1280x720 window the panel is scrolled down to the list).
    await expect(panel.getByTestId('whatif-selected')).toBeInViewport({ timeout: 60_000 });
    await expect.poll(async () => page.evaluate(() => window.__graphTestApi?.selection() ?? []), { timeout: 60_000 }).toEqual([expect.stringMatching(/^e:w:/)]);
    const selected = await page.evaluate(() => window.__graphTestApi?.selection()[0] ?? '');
    const edge = await page.evaluate((id) => window.__graphTestApi?.edges().find((e) => e.id === id) ?? null, selected);
    expect(edge?.change).not.toBeNull();
  });
});
