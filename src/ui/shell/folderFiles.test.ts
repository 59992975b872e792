import { describe, expect, it } from 'vitest';
import { folderSources, foldersFromInput, MAX_DROPPED_FILES, walkDroppedFolder } from './folderFiles.ts';

/** A dropped directory as Chromium hands it out: entries read in batches of at most 2 here. */
function dir(name: string, children: Record<string, unknown>, batchSize = 2): FileSystemDirectoryEntry {
  const entries = Object.entries(children).map(([n, c]) => (c instanceof File ? file(n, c) : dir(n, c as Record<string, unknown>, batchSize)));
  return {
    name,
    isDirectory: true,
    isFile: false,
    createReader: () => {
      let at = 0;
      return {
        readEntries: (ok: (e: FileSystemEntry[]) => void) => {
          const batch = entries.slice(at, at + batchSize);
          at += batch.length;
          setTimeout(() => ok(batch), 0);
        },
      };
    },
  } as unknown as FileSystemDirectoryEntry;
}

function file(name: string, f: File): FileSystemFileEntry {
  return { name, isDirectory: false, isFile: true, file: (ok: (f: File) => void) => ok(f) } as unknown as FileSystemFileEntry;
}

const f = (name: string): File => new File(['kind: Namespace\n'], name);

describe('folders opened or dropped in the app', () => {
  it('a dropped directory is walked to the end of every batch, and chosen as the CLI chooses', async () => {
    const picked = await walkDroppedFolder(dir('sd', { 'k8s-pods-20261120-091500.yaml': f('a'), 'cilium-logs-x-20261120-091500.log': f('b'), sub: { 'x.yaml': f('c'), 'y.json': f('d'), '.hidden.yaml': f('e') } }));
    expect(picked.entries.map((e) => e.path).sort()).toEqual(['cilium-logs-x-20261120-091500.log', 'k8s-pods-20261120-091500.yaml', 'sub/.hidden.yaml', 'sub/x.yaml', 'sub/y.json']);
    const { sources, notes } = folderSources([picked]);
    expect(sources.map((s) => s.name)).toEqual(['sd/k8s-pods-20261120-091500.yaml', 'sd/sub/x.yaml', 'sd/sub/y.json']);
    expect(notes.map((n) => n.code)).toEqual(['folder-skipped']);
  });

  it('an <input webkitdirectory> selection is grouped by its folder', () => {
    const withPath = (path: string): File => Object.defineProperty(f(path.slice(path.lastIndexOf('/') + 1)), 'webkitRelativePath', { value: path });
    const folders = foldersFromInput([withPath('sd/b.yaml'), withPath('sd/sub/a.yaml')]);
    expect(folders.map((x) => [x.name, x.entries.map((e) => e.path)])).toEqual([['sd', ['b.yaml', 'sub/a.yaml']]]);
  });

  it('a dropped folder with too many files is walked up to the limit, and says so', async () => {
    const one = f('x');
    const children = Object.fromEntries(Array.from({ length: MAX_DROPPED_FILES + 5 }, (_, i) => [`f${i}.yaml`, one]));
    const picked = await walkDroppedFolder(dir('home', children, 1000));
    expect(picked.entries).toHaveLength(MAX_DROPPED_FILES);
    expect(folderSources([picked]).notes.map((n) => n.code)).toEqual(['folder-too-large']);
  });
});
