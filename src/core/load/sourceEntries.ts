import type * as Fflate from 'fflate';
import type { UnzipFile } from 'fflate';
import type { Diagnostic } from '../model/diagnostic.ts';
import { lineDiagnostic } from './diagnostics.ts';
import { plural } from '../util/plural.ts';
import type { SkipTally } from './inputNames.ts';
import { rareReaders } from './rareInputs.ts';
import type { TarReader } from './tar.ts';
import type * as RareReaders from './rareReaders.ts';
import { isTarHeader } from './tarHeader.ts';
import { DEFAULT_LIMITS, type LoadLimits } from './limits.ts';
import type { ArchiveBudget, ArchiveLimits } from './archiveBudget.ts';
import { inNode, LazyModule } from '../util/lazyModule.ts';

/**
 * The first step of loading: a source's bytes → entries. An entry is the source itself (a YAML,
 * JSON or JSON-lines file) or, for an archive (.zip, .tar, .tar.gz), each member worth reading
 * (see inputNames.ts: a cilium sysdump's policies, inventory, settings and flows; logs, metrics
 * and the rest are counted and skipped). The format is decided from the first bytes, never from
 * the name. Everything streams: members are inflated chunk by chunk into their own entry, so a
 * multi-GB archive is never held. Gzip met here (an archive member, or a source no reader
 * decompressed) is decompressed with fflate; the CLI and the app decompress files natively first.
 *
 * Archives inside archives are opened (a sysdump zipped again, a cilium-bugtool tarball in a
 * sysdump), within bounds shared by everything one source holds (ArchiveBudget, LoadLimits
 * `maxArchive*`): nesting depth, bytes taken out, files, and bytes taken out per byte of the source
 * (a zip bomb). A bound reached is an error diagnostic at the member where reading stopped; what
 * was read before stays loaded.
 * @internal
 */

/**
 * fflate: in the browser a chunk of its own (util/lazyModule.ts), fetched before a zip is read
 * (src/workers/loadPipeline.ts looks at a file's first bytes) or, for gzip inside a tar, when
 * first used; in Node loaded with this module.
 */
export const fflate = new LazyModule<typeof Fflate>('the archive decompressor (fflate)', () => import('fflate'));
if (inNode) await fflate.load();
export interface EntryStream {
  push(chunk: Uint8Array | string): void;
  end(): void;
}

export interface EntryHooks {
  /** Opens the entry `name` (the source's name, or `<archive>/<member path>`). */
  open(name: string): EntryStream;
  diagnostic(d: Diagnostic): void;
}

/** Bytes looked at before deciding: a tar header is 512. */
const SNIFF_BYTES = 512;

type Mode =
  | { readonly kind: 'sniff' }
  | { readonly kind: 'plain'; readonly entry: EntryStream }
  | { readonly kind: 'gzip'; readonly gunzip: Fflate.Gunzip; readonly inner: SourceEntries }
  | { readonly kind: 'zip'; readonly unzip: Fflate.Unzip; readonly end: RareReaders.ZipEnd }
  | { readonly kind: 'tar'; readonly tar: TarReader }
  | { readonly kind: 'dead' };

const ARCHIVE_LIMIT_KEYS = ['maxArchiveDepth', 'maxArchiveBytes', 'maxArchiveMembers', 'maxArchiveRatio', 'archiveRatioFromBytes'] as const;

/** What a source's entries at every level share: its limits, its bytes, and its budget once an archive is met. */
interface Shared {
  readonly limits: ArchiveLimits;
  sourceBytes: number;
  budget: ArchiveBudget | null;
}

export function isZip(b: Uint8Array): boolean {
  return b[0] === 0x50 && b[1] === 0x4b && ((b[2] === 0x03 && b[3] === 0x04) || (b[2] === 0x05 && b[3] === 0x06));
}

/**
 * Whether a source starting with these bytes is one plain entry (its text read as it is): not
 * an archive, not gzip. The first bytes as `SourceEntries` sniffs them (a whole file will do).
 */
export function isPlainHead(head: Uint8Array): boolean {
  return !isZip(head) && !isTarHeader(head) && !(head[0] === 0x1f && head[1] === 0x8b);
}

