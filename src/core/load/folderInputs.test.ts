import { describe, expect, it } from 'vitest';
import { chooseFolderInputs } from './folderInputs.ts';

const entries = (paths: readonly string[]) => paths.map((path) => ({ path, item: path }));

describe('chooseFolderInputs', () => {
  it('reads a sysdump folder as its zip: inputs by name, sorted folder by folder, noise counted, hidden left out', () => {
    const r = chooseFolderInputs(
      'dump',
      entries([
        'cilium-sysdump-20261120-091500/k8s-pods-20261120-091500.yaml',
        'cilium-sysdump-20261120-091500/cilium-logs-pool-a-1-20261120-091500.log',
        'cilium-sysdump-20261120-091500/ciliumidentities-20261120-091500.yaml',
        'a-b/x.json',
        'a/y.yaml',
        '.git/config.yaml',
        'a/.hidden.yaml',
        '__MACOSX/a/._y.yaml',
        'notes.txt',
      ]),
    );
    expect(r.files.map((f) => f.name)).toEqual([
      'dump/a/y.yaml',
      'dump/a-b/x.json',
      'dump/cilium-sysdump-20261120-091500/ciliumidentities-20261120-091500.yaml',
      'dump/cilium-sysdump-20261120-091500/k8s-pods-20261120-091500.yaml',
    ]);
    expect(r.diagnostics.map((d) => [d.code, d.file])).toEqual([['folder-skipped', 'dump']]);
    expect(r.diagnostics[0]?.message).toContain('1 log');
  });

  it('opens a sysdump zipped inside a folder, skips an unpacked bugtool folder and names every other file it leaves out', () => {
    const r = chooseFolderInputs(
      'case-1234',
      entries([
        'cilium-sysdump-20240131-235959.zip',
        'cilium-sysdump-20240131-235959/cilium-bugtool-cilium-x7k2p-20240131-235959/cmd/envoy-config.json',
        'cilium-sysdump-20240131-235959/cilium-bugtool-cilium-x7k2p-20240131-235959/cmd/cilium-dbg-status.md',
        'cilium-sysdump-20240131-235959/cilium-config-configmap-20240131-235959.yaml',
        'notes.txt',
        'README.md',
      ]),
    );
    expect(r.files.map((f) => f.name)).toEqual(['case-1234/cilium-sysdump-20240131-235959/cilium-config-configmap-20240131-235959.yaml', 'case-1234/cilium-sysdump-20240131-235959.zip']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['folder-skipped']);
    expect(r.diagnostics[0]?.message).toContain('skipped 2 cilium-bugtool files, 2 other files (README.md, notes.txt)');
  });

  it('reads a copied Hubble exporter folder (events.log and its rotated backups), counting the agent\'s own log', () => {
    const r = chooseFolderInputs('hubble', entries(['events.log', 'events-2024-01-31T23-59-59.123.log.gz', 'events-2024-01-31T22-00-00.000.log', 'cilium-agent.log']));
    expect(r.files.map((f) => f.name)).toEqual(['hubble/events-2024-01-31T22-00-00.000.log', 'hubble/events-2024-01-31T23-59-59.123.log.gz', 'hubble/events.log']);
    expect(r.diagnostics[0]?.message).toContain('skipped 1 log');
  });

  it('says so when a folder has no inputs', () => {
    const r = chooseFolderInputs('empty', entries(['README.md', '.x.yaml']));
    expect(r.files).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['empty-folder']);
  });
});
