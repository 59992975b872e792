import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures.ts';
import type { Page } from '@playwright/test';
import { appPlatform, fixture, MALFORMED } from './inputs.ts';
import { realWorldFile } from '../test/paths.ts';

/** An unpacked sysdump's CiliumEndpoints and CNP, and one agent's bugtool outputs (endpoint list, policy get). */
const BUGTOOL_CMD = 'sysdump-bugtool/cilium-bugtool-cilium-x7k2p-20261120-091500/cilium-bugtool-20261120-091502-abcd/cmd';
const BUGTOOL_FILES = ['sysdump-bugtool/ciliumendpoints-20261120-091500.yaml', 'sysdump-bugtool/ciliumnetworkpolicies-20261120-091500.yaml', `${BUGTOOL_CMD}/cilium-dbg-endpoint-list--o-json.md`, `${BUGTOOL_CMD}/cilium-dbg-policy-get.md`].map(realWorldFile);

/**
 * From now on, how many of the scripts the page (and its workers) fetched contain `marker`: a
 * text only one library has, so the count says whether that library's chunk was fetched.
 */
function scriptsContaining(page: Page, marker: string): () => Promise<number> {
  const scripts = new Set<string>();
  page.on('response', (r) => {
    if (/\.js$/.test(new URL(r.url()).pathname)) scripts.add(r.url());
  });
  return async () => {
    let n = 0;
    for (const u of scripts) if ((await (await page.request.get(u)).text()).includes(marker)) n++;
    return n;
  };
}