export class SourceEntries implements EntryStream {
  private mode: Mode = { kind: 'sniff' };
  private head: Uint8Array[] = [];
  private headLength = 0;
  /** Members passed over, by category (archives only; inputNames.ts is a rare reader, rareInputs.ts). */
  private skippedTally: SkipTally | null = null;
  private membersRead = 0;
  private membersSeen = 0;
  /** Zip entries met, directories included (zipComplete). */
  private zipEntries = 0;
  /** The CRC-32 of each zip entry read through, in order (zipComplete compares them with the directory's). */
  private readonly zipCrcs: { name: string; crc: number }[] = [];
  private damaged = false;
  /** gzip only: its members' trailers checked as they end (gzipMembers.ts, a rare reader). */
  private gzipCheck: RareReaders.GzipMembers | null = null;
  /** tar only: where each file lies in the tar's bytes (a damaged gzip member over them names them, gzipMembers.ts). */
  private readonly tarSpans: { readonly path: string; readonly start: number; readonly end: number }[] = [];
  private readonly shared: Shared;

  constructor(
    private readonly name: string,
    private readonly hooks: EntryHooks,
    private readonly depth = 0,
    /** The limits (the source itself), or what the source's entries share (nested entries). */
    limits: Partial<LoadLimits> | Shared = {},
  ) {
    this.shared = 'sourceBytes' in limits ? limits : { limits: Object.fromEntries(ARCHIVE_LIMIT_KEYS.map((k) => [k, limits[k] ?? DEFAULT_LIMITS[k]])) as ArchiveLimits, sourceBytes: 0, budget: null };
  }

  /** The source's budget, made when its first archive (or gzip layer) is met. */
  private budget(): ArchiveBudget {
    const s = this.shared;
    return (s.budget ??= new (rareReaders.get().ArchiveBudget)(s.limits, (d) => this.hooks.diagnostic(d), () => s.sourceBytes));
  }

  push(chunk: Uint8Array | string): void {
    if (this.mode.kind === 'dead') return;
    const s = this.shared;
    if (s.budget?.stopped) return this.stop();
    const n = typeof chunk === 'string' ? chunk.length : chunk.byteLength;
    if (this.depth === 0) s.sourceBytes += n;
    else if (!this.budget().unpack(this.name, n)) return this.stop();
    if (this.mode.kind === 'sniff') {
      if (typeof chunk === 'string') {
        this.decide();
        return this.forward(chunk);
      }
      this.head.push(chunk);
      this.headLength += chunk.byteLength;
      if (this.headLength < SNIFF_BYTES) return;
      this.decide();
      return;
    }
    this.forward(chunk);
  }

  /** A bound was reached (here or elsewhere in the source): what this entry got so far is read, nothing more. */
  private stop(): void {
    const m = this.mode;
    this.mode = { kind: 'dead' };
    if (m.kind === 'plain') m.entry.end();
    else if (m.kind === 'gzip') m.inner.end();
    // Not yet decided (sniff): the file is not read at all.
    this.head = [];
  }

  end(): void {
    if (this.mode.kind === 'dead') return;
    if (this.mode.kind === 'sniff') this.decide();
    const m = this.mode;
    switch (m.kind) {
      case 'plain':
        m.entry.end();
        break;
      case 'gzip':
        this.guard(() => m.gunzip.push(new Uint8Array(0), true));
        if (!this.damaged) {
          const short = this.gzipCheck?.end();
          if (short) this.damage(short);
        }
        m.inner.end();
        break;
      case 'zip':
        this.guard(() => m.unzip.push(new Uint8Array(0), true));
        this.zipComplete(m.end);
        this.summary();
        break;
      case 'tar':
        m.tar.end();
        this.summary();
        break;
      default:
        break;
    }
    this.mode = { kind: 'dead' };
  }

  private forward(chunk: Uint8Array | string): void {
    const m = this.mode;
    switch (m.kind) {
      case 'plain':
        return m.entry.push(chunk);
      case 'gzip':
        if (typeof chunk !== 'string') {
          this.gzipCheck?.input(chunk);
          this.guard(() => m.gunzip.push(chunk));
          this.gzipCheck?.inputDone(chunk);
        }
        return;
      case 'zip':
        if (typeof chunk !== 'string') {
          m.end.push(chunk);
          this.guard(() => m.unzip.push(chunk));
        }
        return;
      case 'tar':
        if (typeof chunk !== 'string') m.tar.push(chunk);
        return;
      default:
        return;
    }
  }

