import type { Diagnostic } from '../model/diagnostic.ts';
import { lineDiagnostic } from './diagnostics.ts';
import { plural } from '../util/plural.ts';
import { ARCHIVE_EXTENSIONS, classifyInputName, INPUT_EXTENSIONS as TEXT_EXTENSIONS, SkipTally } from './inputNames.ts';

/**
 * The one input-file walker's choice: which files of a folder are inputs, in which order, and
 * what to say about the rest. The CLI lists a folder on disk (src/cli/readInputs.ts), the app
 * gets one from "Open folder" or a dropped directory (src/ui/shell/folderFiles.ts); both hand the
 * relative paths here, so an unpacked cilium sysdump reads the same files as its zip:
 * hidden files and folders are left out, files are chosen by name as inside archives
 * (inputNames.ts) and sorted by path, folder by folder; every file left out (sysdump noise, notes,
 * READMEs) is counted in one diagnostic, never dropped unsaid.
 * @public
 */

/** Extensions a file in a folder is read for (archives too, `.tar.gz` through `.gz`). */
export const FOLDER_EXTENSIONS: readonly string[] = [...TEXT_EXTENSIONS, ...ARCHIVE_EXTENSIONS.filter((x) => !x.endsWith('.gz'))];

export interface FolderEntry<T> {
  /** Path below the folder, `/`-separated (`cilium-sysdump-…/k8s-pods-….yaml`). */
  readonly path: string;
  readonly item: T;
}

export interface FolderChoice<T> {
  /** The inputs in reading order, named `<folder>/<path>`. */
  readonly files: readonly { readonly name: string; readonly item: T }[];
  /** `empty-folder` (no inputs) or `folder-skipped` (sysdump files left out, counted). */
  readonly diagnostics: readonly Diagnostic[];
}

function comparePaths(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** `join` names a file from the folder and its path (the CLI passes node's path.join). */
export function chooseFolderInputs<T>(folder: string, entries: readonly FolderEntry<T>[], join: (folder: string, path: string) => string = (f, p) => `${f}/${p}`): FolderChoice<T> {
  const skipped = new SkipTally();
  const sorted = entries
    .map((e) => ({ e, parts: e.path.split('/').filter((p) => p !== '') }))
    .filter(({ parts }) => parts.length > 0 && !parts.some((p) => p.startsWith('.')))
    .sort((a, b) => comparePaths(a.parts, b.parts));
  const files: { name: string; item: T }[] = [];
  let sysdump = false;
  for (const { e, parts } of sorted) {
    const base = parts[parts.length - 1] as string;
    const path = parts.join('/');
    const name = join(folder, path);
    // The whole path, as for archive members (a `__MACOSX/` folder is noise, so is an unpacked bugtool).
    const d = classifyInputName(path);
    sysdump ||= d.sysdump;
    if (d.read || (!d.sysdump && FOLDER_EXTENSIONS.some((x) => base.toLowerCase().endsWith(x)))) files.push({ name, item: e.item });
    else skipped.add(d.category, name);
  }
  const diagnostics: Diagnostic[] = [];
  if (files.length === 0) {
    diagnostics.push(lineDiagnostic(folder, -1, 0, 0, 'warning', 'empty-folder', `No input files (${FOLDER_EXTENSIONS.join(' ')}) under ${folder}${skipped.total > 0 ? `; skipped ${skipped.text()}` : ''}.`));
  } else if (skipped.total > 0) {
    diagnostics.push(lineDiagnostic(folder, -1, 0, 0, 'info', 'folder-skipped', `Read ${plural(files.length, 'file')} of this ${sysdump ? 'cilium sysdump ' : ''}folder; skipped ${skipped.text()}: they hold nothing netpol-viz uses (policies, inventory, the agent's settings, Hubble flows).`));
  }
  return { files, diagnostics };
}
