import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ciliumReason, compactDiff, defaultCorpus, failures, inputFilesOf, isLegacyArtefact, lineDifference, renderReport, runConformance, type DirResult } from './conformance.ts';

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
    expect(lineDifference('a\nb\nc\n', 'a\nc\nd\ne\n')).toEqual({ onlyExpected: 1, onlyActual: 2 });
  });

  it('explains Cilium-mode differences by the hostNetwork workloads at their ends', () => {
    const pods = 'x/a[Pod] => x/hn[DaemonSet] : TCP 80\nx/c[Pod] => x/d[Pod] : TCP 80\n';
    const cilium = 'x/a[Pod] => x/hn[DaemonSet] : All Connections\nx/c[Pod] => x/d[Pod] : TCP 80\n';
    const why = ciliumReason(pods, cilium, ['x/hn', 'y/unused']);
    expect(why).toContain('hostNetwork pods are their node to Cilium');
    expect(why).toContain('Here: x/hn.');
    expect(why).not.toContain('y/unused');
    expect(why).not.toContain('not explained');
    // A difference between two ordinary pods is not the hostNetwork modelling: say so.
    expect(ciliumReason(pods, pods.replace('x/d[Pod] : TCP 80', 'x/d[Pod] : TCP 81'), ['x/hn'])).toContain('2 differing connection(s) involve no hostNetwork workload');
  });

  const cilium = { kind: 'differs', reason: 'r', formats: [{ format: 'txt', onlyExpected: 1, onlyActual: 2, diff: '    - a' }] } as const;
  const absent = { kind: 'absent' } as const;
  const result = (txt: 'pass' | 'fail'): DirResult => ({
    dir: 'd',
    kind: 'compared',
    cells: { txt: txt === 'pass' ? { kind: 'pass' } : { kind: 'fail', diff: '    - x' }, json: absent, csv: absent, md: absent, dot: absent },
    cilium,
    notes: ['a note'],
  });

  it('fails on any mismatch of the netpol-analyzer modelling; Cilium-mode differences only with --strict', () => {
    expect(failures([result('pass')])).toBe(0);
    expect(failures([result('pass')], true)).toBe(1);
    expect(failures([result('fail')])).toBe(1);
    expect(failures([result('fail')], true)).toBe(2);
  });

  it('reports Cilium-mode differences as information; --quiet drops their lines and the notes', () => {
    const loud = renderReport([result('pass')]);
    expect(loud).toContain('1 passed, 0 failed');
    expect(loud).toContain('differs: txt 3 lines');
    expect(loud).toContain('txt: 3 lines differ (1 only in upstream\'s, 2 only in ours)');
    expect(loud).toContain('why: r');
    expect(loud).toContain('    - a');
    expect(loud).toContain('a note');
    const quiet = renderReport([result('pass')], true);
    expect(quiet).toContain('why: r');
    expect(quiet).not.toContain('    - a');
    expect(quiet).not.toContain('a note');
    expect(renderReport([result('fail')], true)).toContain('FAIL d (txt):\n    - x');
    expect(renderReport([result('pass')], true, true)).toContain('counted as failures: --strict');
  });
});

describe('netpol-analyzer conformance (NetworkPolicy-only cases)', () => {
  it('filters the legacy artefacts out of the input directories', () => {
    const files = inputFilesOf(path.join(defaultCorpus, 'tests', 'onlineboutique')).map((f) => path.basename(f));
    expect(files).toEqual(['netpols.yaml', 'ns.yaml', 'pods.yaml']);
  });

  it('matches upstream byte for byte in every recorded format (hostNetwork pods as ordinary pods)', async () => {
    const results = await runConformance();
    const report = renderReport(results);
    expect(failures(results), report).toBe(0);
    const compared = results.flatMap((r) => (r.kind === 'compared' ? [r] : []));
    for (const r of compared) for (const [format, cell] of Object.entries(r.cells)) expect(cell.kind, `${r.dir} ${format}`).not.toBe('fail');
    // Every directory is compared, the 6 AdminNetworkPolicy/BaselineAdminNetworkPolicy ones included (Cilium 1.20 tiers).
    expect(results.filter((r) => r.kind === 'skipped').map((r) => r.dir)).toEqual([]);
    expect(compared.filter((r) => r.dir.startsWith('anp_')).length).toBe(6);
    const passed = compared.flatMap((r) => Object.values(r.cells).filter((c) => c.kind === 'pass'));
    expect(passed.length).toBeGreaterThanOrEqual(41);

    // The default Cilium mode differs exactly where hostNetwork pods are, and says why.
    const differing = compared.filter((r) => r.cilium.kind === 'differs');
    expect(differing.map((r) => r.dir)).toEqual(['ipblockstest', 'multiple_topology_resources_1']);
    for (const r of differing) {
      if (r.cilium.kind !== 'differs') continue;
      expect(r.cilium.reason).toContain('hostNetwork pods are their node to Cilium');
      expect(r.cilium.reason).not.toContain('not explained');
      expect(r.cilium.formats.every((d) => d.onlyExpected + d.onlyActual > 0)).toBe(true);
    }
    expect(failures(results, true)).toBeGreaterThan(0);
  });
});
