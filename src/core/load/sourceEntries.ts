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
  /**
   * gzip only: the bytes in, the last 8 of them (the trailer); members ended so far; the CRC-32
   * and length of what the current member gave, and where in the output it started. `chunk` is
   * the chunk being pushed (from input offset `bytes - chunk.length`), `before` up to
   * GZIP_LOOKBACK bytes just before it: a member's trailer is found there when the next one starts.
   */
  private readonly gzip = { bytes: 0, tail: new Uint8Array(8), members: 0, crc: 0, out: 0, memberOut: 0, chunk: new Uint8Array(0) as Uint8Array, before: new Uint8Array(0) as Uint8Array };
  /** tar only: where each file lies in the tar's bytes (`gzipMember` names the files a damaged gzip member held). */
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
        this.gzipComplete(m.inner);
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
          const g = this.gzip;
          g.bytes += chunk.byteLength;
          if (chunk.byteLength >= 8) g.tail = chunk.slice(-8);
          else g.tail = new Uint8Array([...g.tail.subarray(chunk.byteLength), ...chunk]);
          g.chunk = chunk;
          this.guard(() => m.gunzip.push(chunk));
          g.before = lastBytes(g.before, chunk, GZIP_LOOKBACK);
          g.chunk = new Uint8Array(0);
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
      const { crc32 } = rareReaders.get();
      const gunzip = new Gunzip((data) => {
        this.gzip.crc = crc32(data, this.gzip.crc);
        this.gzip.out += data.length;
        inner.push(data);
      });
      gunzip.onmember = (offset) => this.gzipMemberEnded(offset, inner);
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
      this.mode = { kind: 'tar', tar: new TarReader({ file, damaged: (why) => this.damage(why) }) };
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

  /**
   * A gzip member ended and the next starts at input offset `next`: the one that ended is checked
   * against its trailer (the 8 bytes before `next`), fflate checks none. A stream of several
   * members (`cat a.gz b.gz`, pigz --independent, bgzip) is checked member by member, so the
   * damaged one is named and the others still load.
   */
  private gzipMemberEnded(next: number, inner: SourceEntries): void {
    const g = this.gzip;
    const chunkStart = g.bytes - g.chunk.byteLength;
    const trailer = new Uint8Array(8);
    for (let k = 0; k < 8; k++) {
      const at = next - 8 + k;
      const b = at >= chunkStart ? g.chunk[at - chunkStart] : g.before[g.before.length - (chunkStart - at)];
      if (b === undefined) {
        // A header longer than what is kept (GZIP_LOOKBACK): this member goes unchecked, said once.
        this.gzipUnchecked();
        return this.gzipNextMember();
      }
      trailer[k] = b;
    }
    this.gzipCheck(trailer, inner, false);
    this.gzipNextMember();
  }

  private gzipNextMember(): void {
    const g = this.gzip;
    g.members++;
    g.crc = 0;
    g.memberOut = g.out;
  }

  private gzipUncheckedSaid = false;
  private gzipUnchecked(): void {
    if (this.gzipUncheckedSaid) return;
    this.gzipUncheckedSaid = true;
    this.hooks.diagnostic(lineDiagnostic(this.name, -1, 0, 0, 'info', 'archive-unchecked', `The ${ordinal(this.gzip.members + 1)} of this gzip data's members was not checked against its trailer: the header after it is longer than the ${GZIP_LOOKBACK} bytes netpol-viz keeps to find it. Damaged bytes in that member would go unnoticed.`));
  }

  /** The member that just ended against its trailer: a mismatch names it and what it held, and reading goes on. */
  private gzipCheck(t: Uint8Array, inner: SourceEntries, last: boolean): void {
    const g = this.gzip;
    const crc = ((t[0] as number) | ((t[1] as number) << 8) | ((t[2] as number) << 16) | ((t[3] as number) << 24)) >>> 0;
    const size = ((t[4] as number) | ((t[5] as number) << 8) | ((t[6] as number) << 16) | ((t[7] as number) << 24)) >>> 0;
    const length = g.out - g.memberOut;
    if (crc === g.crc >>> 0 && size === length % 0x100000000) return;
    const files = inner.tarFilesWithin(g.memberOut, g.out);
    const what =
      g.members === 0 && last
        ? 'its CRC-32 or length does not match its trailer'
        : `the ${ordinal(g.members + 1)} of its gzip members (bytes ${(g.memberOut + 1).toLocaleString('en-US')} to ${g.out.toLocaleString('en-US')} of the data it holds) does not match its trailer (CRC-32 or length)`;
    const held =
      files === null
        ? ' What was read from it may be wrong (its other diagnostics may come from the damage).'
        : files.length === 0
          ? ' It held none of the files of the archive (only tar headers or padding).'
          : ` It held ${files.length === 1 ? 'the file' : `these ${files.length} files of the archive:`} ${listNames(files)}; what was read from ${files.length === 1 ? 'it' : 'them'} may be wrong (${files.length === 1 ? 'its' : 'their'} other diagnostics may come from the damage)${files.length > 1 ? '. A tar keeps no checksum of its own files, so which of them is damaged cannot be told' : ''}.`;
    this.hooks.diagnostic(lineDiagnostic(this.name, -1, 0, 0, 'error', 'archive-damaged', `This gzip data is damaged: ${what}, so its compressed bytes were changed.${held}${g.members > 0 ? ' The members before it checked out.' : ''}${g.members === 0 && last ? '' : ' The other members are read as usual.'} Get a fresh copy of the file.`));
  }

  /** tar only: the paths of the files whose bytes lie (in part) between `start` and `end` of the tar; null when this is not a tar. */
  tarFilesWithin(start: number, end: number): string[] | null {
    if (this.mode.kind !== 'tar' && this.tarSpans.length === 0) return null;
    return this.tarSpans.filter((s) => s.start < end && s.end > start).map((s) => s.path);
  }

  /**
   * Whether the gzip stream read through was whole. fflate's Gunzip throws on a stream cut inside
   * its compressed data, but a stream cut inside its header ends quietly, as if empty (the smallest
   * whole stream, header, empty block and trailer, is 20 bytes), and it does not check the
   * trailers' CRC-32 and length: damaged compressed bytes may inflate to other bytes (a tar's
   * end-of-archive blocks, say) without an error. The last member is checked here (the others as
   * the next one starts, gzipMemberEnded).
   */
  private gzipComplete(inner: SourceEntries): void {
    const g = this.gzip;
    if (this.damaged) return;
    if (g.bytes < 20) return this.damage(`it is ${plural(g.bytes, 'byte')} of gzip data, less than any whole gzip stream`);
    this.gzipCheck(g.tail, inner, true);
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

/** Input bytes kept from before the chunk being decompressed, to find a gzip member's trailer when the next member's header ends in a later chunk. */
const GZIP_LOOKBACK = 4096;

/** The last `n` bytes of `a` then `b`. */
function lastBytes(a: Uint8Array, b: Uint8Array, n: number): Uint8Array {
  if (b.byteLength >= n) return b.slice(b.byteLength - n);
  const keep = Math.min(a.byteLength, n - b.byteLength);
  const out = new Uint8Array(keep + b.byteLength);
  out.set(a.subarray(a.byteLength - keep));
  out.set(b, keep);
  return out;
}

/** 1st, 2nd, 3rd, 4th, 11th, 21st… */
function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** `a, b and c`, or the first three and how many more. */
function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 3);
  const more = names.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
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
