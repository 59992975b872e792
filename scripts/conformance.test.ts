import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { compactDiff, defaultCorpus, failures, inputFilesOf, isLegacyArtefact, knownDifferences, onlyInvolves, renderReport, runConformance } from './conformance.ts';

describe('conformance runner helpers', () => {
  it('never feeds upstream legacy output artefacts to the loader', () => {
    expect(isLegacyArtefact('connlist_output.json')).toBe(true);
    expect(isLegacyArtefact('connections_map_output_bool.txt')).toBe(true);
    expect(isLegacyArtefact('netpols.yaml')).toBe(false);
  });

  it('diffs by lines only one side has', () => {
    const d = compactDiff('a\nb\nc\n', 'a\nc\nd\n');
    expect(d).toContain('    - b');
    expect(d).toContain('    + d');
    expect(compactDiff('a\nb\n', 'b\na\n')).toContain('same lines, different bytes');
  });

  it('accepts a named difference only when every differing line involves its peers', () => {
    const exp = 'x/a[Pod] => x/b[Pod] : TCP 80\nx/c[Pod] => x/d[Pod] : TCP 80\n';
    expect(onlyInvolves(exp, 'x/a[Pod] => x/b[Pod] : All Connections\nx/c[Pod] => x/d[Pod] : TCP 80\n', ['x/b[Pod]'])).toBe(true);
    expect(onlyInvolves(exp, 'x/a[Pod] => x/b[Pod] : TCP 80\n', ['x/b[Pod]'])).toBe(false);
    expect(onlyInvolves(exp, exp, ['x/b[Pod]'])).toBe(false);
  });
});

describe.runIf(existsSync(path.join(defaultCorpus, 'tests')))('netpol-analyzer conformance (NetworkPolicy-only cases)', () => {
  it('filters the legacy artefacts out of the input directories', () => {
    const files = inputFilesOf(path.join(defaultCorpus, 'tests', 'onlineboutique')).map((f) => path.basename(f));
    expect(files).toEqual(['netpols.yaml', 'ns.yaml', 'pods.yaml']);
  });

  it('matches upstream byte for byte, except the named Cilium-vs-Kubernetes differences', async () => {
    const results = await runConformance();
    expect(failures(results), renderReport(results)).toBe(0);
    expect(results.filter((r) => r.kind === 'skipped').map((r) => r.dir)).toEqual([
      'anp_banp_blog_demo',
      'anp_test_1_deny_traffic_at_cluster_level',
      'anp_test_2_allow_traffic_at_cluster_level',
      'anp_test_3_pass_traffic',
      'anp_with_banp_pass_test',
      'anp_with_np_pass_test',
    ]);
    // Every named difference must still be needed: when the engine changes, update the list.
    const diffs = results.flatMap((r) => (r.kind === 'compared' ? Object.values(r.cells).filter((c) => c.kind === 'known-difference').map(() => r.dir) : []));
    expect(diffs.sort()).toEqual(knownDifferences.map((k) => k.dir).sort());
    const passed = results.flatMap((r) => (r.kind === 'compared' ? Object.values(r.cells).filter((c) => c.kind === 'pass') : []));
    expect(passed.length).toBeGreaterThanOrEqual(21);
  });
});
