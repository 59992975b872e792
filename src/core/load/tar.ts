/**
 * A streaming tar reader (POSIX ustar, pax `path`/`size` records, GNU long names): members are
 * handed on chunk by chunk as they arrive, so a multi-GB archive is never held. Directories,
 * links and special files are passed over. After a damaged header the next good one is looked
 * for (as GNU tar does), so one damaged header costs its member, not the rest of the archive;
 * when the damaged header's member is itself a tar (a bugtool tarball in a sysdump tar), its bytes
 * start with a good header right after the damaged one: that tar is handed on whole as the member
 * (its end found by a reader of its own), and reading goes on after it. A tar has a checksum for each header block only, none
 * for a file's data (POSIX ustar, pax, GNU alike): bytes changed inside a plain tar's file cannot be
 * told; inside a .tar.gz the gzip trailers are checked (sourceEntries.ts) and name the files the
 * damaged part held (the `span` each file is handed with).
 * @internal
 */
import { ascii, BLOCK, checksumOk, octal, utf8 } from './tarHeader.ts';

export interface TarHandler {
  /**
   * A regular file starts; return where its bytes go, or null to pass over them. `span`: where it
   * lies in the tar's bytes, from its first header (a pax or GNU long-name one included) to the end
   * of its padded data (a damaged stretch of a compressed tar is mapped to the files it held).
   */
  file(name: string, size: number, span: { readonly start: number; readonly end: number }): { push(b: Uint8Array): void; end(): void } | null;
  /** The archive is damaged (cut short, no header after a damaged one): reading stops. */
  damaged(reason: string): void;
  /**
   * A member header at byte `from` is damaged (bad checksum): the bytes up to the next header, at
   * `to`, were passed over (that member, and any whose headers lay in them), and reading goes on.
   */
  skipped(from: number, to: number): void;
  /**
   * Damage read around (the message says it for a person): a member header damaged yet its member a
   * tar whose headers hold, handed on whole (a warning), or bytes after such a tar that are no
   * member and were passed over (an error).
   */
  damagedAround(severity: 'warning' | 'error', message: string): void;
}

/** A header to read again from after a damaged one: its checksum holds and it says `ustar` (every tar writer since POSIX.1-1988, GNU's too). */
function isResyncHeader(h: Uint8Array): boolean {
  return ascii(h, 257, 5) === 'ustar' && checksumOk(h);
}

/** Bytes after a tar held by a member with a damaged header that are neither zero padding nor a member header. */
function strayMessage(from: number, to: number | null): string {
  const where = to === null ? 'up to the end of the archive, where no member header follows' : `up to the next member header, at byte ${to}, where it is read again`;
  return `The archive is damaged: after the tar archive held by a member with a damaged header (it ends at byte ${from}), the bytes ${where}, are no tar member and are passed over (any file in them is missing). Get a fresh copy of the archive.`;
}

/** A ustar header's name: its prefix field, if any, then its name field. */
function headerName(h: Uint8Array): string {
  const name = utf8(h, 0, 100);
  const prefix = ascii(h, 257, 5) === 'ustar' ? utf8(h, 345, 155) : '';
  return prefix ? `${prefix}/${name}` : name;
}

