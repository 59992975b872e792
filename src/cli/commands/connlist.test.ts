import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { memoryIo } from '../io.ts';
import { main } from '../main.ts';

const corpus = path.resolve(__dirname, '../../../../shared/corpora/npguard');
const tests = path.join(corpus, 'tests');
const expected = (dir: string, fmt: string) => readFileSync(path.join(corpus, 'test_outputs/connlist', `${dir}_connlist_output.${fmt}`), 'utf8');

describe('netpol-viz connlist (arguments)', () => {
  it('rejects a missing input and an unknown format with exit 2', async () => {
    const io = memoryIo();
    expect(await main(['connlist'], io)).toBe(2);
    expect(io.stderr).toContain('no input files');
    const io2 = memoryIo();
    expect(await main(['connlist', 'x.yaml', '--format', 'svg'], io2)).toBe(2);
    expect(io2.stderr).toContain('txt, json, csv, md, dot');
  });

  it('exits 2 when an input cannot be read', async () => {
    const io = memoryIo();
    expect(await main(['connlist', '/nonexistent/netpol-viz-input.yaml'], io)).toBe(2);
  });
});

describe.runIf(existsSync(tests))('netpol-viz connlist (upstream examples)', () => {
  it('prints upstream bytes for a folder, in every format', async () => {
    for (const fmt of ['txt', 'json', 'csv', 'md', 'dot']) {
      const io = memoryIo();
      expect(await main(['connlist', path.join(tests, 'netpol-analysis-example-minimal'), '-o', fmt], io)).toBe(0);
      expect(io.stdout, fmt).toBe(expected('netpol-analysis-example-minimal', fmt));
    }
  });

  it('finds Routes in folders for the {ingress-controller} lines', async () => {
    const io = memoryIo();
    expect(await main(['connlist', path.join(tests, 'acs-security-demos'), '--format=csv', '--quiet'], io)).toBe(0);
    expect(io.stdout).toBe(expected('acs-security-demos', 'csv'));
  });

  it('filters by --namespace and notes hostNetwork workloads on stderr', async () => {
    const io = memoryIo();
    expect(await main(['connlist', path.join(tests, 'multiple_topology_resources_1'), '--namespace', 'vendor-system'], io)).toBe(0);
    const lines = io.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => /(^| => )vendor-system\//.test(l))).toBe(true);
    expect(io.stderr).toContain('hostNetwork');
  });
});
