import { chooseFolderInputs, type FolderEntry } from '../../core/load/folderInputs.ts';
import { lineDiagnostic } from '../../core/load/diagnostics.ts';
import type { Diagnostic } from '../../core/model/diagnostic.ts';
import type { LoadSource } from '../../workers/protocol.ts';

/**
 * A folder the user opened ("Open folder…", `<input webkitdirectory>`) or dropped (a directory
 * entry of the drop, walked with `webkitGetAsEntry`): its files with their paths below it. The
 * inputs are chosen by core/load/folderInputs.ts, the walker the CLI uses for folders.
 */
export interface PickedFolder {
  readonly name: string;
  readonly entries: readonly FolderEntry<File>[];
  /** A dropped folder with more files than are walked: the walk stopped there. */
  readonly truncated?: boolean;
}

/** Limit of a dropped directory walk (a dropped home folder must not hang the page). */
export const MAX_DROPPED_FILES = 20_000;

/** The folders of an `<input webkitdirectory>` selection (`webkitRelativePath` is `folder/…/file`). */
export function foldersFromInput(files: readonly File[]): PickedFolder[] {
  const byRoot = new Map<string, FolderEntry<File>[]>();
  for (const file of files) {
    const rel = file.webkitRelativePath || file.name;
    const slash = rel.indexOf('/');
    const root = slash < 0 ? '' : rel.slice(0, slash);
    const list = byRoot.get(root) ?? [];
    list.push({ path: slash < 0 ? rel : rel.slice(slash + 1), item: file });
    byRoot.set(root, list);
  }
  return [...byRoot.entries()].map(([name, entries]) => ({ name: name || 'folder', entries }));
}

/** What a load reads from folders: the chosen files as sources, and what was left out as notes. */
export function folderSources(folders: readonly PickedFolder[]): { sources: LoadSource[]; notes: Diagnostic[] } {
  const sources: LoadSource[] = [];
  const notes: Diagnostic[] = [];
  for (const f of folders) {
    const chosen = chooseFolderInputs(f.name, f.entries);
    for (const c of chosen.files) sources.push({ kind: 'file', name: c.name, file: c.item });
    notes.push(...chosen.diagnostics);
    if (f.truncated) {
      notes.push(lineDiagnostic(f.name, -1, 0, 0, 'warning', 'folder-too-large', `This folder holds more than ${MAX_DROPPED_FILES.toLocaleString('en-US')} files: only the first ${MAX_DROPPED_FILES.toLocaleString('en-US')} found were looked at, so inputs may be missing. Drop the folder that holds the inputs (an unpacked sysdump), or use "Open folder…".`));
    }
  }
  return { sources, notes };
}

function readBatch(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** Every file below a dropped directory entry, with its path below it (unreadable parts left out). */
export async function walkDroppedFolder(root: FileSystemDirectoryEntry): Promise<PickedFolder> {
  const entries: FolderEntry<File>[] = [];
  const pending: { dir: FileSystemDirectoryEntry; rel: string }[] = [{ dir: root, rel: '' }];
  let truncated = false;
  while (pending.length > 0 && !truncated) {
    const { dir, rel } = pending.pop() as { dir: FileSystemDirectoryEntry; rel: string };
    const reader = dir.createReader();
    // readEntries hands out a directory in batches (100 in Chromium) until an empty one.
    for (;;) {
      let batch: FileSystemEntry[];
      try {
        batch = await readBatch(reader);
      } catch {
        break;
      }
      if (batch.length === 0) break;
      for (const e of batch) {
        const path = rel === '' ? e.name : `${rel}/${e.name}`;
        if (entries.length >= MAX_DROPPED_FILES) {
          truncated = true;
          break;
        }
        if (e.isDirectory) pending.push({ dir: e as FileSystemDirectoryEntry, rel: path });
        else if (e.isFile) {
          try {
            entries.push({ path, item: await fileOf(e as FileSystemFileEntry) });
          } catch {
            // A file that vanished or cannot be read: the loader never sees it.
          }
        }
      }
      if (truncated) break;
    }
  }
  return { name: root.name, entries, ...(truncated ? { truncated } : {}) };
}