/** pax extended header records: `<len> <key>=<value>\n`. */
function paxRecords(data: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  const text = new TextDecoder().decode(data);
  let i = 0;
  while (i < text.length) {
    const sp = text.indexOf(' ', i);
    if (sp < 0) break;
    const len = parseInt(text.slice(i, sp), 10);
    if (!(len > 0)) break;
    const rec = text.slice(sp + 1, i + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out.set(rec.slice(0, eq), rec.slice(eq + 1));
    i += len;
  }
  return out;
}

export class TarReader {
  private header = new Uint8Array(BLOCK);
  private headerFill = 0;
  /** Bytes of the current member still to come, then its padding. */
  private remaining = 0;
  private padding = 0;
  private target: { push(b: Uint8Array): void; end(): void } | null = null;
  /** A pax/GNU header's data being collected for the next member. */
  private meta: { type: string; parts: Uint8Array[]; fill: number } | null = null;
  private nextName: string | null = null;
  private nextSize: number | null = null;
  private done = false;
  private zeroBlocks = 0;
  /** Bytes of the tar taken in so far, and where the current member's first header started. */
  private consumed = 0;
  private memberStart: number | null = null;
  /** Where a damaged header was met, while blocks are passed over looking for the next good one (GNU tar does so too). */
  private resyncFrom: number | null = null;
  /** The damaged header just met, when its size field says it has data: its member may be a tar (its first block a good header). */
  private suspect: { readonly from: number; readonly name: string; readonly size: number; readonly start: number } | null = null;
  /** A tar held by a member whose header is damaged: its bytes go to `target` until `framing` (a reader of its own) has met its end. */
  private nested: TarReader | null = null;
  /** The blocks passed over follow such a tar: zero blocks (its record padding, the archive's end) are no damage. */
  private afterNested = false;
  private strayBytes = false;

  constructor(private readonly handler: TarHandler) {}

  push(chunk: Uint8Array): void {
    const before = this.consumed;
    let i = 0;
    while (i < chunk.length && !this.done) {
      if (this.nested !== null) {
        // The nested tar's reader takes bytes up to its end-of-archive blocks; its `consumed` says how many.
        const framing = this.nested;
        const was = framing.consumed;
        framing.push(chunk.subarray(i));
        const n = framing.done ? framing.consumed - was : chunk.length - i;
        this.target?.push(chunk.subarray(i, i + n));
        i += n;
        this.consumed = before + i;
        if (framing.done) this.endNested();
        continue;
      }
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - i);
        const part = chunk.subarray(i, i + n);
        if (this.meta) {
          this.meta.parts.push(part.slice());
          this.meta.fill += n;
        } else this.target?.push(part);
        this.remaining -= n;
        i += n;
        this.consumed = before + i;
        if (this.remaining === 0) this.finishData();
        continue;
      }
      if (this.padding > 0) {
        const n = Math.min(this.padding, chunk.length - i);
        this.padding -= n;
        i += n;
        this.consumed = before + i;
        continue;
      }
      const n = Math.min(BLOCK - this.headerFill, chunk.length - i);
      this.header.set(chunk.subarray(i, i + n), this.headerFill);
      this.headerFill += n;
      i += n;
      this.consumed = before + i;
      if (this.headerFill === BLOCK) {
        this.headerFill = 0;
        this.onHeader(this.header);
      }
    }
  }

  end(): void {
    if (this.done) return;
    if (this.nested !== null) {
      this.nested = null;
      this.target?.end();
      this.target = null;
      this.handler.damaged('the archive ends inside the tar held by the member whose header is damaged (cut short?)');
    } else if (this.resyncFrom !== null && this.afterNested) {
      if (this.strayBytes) this.handler.damagedAround('error', strayMessage(this.resyncFrom, null));
    } else if (this.resyncFrom !== null) {
      this.handler.damaged(`a member header at byte ${this.resyncFrom} is damaged (bad checksum) and no member header follows it`);
    } else if (this.remaining > 0 || this.headerFill > 0) {
      this.target?.end();
      this.target = null;
      this.handler.damaged('the archive ends in the middle of a member (cut short?)');
    } else if (this.zeroBlocks === 0) {
      // Every tar writer ends with two zero blocks; without them, members after the cut are lost unsaid.
      this.handler.damaged("the archive ends without tar's end-of-archive blocks: cut short between two members?");
    }
    this.done = true;
  }

  private onHeader(h: Uint8Array): void {
    if (this.resyncFrom !== null) {
      const suspect = this.suspect;
      this.suspect = null;
      if (suspect !== null && this.consumed - BLOCK === suspect.from + BLOCK && isResyncHeader(h)) return this.startNested(suspect, h);
      // Zero blocks too are passed over: the damaged member's data may hold some.
      if (!isResyncHeader(h)) {
        if (!h.every((x) => x === 0)) this.strayBytes = true;
        return;
      }
      if (!this.afterNested) this.handler.skipped(this.resyncFrom, this.consumed - BLOCK);
      else if (this.strayBytes) this.handler.damagedAround('error', strayMessage(this.resyncFrom, this.consumed - BLOCK));
      this.resyncFrom = null;
      this.afterNested = false;
      this.strayBytes = false;
    }
    if (h.every((x) => x === 0)) {
      if (++this.zeroBlocks >= 2) this.done = true;
      return;
    }
    this.zeroBlocks = 0;
    if (!checksumOk(h)) {
      // Its size is not to be trusted: the next good header is looked for block by block. What a
      // pax or GNU header before it said is of the lost member (or of the tar it holds, startNested).
      this.resyncFrom = this.consumed - BLOCK;
      const size = octal(h, 124, 12);
      const type = String.fromCharCode(h[156] as number);
      // A size of 0 (an empty file's): the next header is the next member's, not the first of a tar in it.
      if (Number.isFinite(size) && size > 0 && (type === '0' || type === '\u0000' || type === '7')) {
        this.suspect = { from: this.resyncFrom, name: this.nextName ?? headerName(h), size, start: this.memberStart ?? this.resyncFrom };
      }
      this.nextName = null;
      this.nextSize = null;
      this.memberStart = null;
      return;
    }
    const type = String.fromCharCode(h[156] as number);
    const size = this.nextSize ?? octal(h, 124, 12);
    const name = this.nextName ?? headerName(h);
    this.remaining = size;
    this.padding = (BLOCK - (size % BLOCK)) % BLOCK;
    const start = this.memberStart ?? this.consumed - BLOCK;
    if (type === 'x' || type === 'g' || type === 'L') {
      this.memberStart = start;
      this.meta = { type, parts: [], fill: 0 };
      // Meta data is small; a huge one is a broken archive, not something to hold.
      if (size > 1024 * 1024) {
        this.handler.damaged('an extended header is over 1 MiB');
        this.done = true;
        return;
      }
      if (size === 0) this.finishData();
      return;
    }
    this.nextName = null;
    this.nextSize = null;
    this.memberStart = null;
    const regular = type === '0' || type === '\u0000' || type === '7';
    this.target = regular ? this.handler.file(name, size, { start, end: this.consumed + size + this.padding }) : null;
    if (size === 0) this.finishData();
  }

  /** The damaged header's member starts with a good tar header: that tar is the member, read through its end. */
  private startNested(suspect: { from: number; name: string; size: number; start: number }, h: Uint8Array): void {
    this.resyncFrom = null;
    this.handler.damagedAround(
      'warning',
      `The archive is damaged: the member header at byte ${suspect.from} is damaged (bad checksum), yet the bytes after it are a tar archive whose own headers hold: it is read as ${JSON.stringify(suspect.name)} (the name the damaged header gives, which the damage may have changed), and the members after it are read on from its end. Get a fresh copy of the archive to be sure of that name.`,
    );
    const pad = (BLOCK - (suspect.size % BLOCK)) % BLOCK;
    this.target = this.handler.file(suspect.name, suspect.size, { start: suspect.start, end: suspect.from + BLOCK + suspect.size + pad });
    const ignore = (): void => {};
    // Only its end is looked for here; the tar's files and damage are read and said by the reader `target` feeds.
    this.nested = new TarReader({ file: () => null, damaged: ignore, skipped: ignore, damagedAround: ignore });
    const block = h.slice();
    this.nested.push(block);
    this.target?.push(block);
  }

  /** The nested tar's end-of-archive blocks are read: what follows is looked at block by block, as after a damaged header. */
  private endNested(): void {
    this.nested = null;
    this.target?.end();
    this.target = null;
    this.resyncFrom = this.consumed;
    this.afterNested = true;
    this.strayBytes = false;
  }

  private finishData(): void {
    if (this.meta) {
      const data = new Uint8Array(this.meta.fill);
      let o = 0;
      for (const p of this.meta.parts) {
        data.set(p, o);
        o += p.length;
      }
      if (this.meta.type === 'L') this.nextName = utf8(data, 0, data.length);
      else if (this.meta.type === 'x') {
        const rec = paxRecords(data);
        const path = rec.get('path');
        if (path) this.nextName = path;
        const size = rec.get('size');
        if (size && /^\d+$/.test(size)) this.nextSize = Number(size);
      }
      this.meta = null;
      return;
    }
    this.target?.end();
    this.target = null;
  }
}
