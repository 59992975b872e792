import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPng } from '../../core/export/png.ts';
import { findLeaks, otherTenantStrings } from '../../core/graph/leaks.ts';
import { loadInputs } from '../../core/load/loadInputs.ts';
import { memoryIo } from '../io.ts';
import { main } from '../main.ts';
import { parseArgs as parseRenderArgs } from './render.ts';
import { appPlatformDir } from '../../../test/paths.ts';

const fixture = appPlatformDir;
const out = mkdtempSync(path.join(tmpdir(), 'netpol-render-'));
const cluster = loadInputs(['policies.yaml', 'inventory.yaml'].map((f) => ({ name: f, data: readFileSync(path.join(fixture, f), 'utf8') }))).cluster;

/** The parsed arguments, or the first line of what was printed when they were refused (exit 2). */
function parseArgs(argv: string[]): unknown {
  const io = memoryIo();
  const r = parseRenderArgs(argv, io);
  if (typeof r !== 'number') return r;
  expect(r).toBe(2);
  return io.stderr.split('\n')[0];
}

async function render(args: string[]): Promise<{ code: number; stderr: string }> {
  const io = memoryIo();
  const code = await main(['render', ...args], io);
  return { code, stderr: io.stderr };
}

describe('netpol-viz render', () => {
  it('customer view SVG: names acme’s apps and nothing of globex or initech; twice gives the same bytes', async () => {
    const a = path.join(out, 'a.svg');
    const b = path.join(out, 'b.svg');
    expect((await render([fixture, '--out', a, '--tenant', 'acme', '--customer'])).code).toBe(0);
    expect((await render([fixture, '--out', b, '--tenant', 'acme', '--customer'])).code).toBe(0);
    const svg = readFileSync(a, 'utf8');
    expect(readFileSync(b, 'utf8')).toBe(svg);
    for (const app of ['frontend', 'api', 'worker', 'mailer']) expect(svg).toContain(`>${app}</text>`);
    expect(svg).toContain('Network paths of tenant acme');
    expect(svg).toContain('>other tenants</text>');
    expect(findLeaks(svg, otherTenantStrings(cluster, 'tenant', 'acme'))).toEqual([]);
    expect(svg).not.toMatch(/made \d{4}-/);
  });

  it('highlights a path and explains it under the picture; --time adds the time', async () => {
    const f = path.join(out, 'path.svg');
    const r = await render([fixture, '--out', f, '--from', 'acme-jobs/mailer', '--to', '198.51.100.25', '--port', '25/TCP', '--time']);
    expect(r.code).toBe(0);
    const svg = readFileSync(f, 'utf8');
    expect(svg).toContain('class="edge v-explicit-deny highlighted"');
    expect(svg).toContain('acme-jobs/mailer → internet 25/TCP: Denied by a deny rule on 25/TCP');
    expect(svg).toMatch(/made \d{4}-\d\d-\d\dT/);
  });

  it('rejects bad arguments and unknown tenants with exit 2', async () => {
    expect(parseArgs([fixture])).toContain('--out');
    expect(parseArgs([fixture, '--out', 'x.pdf'])).toContain('.svg or .png');
    expect(parseArgs([fixture, '--out', 'x.svg', '--customer'])).toContain('--tenant');
    expect(parseArgs([fixture, '--out', 'x.svg', '--from', 'a'])).toContain('go together');
    expect(parseArgs([fixture, '--out', 'x.svg', '--json'])).toBe('netpol-viz render: --json is not an option of render');
    expect(parseArgs([fixture, '--out', 'x.svg', '-n', 'shop', '--cluster-name=c1'])).toMatchObject({ namespace: 'shop', clusterName: 'c1' });
    const r = await render([fixture, '--out', path.join(out, 'n.svg'), '--tenant', 'nobody', '--customer']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tenants: acme, globex, initech');
    const q = await render([fixture, '--out', path.join(out, 'q.svg'), '--from', 'nope/nope', '--to', 'acme-web/api']);
    expect(q.code).toBe(2);
  });

  it('names an input that cannot be read and writes nothing (exit 2); a damaged document is named, the rest drawn', async () => {
    // Was: a mistyped file beside good ones drew the rest, exit 0, saying only '1 input error';
    // alone, 'nothing to draw' without the file's name.
    const missing = path.join(fixture, 'policies.yml');
    for (const inputs of [[fixture, missing], [missing]]) {
      const f = path.join(out, `missing-${inputs.length}.svg`);
      const r = await render([...inputs, '--out', f]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${missing}: error: Cannot read ${missing}: no such file or folder.`);
      expect(() => readFileSync(f)).toThrow();
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'netpol-render-damaged-'));
    writeFileSync(path.join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: [oops\n');
    const d = await render([fixture, path.join(dir, 'broken.yaml'), '--out', path.join(out, 'damaged.svg')]);
    expect(d.code).toBe(0);
    expect(d.stderr).toMatch(/broken\.yaml:2: error: .*not loaded/);
  });

  it('an --out that cannot be written is a user error naming the file (exit 2), not an internal error', async () => {
    // Was: 'internal error: EEXIST: file already exists, mkdir … This is a bug in netpol-viz'.
    const file = path.join(out, 'a-file');
    writeFileSync(file, '');
    const r = await render([fixture, '--out', path.join(file, 'view.svg')]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).toContain(`netpol-viz render: cannot write ${path.join(file, 'view.svg')}:`);
  });

  it('opens at the level the app opens at in a window of --size: tenants collapsed at 1280x720, workloads at 1920x1080', async () => {
    const small = path.join(out, 'small.svg');
    const big = path.join(out, 'big.svg');
    expect((await render([fixture, '--out', small, '--size', '1280x720'])).code).toBe(0);
    expect((await render([fixture, '--out', big])).code).toBe(0);
    const collapsedGroups = (svg: string) => (svg.match(/workloads<\/text>/g) ?? []).length;
    expect(readFileSync(small, 'utf8')).not.toContain('>mailer</text>');
    expect(collapsedGroups(readFileSync(small, 'utf8'))).toBeGreaterThanOrEqual(3);
    expect(readFileSync(big, 'utf8')).toContain('>mailer</text>');
    // --collapse is the user's choice: no opening level is chosen over it.
    const chosen = path.join(out, 'chosen.svg');
    expect((await render([fixture, '--out', chosen, '--size', '1280x720', '--collapse', 'globex'])).code).toBe(0);
    expect(readFileSync(chosen, 'utf8')).toContain('>mailer</text>');
    expect(parseArgs([fixture, '--out', 'x.svg', '--size', '1280'])).toContain('WIDTHxHEIGHT');
    expect(parseArgs([fixture, '--out', 'x.svg', '--size=1280x720'])).toMatchObject({ size: { w: 1280, h: 720 } });
  });

  // Needs Chromium, as the browser tests do: Debian's /usr/bin/chromium or Playwright's own build.
  it('PNG: rendered by headless Chromium at 2x, with title, legend and path as text chunks', async () => {
    const f = path.join(out, 'c.png');
    const r = await render([fixture, '--out', f, '--tenant', 'acme', '--customer', '--from', 'acme-web/frontend', '--to', 'acme-web/api', '--port', '9000']);
    expect(r.code).toBe(0);
    const info = readPng(new Uint8Array(readFileSync(f)));
    expect(info?.crcOk).toBe(true);
    expect(info?.width).toBeGreaterThan(1500);
    const text = new Map(info?.text);
    expect(text.get('Title')).toBe('Network paths of tenant acme');
    expect(text.get('Legend')).toContain('Denied by default');
    expect(text.get('Description')).toContain('acme-web/frontend → acme-web/api');
  }, 60_000);
});