test.describe('loading input', () => {
  test('opening the app-platform fixture through the file chooser replaces the demo', async ({ app }) => {
    await app.gotoDemo();
    await app.openFiles(appPlatform);
    await app.waitForLoaded();
    await expect(app.origin).toHaveText('3 files');
    await expect(app.count('policies')).toHaveText('12');
    await expect(app.count('flows')).toHaveText('223');
    await expect(app.count('workloads')).toHaveText('14');
    await expect(app.count('namespaces')).toHaveText('8');
    await expect(app.summary.getByTestId('summary-tenants')).toContainText('3 tenants');
    await app.openPanel('sources');
    await expect(app.sourceItems).toHaveCount(3);
    await expect(app.source('policies.yaml')).toContainText('CiliumClusterwideNetworkPolicy');
    await expect(app.source('inventory.yaml')).toContainText('Deployment');
    await expect(app.source('demo/')).toHaveCount(0);
    // Whatever the loader reports is listed; every listed diagnostic names a file of this input.
    const n = await app.countOf('diagnostics');
    await app.summary.getByTestId('summary-diagnostics').click();
    await expect(app.diagnosticsPanel).toBeVisible();
    await expect(app.diagnostics).toHaveCount(n);
    // A reload must not silently show the demo instead of the engineer's data.
    expect(new URL(app.page.url()).searchParams.get('demo')).toBe('0');
  });

  test('dropping a malformed YAML file shows its diagnostic at the right line, and loads the valid part', async ({ app }) => {
    await app.gotoDemo();
    await app.dropFile('broken.yaml', MALFORMED);
    await app.waitForLoaded();
    await expect(app.origin).toHaveText('broken.yaml');
    const syntax = app.diagnosticsOfFile('broken.yaml').filter({ hasText: 'yaml-syntax' });
    await expect(syntax).toHaveCount(1);
    await expect(syntax).toHaveAttribute('data-line', '14');
    await expect(syntax).toHaveAttribute('data-severity', 'error');
    await expect(syntax).toContainText('line 14, column 9');
    await expect(syntax.getByText('Error', { exact: true })).toBeVisible();
    // The offending line is shown as text, marked, with its number; its neighbours for context.
    const line = syntax.getByTestId('excerpt-line');
    await expect(line).toContainText('14');
    await expect(line).toContainText('name: broken: yes');
    await expect(syntax.locator('.excerpt')).toContainText('namespace: shop');
    await expect(app.count('policies')).toHaveText('1');
  });

  test('pasting a document loads it', async ({ app }) => {
    await app.gotoDemo();
    await app.paste(
      'pasted-ns.yaml',
      ['apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: pasted-one', '  labels:', '    tenant: pasty', ''].join('\n'),
    );
    await app.waitForLoaded();
    await expect(app.origin).toHaveText('pasted-ns.yaml');
    await expect(app.count('namespaces')).toHaveText('1');
    await expect(app.count('policies')).toHaveText('0');
    await app.openPanel('sources');
    await expect(app.source('pasted-ns.yaml')).toContainText('Namespace');
    await app.openPanel('workloads');
    await expect(app.graphArea.getByRole('heading', { name: /Tenant pasty/ })).toBeVisible();
  });

  test('re2js is fetched only for input with HTTP rules; their RE2 patterns are checked in the worker', async ({ app, page }) => {
    // re2js's own error text (it names RE2's error codes): in its chunk and nowhere else.
    const re2Chunks = scriptsContaining(page, 'missing argument to repetition operator');
    await app.gotoDemo();
    await expect(app.count('workloads')).not.toHaveText('0');
    expect(await re2Chunks()).toBe(0);
    const http = (name: string, path: string): string =>
      [
        'apiVersion: cilium.io/v2',
        'kind: CiliumNetworkPolicy',
        `metadata: {name: ${name}, namespace: shop}`,
        'spec:',
        '  endpointSelector: {matchLabels: {app: api}}',
        '  ingress:',
        '  - toPorts:',
        "    - ports: [{port: '8080', protocol: TCP}]",
        `      rules: {http: [{method: GET, path: '${path}'}]}`,
      ].join('\n');
    await app.paste('http.yaml', `${http('api-v1', '/api/v[0-9]+/.*')}\n---\n${http('broken', '/api/(v1')}\n`);
    await app.waitForLoaded();
    await expect(app.count('policies')).toHaveText('1');
    await app.openPanel('diagnostics');
    const invalid = app.diagnosticsOfFile('http.yaml').filter({ hasText: 'invalid-regex' });
    await expect(invalid).toHaveCount(1);
    await expect(invalid).toContainText('missing closing )');
    expect(await re2Chunks()).toBe(1);
  });

  test('the careful YAML parser is fetched only when a document needs it, and the load then gives its diagnostics', async ({ app, page }) => {
    // The `yaml` package's own error text: in its chunk and nowhere else.
    const yamlChunks = scriptsContaining(page, 'Implicit map keys need to be followed by map values');
    await app.gotoDemo();
    await expect(app.count('workloads')).not.toHaveText('0');
    // The demo's diagnostics point at fields (spec.ingress[0].fromEndpoints[0]) without it.
    await app.openPanel('diagnostics');
    await expect(app.diagnosticsOfFile('demo/policies.yaml').filter({ hasText: 'namespace-label-scoping' }).first()).toHaveAttribute('data-line', '83');
    expect(await yamlChunks()).toBe(0);
    // Plain YAML with a field diagnostic: found in the text, still not fetched.
    const ns = ['apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: plain-one', '  labels:', '    tenant: plain', ''].join('\n');
    await app.paste('plain.yaml', `${ns}---\napiversion: v1\nkind: Namespace\nmetadata:\n  name: two\n`);
    await app.waitForLoaded();
    await expect(app.count('namespaces')).toHaveText('2');
    await app.openPanel('diagnostics');
    await expect(app.diagnosticsOfFile('plain.yaml').filter({ hasText: 'apiversion-case' })).toHaveAttribute('data-line', '8');
    expect(await yamlChunks()).toBe(0);
    // Anchors and a syntax error: the fast path declines, the parser is fetched once, the load is read again.
    // The anchored Namespace, and shop (implied by the policy that loads).
    await app.paste('anchors.yaml', `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: &n anchored\n  labels: {tenant: *n}\n---\n${MALFORMED}`);
    await app.waitForLoaded();
    await expect(app.count('namespaces')).toHaveText('2');
    await app.openPanel('diagnostics');
    const syntax = app.diagnosticsOfFile('anchors.yaml').filter({ hasText: 'yaml-syntax' });
    await expect(syntax).toHaveCount(1);
    await expect(syntax).toHaveAttribute('data-line', '20');
    await expect(app.diagnosticsOfFile('anchors.yaml').filter({ hasText: 'internal-error' })).toHaveCount(0);
    expect(await yamlChunks()).toBe(1);
  });

  test("a sysdump's agent outputs: their readers are fetched only when such input is seen, and the load then has their notes", async ({ app, page }) => {
    // agentOutputs.ts's own note text: in the rare readers' chunk (core/load/rareInputs.ts) and nowhere else.
    const rareChunks = scriptsContaining(page, 'The rules are a cross-check only');
    await app.gotoDemo();
    await expect(app.count('workloads')).not.toHaveText('0');
    expect(await rareChunks()).toBe(0);
    await app.openFiles(BUGTOOL_FILES);
    await app.waitForLoaded();
    await app.openPanel('diagnostics');
    const endpointList = BUGTOOL_FILES[2] as string;
    await expect(app.diagnosticsOfFile(endpointList.slice(endpointList.lastIndexOf('/') + 1)).filter({ hasText: 'agent-endpoints' })).toHaveCount(1);
    await expect(page.getByTestId('diagnostic').filter({ hasText: 'agent-policy-not-loaded' })).toHaveCount(2);
    await expect(page.getByTestId('diagnostic').filter({ hasText: 'internal-error' })).toHaveCount(0);
    expect(await rareChunks()).toBe(1);
  });

  test('a gzip-compressed flow export is decompressed in the worker', async ({ app }) => {
    await app.gotoDemo();
    await app.openFiles([{ name: 'flows.jsonl.gz', mimeType: 'application/gzip', buffer: gzipSync(readFileSync(fixture('flows.jsonl'))) }]);
    await app.waitForLoaded();
    await expect(app.count('flows')).toHaveText('223');
    await app.openPanel('sources');
    await expect(app.source('flows.jsonl.gz')).toContainText('gzip');
  });

  test('a gzip file of several members (cat a.gz b.gz, bgzip) is read whole, and a damaged member is named', async ({ app, page }) => {
    // Chromium's DecompressionStream stops at the end of the first member ("Failed to fetch"): the rest was
    // lost and the file called damaged.
    const lines = readFileSync(fixture('flows.jsonl')).toString('utf8').trimEnd().split('\n');
    const half = Math.floor(lines.length / 2);
    const members = [gzipSync(`${lines.slice(0, half).join('\n')}\n`, { level: 0 }), gzipSync(`${lines.slice(half).join('\n')}\n`, { level: 0 })];
    await app.gotoDemo();
    await app.openFiles([{ name: 'flows.jsonl.gz', mimeType: 'application/gzip', buffer: Buffer.concat(members) }]);
    await app.waitForLoaded();
    await expect(app.count('flows')).toHaveText('223');
    await expect(page.getByTestId('diagnostic').filter({ hasText: /gzip-corrupt|archive-damaged/ })).toHaveCount(0);
    // A byte changed inside the second member's stored data: its trailer disagrees, it is named, both halves load.
    const bad = Buffer.concat(members);
    const at = members[0]!.length + members[1]!.indexOf('"verdict"') + 3;
    bad[at] = (bad[at] as number) ^ 0x20;
    await app.openFiles([{ name: 'flows2.jsonl.gz', mimeType: 'application/gzip', buffer: bad }]);
    await app.waitForLoaded();
    await app.openPanel('diagnostics');
    await expect(page.getByTestId('diagnostic').filter({ hasText: 'the 2nd of its gzip members' })).toHaveCount(1);
  });

  test("a diagnostic in a later member of a gzip file shows its lines too (the excerpts' pass stopped at the first member)", async ({ app, page }) => {
    const first = Array.from({ length: 6 }, (_, i) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns${i}\n---\n`).join('');
    const line = first.split('\n').length - 1 + 14;
    await app.gotoDemo();
    await app.openFiles([{ name: 'policies.yaml.gz', mimeType: 'application/gzip', buffer: Buffer.concat([gzipSync(first), gzipSync(MALFORMED)]) }]);
    await app.waitForLoaded();
    const syntax = app.diagnosticsOfFile('policies.yaml.gz').filter({ hasText: 'yaml-syntax' });
    await expect(syntax).toHaveCount(1);
    await expect(syntax).toHaveAttribute('data-line', String(line));
    await expect(syntax.getByTestId('excerpt-line')).toContainText('name: broken: yes');
    await expect(syntax.locator('.excerpt')).toContainText('namespace: shop');
    await expect(page.getByTestId('diagnostic').filter({ hasText: /gzip-corrupt|archive-damaged/ })).toHaveCount(0);
  });

  test('cancelling a load keeps the previous data', async ({ app, page }) => {
    await app.gotoDemo();
    await app.setNextLoadHook('slow');
    await app.openFiles(appPlatform);
    await expect(app.loadStatus).toBeVisible();
    await expect(page.getByTestId('load-progress')).toBeVisible();
    await page.getByTestId('load-cancel').click();
    await expect(app.loadError).toHaveAttribute('data-kind', 'cancelled');
    await expect(app.loadError).toContainText('Still showing: Demo cluster');
    await expect(app.origin).toHaveText('Demo');
    await expect(app.count('policies')).toHaveText('11');
  });

  test('a worker crash is reported and the previous data stays', async ({ app }) => {
    await app.gotoDemo();
    await app.setNextLoadHook('crash');
    await app.openFiles(appPlatform);
    await expect(app.loadError).toHaveAttribute('data-kind', 'crashed');
    await expect(app.loadError).toContainText('The loader crashed');
    await expect(app.origin).toHaveText('Demo');
    await expect(app.count('workloads')).toHaveText('14');
    // And the next load works again.
    await app.openFiles(appPlatform);
    await app.waitForLoaded();
    await expect(app.count('flows')).toHaveText('223');
    await expect(app.loadError).toHaveCount(0);
  });
});
