import { createReadStream, promises as fsp } from 'node:fs';
import { join, resolve } from 'node:path';
import { createGunzip, gunzipSync, constants as zc } from 'node:zlib';
import type { CliIo } from './io.ts';
import { STRICT_EXIT } from './args.ts';
import { isGzip } from '../core/load/decode.ts';
import { chooseFolderInputs, FOLDER_EXTENSIONS, type FolderEntry } from '../core/load/folderInputs.ts';
import type { Loader } from '../core/load/loader.ts';
import { lineDiagnostic } from '../core/load/diagnostics.ts';
import type { Diagnostic } from '../core/model/diagnostic.ts';
import { plural } from '../core/util/plural.ts';

/**
 * The CLI's file reading: paths and folders (recursive, sorted for determinism), `-` for stdin,
 * gzip by magic number, archives (.zip, .tar, .tar.gz) member by member. Files are streamed into
 * the loader in 1 MiB chunks, so JSON-lines flow exports are parsed line by line and never held
 * whole. Unreadable paths become diagnostics. `inputFiles` is the CLI's folder walker: it lists
 * the files, and core/load/folderInputs.ts (which the app's "Open folder" uses too) chooses the
 * inputs by name as inside archives, so an unpacked cilium sysdump reads the same files as the zip.
 * @public
 */
export const INPUT_EXTENSIONS: readonly string[] = FOLDER_EXTENSIONS;

/** The file kinds a folder is read for, as the commands' help lists them. */
export const INPUT_EXTENSIONS_TEXT = INPUT_EXTENSIONS.join(' ');

const CHUNK = 1024 * 1024;

/**
 * The loader's errors on stderr (`file:line: error: path: message`): documents not loaded, paths
 * that could not be read. Each line once per `seen` (diff loads its shared inputs twice).
 * Returns whether an input could not be read at all (then the command stops with exit 2).
 */
export function reportInputErrors(diagnostics: readonly Diagnostic[], io: CliIo, seen: Set<string> = new Set()): boolean {
  for (const d of diagnostics) {
    if (d.severity !== 'error') continue;
    const line = `${d.file}${d.line > 0 ? `:${d.line}` : ''}: error: ${d.path ? `${d.path}: ` : ''}${d.message}\n`;
    if (seen.has(line)) continue;
    seen.add(line);
    io.err(line);
  }
  return diagnostics.some((d) => d.code === 'read-error');
}

/**
 * The exit status of a command that did its work with status `status`, under `--strict`: when a
 * document (or a file) did not load, that is the loader gave an error, STRICT_EXIT in place of 0
 * or 1, said on stderr under the errors reportInputErrors printed (`quiet`: the status only). Any
 * other status, or without `--strict`, as it is (args.ts STRICT_EXIT: the statuses' meanings).
 */
export function strictStatus(cmd: string, status: number, args: { readonly strict?: boolean }, diagnostics: readonly Diagnostic[], io: CliIo, quiet = false): number {
  if (args.strict !== true || (status !== 0 && status !== 1)) return status;
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (errors === 0) return status;
  if (!quiet) io.err(`netpol-viz ${cmd}: --strict: ${plural(errors, 'load error')} (not everything was loaded)\n`);
  return STRICT_EXIT;
}

export async function readInputs(args: readonly string[], loader: Loader, io: CliIo): Promise<void> {
  for (const arg of args) {
    if (arg === '-') {
      await readStdin(loader, io);
      continue;
    }
    const abs = resolve(io.cwd, arg);
    let stat;
    try {
      stat = await fsp.stat(abs);
    } catch (e) {
      loader.addUnreadable(arg, `Cannot read ${arg}: ${errorText(e)}.`);
      continue;
    }
    if (stat.isDirectory()) {
      for (const f of await folderFiles(abs, arg, loader)) await readFile(f.abs, f.name, loader);
    } else {
      await readFile(abs, arg, loader);
    }
  }
}

/**
 * The input files a path names: itself, or a folder's input files (recursive, sorted, hidden
 * skipped, sysdump noise counted and skipped); unreadable paths are reported to the loader.
 */
export async function inputFiles(arg: string, cwd: string, loader: Pick<Loader, 'addUnreadable' | 'addDiagnostic'>): Promise<{ abs: string; name: string }[]> {
  const abs = resolve(cwd, arg);
  let stat;
  try {
    stat = await fsp.stat(abs);
  } catch (e) {
    loader.addUnreadable(arg, `Cannot read ${arg}: ${errorText(e)}.`);
    return [];
  }
  return stat.isDirectory() ? folderFiles(abs, arg, loader) : [{ abs, name: arg }];
}