  /** Decides the format from the bytes seen so far, then replays them. */
  private decide(): void {
    const head = concat(this.head, this.headLength);
    this.head = [];
    const gzip = head[0] === 0x1f && head[1] === 0x8b;
    const archive = isZip(head) ? 'zip' : isTarHeader(head) ? 'tar' : gzip ? 'gzip' : null;
    if (archive && this.depth >= this.shared.limits.maxArchiveDepth) {
      this.hooks.diagnostic(
        lineDiagnostic(this.name, -1, 0, 0, 'warning', 'nested-archive', `This is ${archive === 'gzip' ? 'gzip data' : `a ${archive} archive`} nested ${this.depth} levels deep in archives or gzip (the limit is ${this.shared.limits.maxArchiveDepth}): not read. Unpack it and load it on its own.`),
      );
      this.mode = { kind: 'dead' };
      return;
    }
    if (gzip) {
      this.budget();
      const inner = new SourceEntries(this.name, this.hooks, this.depth + 1, this.shared);
      const { Gunzip } = fflate.get();
      const check = (this.gzipCheck = new (rareReaders.get().GzipMembers)(this.name, (d) => this.hooks.diagnostic(d), (start, end) => inner.tarFilesWithin(start, end)));
      const gunzip = new Gunzip((data) => {
        check.output(data);
        inner.push(data);
      });
      gunzip.onmember = (offset) => check.memberEnded(offset);
      this.mode = { kind: 'gzip', gunzip, inner };
    } else if (archive === 'zip') {
      const { Unzip, UnzipInflate } = fflate.get();
      const unzip = new Unzip((file) => this.zipMember(file));
      unzip.register(UnzipInflate);
      this.mode = { kind: 'zip', unzip, end: new (rareReaders.get().ZipEnd)() };
    } else if (archive === 'tar') {
      const { TarReader } = rareReaders.get();
      const file = (name: string, _size: number, span: { start: number; end: number }): EntryStream | null => {
        if (!name.endsWith('/')) this.tarSpans.push({ path: name.replace(/^\.\//, ''), ...span });
        return this.member(name);
      };
      this.mode = {
        kind: 'tar',
        tar: new TarReader({ file, damaged: (why) => this.damage(why), skipped: (from, to) => this.tarSkipped(from, to), damagedAround: (severity, message) => this.hooks.diagnostic(lineDiagnostic(this.name, -1, 0, 0, severity, 'archive-damaged', message)) }),
      };
    } else {
      this.mode = { kind: 'plain', entry: this.hooks.open(this.name) };
    }
    if (head.byteLength > 0) this.forward(head);
  }

  /** The entry for a member, or null when its name says it is not an input (counted). */
  private member(path: string): EntryStream | null {
    if (path.endsWith('/') || this.shared.budget?.stopped) return null;
    const name = `${this.name}/${path.replace(/^\.\//, '')}`;
    if (!this.budget().member(name)) {
      this.mode = { kind: 'dead' };
      return null;
    }
    this.membersSeen++;
    const { classifyInputName, SkipTally } = rareReaders.get();
    // The whole name: a member of a cilium-bugtool archive is told apart by the archive's name.
    const d = classifyInputName(name);
    if (!d.read) {
      (this.skippedTally ??= new SkipTally()).add(d.category, path);
      return null;
    }
    this.membersRead++;
    return new SourceEntries(name, this.hooks, this.depth + 1, this.shared);
  }

  /**
   * Whether every entry the zip's directory lists was met reading it through: a damaged local
   * header ends fflate's streaming read without an error, and the entries after it would be lost
   * unsaid.
   */
  private zipComplete(end: RareReaders.ZipEnd): void {
    if (this.damaged || this.shared.budget?.stopped) return;
    const total = end.entries();
    if (total === null) this.damage('it has no end-of-archive record: cut short, or not a whole zip');
    else if (total > this.zipEntries) this.damage(`its directory lists ${plural(total, 'entry', 'entries')} but only ${this.zipEntries} ${this.zipEntries === 1 ? 'was' : 'were'} found reading it through: ${total - this.zipEntries} ${total - this.zipEntries === 1 ? 'is' : 'are'} missing`);
    if (this.zipCrcs.length === 0) return;
    const dir = end.directory();
    if (dir === null) {
      if (!this.damaged) this.hooks.diagnostic(lineDiagnostic(this.name, -1, 0, 0, 'info', 'archive-unchecked', `The CRC-32s of this zip's files were not checked: its directory (${total === null ? '? entries' : plural(total, 'entry', 'entries')}) is larger than the 16 MiB netpol-viz keeps of the archive's end, or not where its end record says. Damaged bytes inside a file would go unnoticed.`));
      return;
    }
    for (const { name, crc } of this.zipCrcs) {
      const want = dir.get(name)?.shift();
      if (want === undefined || want === crc) continue;
      const hex = (n: number): string => n.toString(16).padStart(8, '0');
      this.hooks.diagnostic(
        lineDiagnostic(`${this.name}/${name.replace(/^\.\//, '')}`, -1, 0, 0, 'error', 'archive-damaged', `This file's bytes in the archive are damaged: their CRC-32 is ${hex(crc)}, the archive's directory says ${hex(want)}. What was read from it may be wrong (its other diagnostics may come from the damage); the archive's other files are checked and read as usual. Get a fresh copy of the archive, or unpack it with a tool that says which files are damaged.`),
      );
    }
  }

  private zipMember(file: UnzipFile): void {
    this.zipEntries++;
    if (file.name.endsWith('/') && (file.size ?? 1) > 0) {
      // A folder's entry holds nothing (Go's archive/zip, zip(1)); one with data (or sizes left for
      // after its data) had its name damaged: no checksum covers a name.
      this.hooks.diagnostic(lineDiagnostic(this.name, -1, 0, 0, 'error', 'archive-member-unreadable', `"${file.name}" in this archive is named as a folder is, yet holds data (${file.size === undefined ? 'of a size given after it' : plural(file.size, 'byte')}): its name is damaged, so it is skipped. Unpack the archive and load the file itself.`));
      return;
    }
    const entry = this.member(file.name);
    if (!entry) return;
    const { crc32 } = rareReaders.get();
    let crc = 0;
    file.ondata = (err, chunk, final) => {
      if (err) {
        this.damage(`${file.name}: ${err.message}`);
        entry.end();
        return;
      }
      crc = crc32(chunk, crc);
      entry.push(chunk);
      if (final) {
        this.zipCrcs.push({ name: file.name, crc });
        entry.end();
      }
    };
    try {
      file.start();
    } catch (e) {
      this.hooks.diagnostic(lineDiagnostic(this.name, -1, 0, 0, 'error', 'archive-member-unreadable', `${file.name} in this archive could not be read (${e instanceof Error ? e.message : String(e)}): skipped. Unpack the archive and load the file itself.`));
      entry.end();
    }
  }

  /** tar only: the paths of the files whose bytes lie (in part) between `start` and `end` of the tar; null when this is not a tar. */
  tarFilesWithin(start: number, end: number): string[] | null {
    if (this.mode.kind !== 'tar' && this.tarSpans.length === 0) return null;
    return this.tarSpans.filter((s) => s.start < end && s.end > start).map((s) => s.path);
  }

  /** Runs a decompressor step; damage becomes a diagnostic and stops reading this source. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.damage(e instanceof Error ? e.message : String(e));
      this.mode = { kind: 'dead' };
    }
  }

  private damage(reason: string): void {
    if (this.damaged) return;
    this.damaged = true;
    this.hooks.diagnostic(lineDiagnostic(this.name, -1, 0, 0, 'error', 'archive-damaged', `The archive is damaged or cut short (${reason}): what was read before that point is loaded; the rest is missing.`));
  }

  /** A tar's damaged member header, and the next good one it was read again from (tar.ts). */
  private tarSkipped(from: number, to: number): void {
    this.hooks.diagnostic(
      lineDiagnostic(this.name, -1, 0, 0, 'error', 'archive-damaged', `The archive is damaged: a member header at byte ${from} is damaged (bad checksum), so the ${plural(to - from, 'byte')} up to the next member header are passed over (the file whose header it was is missing, and any other file in them); it is read again from the next header, at byte ${to}. Get a fresh copy of the archive, or unpack it with a tool that names the damaged file.`),
    );
  }

  private summary(): void {
    const skipped = this.skippedTally?.text() ?? '';
    if (rareReaders.get().isBugtoolArchiveName(this.name)) {
      const read = this.membersRead === 0 ? 'none of the outputs netpol-viz reads' : `${this.membersRead} of the outputs netpol-viz reads`;
      this.hooks.diagnostic(
        lineDiagnostic(this.name, -1, 0, 0, 'info', 'bugtool-archive', `A cilium-bugtool archive (one agent's own view: ${plural(this.membersSeen, 'file')}): ${read} (cmd/cilium-debuginfo-<time>.json, cmd/cilium-dbg-policy-get.md, cmd/cilium-dbg-identity-list.md: the agent's version, endpoints, policy rules and identities)${skipped ? `; skipped ${skipped}` : ''}.`),
      );
      return;
    }
    if (this.membersRead === 0) {
      this.hooks.diagnostic(lineDiagnostic(this.name, -1, 0, 0, 'warning', 'archive-no-inputs', `No input files in this archive (${plural(this.membersSeen, 'file')}${skipped ? `: ${skipped}` : ''}). Inputs are YAML, JSON or JSON-lines files (policies, kubectl output, Hubble exports) or a cilium sysdump.`));
      return;
    }
    if (skipped) {
      this.hooks.diagnostic(lineDiagnostic(this.name, -1, 0, 0, 'info', 'archive-skipped', `Read ${this.membersRead} of ${plural(this.membersSeen, 'file')} in this archive; skipped ${skipped}: they hold nothing netpol-viz uses (policies, inventory, the agent's settings, Hubble flows).`));
    }
  }
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(length);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.byteLength;
  }
  return out;
}