async function folderFiles(abs: string, arg: string, loader: Pick<Loader, 'addUnreadable' | 'addDiagnostic'>): Promise<{ abs: string; name: string }[]> {
  const entries: FolderEntry<string>[] = [];
  if (!(await listFolder(abs, '', arg, loader, new Set(), entries))) return []; // unreadable: already reported, not also as an empty folder
  const chosen = chooseFolderInputs(arg, entries, join);
  for (const d of chosen.diagnostics) loader.addDiagnostic(d);
  return chosen.files.map((f) => ({ abs: f.item, name: f.name }));
}

function errorText(e: unknown): string {
  if (e && typeof e === 'object' && 'code' in e) {
    const code = String((e as { code: unknown }).code);
    if (code === 'ENOENT') return 'no such file or folder';
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    if (code === 'EISDIR') return 'it is a folder';
  }
  return e instanceof Error ? e.message : String(e);
}

/**
 * Every file under a folder (recursive; hidden entries left out), as paths below the root for
 * chooseFolderInputs, which decides. False when the folder itself cannot be read (reported).
 */
async function listFolder(abs: string, rel: string, arg: string, loader: Pick<Loader, 'addUnreadable'>, seen: Set<string>, out: FolderEntry<string>[]): Promise<boolean> {
  const shown = rel === '' ? arg : join(arg, rel);
  let real: string;
  try {
    real = await fsp.realpath(abs);
  } catch (e) {
    loader.addUnreadable(shown, `Cannot read folder ${shown}: ${errorText(e)}.`);
    return false;
  }
  if (seen.has(real)) return true;
  seen.add(real);
  let entries;
  try {
    entries = await fsp.readdir(abs, { withFileTypes: true });
  } catch (e) {
    loader.addUnreadable(shown, `Cannot read folder ${shown}: ${errorText(e)}.`);
    return false;
  }
  const names = entries.map((e) => e.name).filter((n) => !n.startsWith('.')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const n of names) {
    const childAbs = join(abs, n);
    const childRel = rel === '' ? n : `${rel}/${n}`;
    let st;
    try {
      st = await fsp.stat(childAbs);
    } catch (e) {
      loader.addUnreadable(join(shown, n), `Cannot read ${join(shown, n)}: ${errorText(e)}.`);
      continue;
    }
    if (st.isDirectory()) await listFolder(childAbs, childRel, arg, loader, seen, out);
    else if (st.isFile()) out.push({ path: childRel, item: childAbs });
  }
  return true;
}

async function firstBytes(path: string, n: number): Promise<Uint8Array> {
  const fh = await fsp.open(path, 'r');
  try {
    const buf = new Uint8Array(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function readFile(abs: string, name: string, loader: Loader): Promise<void> {
  let head: Uint8Array;
  try {
    head = await firstBytes(abs, 2);
  } catch (e) {
    loader.addUnreadable(name, `Cannot read ${name}: ${errorText(e)}.`);
    return;
  }
  const gz = isGzip(head);
  const stream = loader.openSource(name);
  const source = createReadStream(abs, { highWaterMark: CHUNK });
  const input = gz ? source.pipe(createGunzip({ chunkSize: CHUNK })) : source;
  if (gz) source.on('error', (e) => input.destroy(e));
  try {
    for await (const chunk of input) {
      const b = chunk as Buffer;
      stream.push(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    }
  } catch (e) {
    const msg = gz
      ? `The gzip data is damaged or ends early (${errorText(e)}): what could be decompressed before that point was loaded; the rest is missing.`
      : `Reading ${name} failed part-way (${errorText(e)}): only the part read before the error was loaded.`;
    loader.addDiagnostic(lineDiagnostic(name, -1, 0, 0, 'error', gz ? 'gzip-truncated' : 'read-error', msg));
  } finally {
    stream.end();
  }
}

async function readStdin(loader: Loader, io: CliIo): Promise<void> {
  let data: Uint8Array;
  try {
    data = await io.stdin();
  } catch (e) {
    loader.addUnreadable('<stdin>', `Cannot read standard input: ${errorText(e)}.`);
    return;
  }
  if (isGzip(data)) {
    try {
      data = new Uint8Array(gunzipSync(data));
    } catch (e) {
      // Keep what decompresses before the damage (a truncated download still has whole lines).
      try {
        data = new Uint8Array(gunzipSync(data, { finishFlush: zc.Z_SYNC_FLUSH }));
      } catch {
        loader.addUnreadable('<stdin>', `The gzip data on standard input is damaged (${errorText(e)}): nothing could be decompressed.`);
        return;
      }
      loader.addDiagnostic(lineDiagnostic('<stdin>', -1, 0, 0, 'error', 'gzip-truncated', `The gzip data on standard input is damaged or ends early (${errorText(e)}): what could be decompressed was loaded.`));
    }
  }
  loader.addFile({ name: '<stdin>', data });
}
