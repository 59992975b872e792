import type { Diagnostic } from '../model/diagnostic.ts';
import { crc32 } from '../util/crc32.ts';
import { plural } from '../util/plural.ts';
import { lineDiagnostic } from './diagnostics.ts';

/**
 * Checks a gzip stream read through fflate's Gunzip, which checks none of it: each member's
 * CRC-32 and length against its own trailer, and that the stream is whole. A stream cut inside its
 * header ends quietly, as if empty (the smallest whole stream, header, empty block and trailer, is
 * 20 bytes); damaged compressed bytes may inflate to other bytes (a tar's end-of-archive blocks,
 * say) without an error. A stream of several members (`cat a.gz b.gz`, pigz --independent, bgzip)
 * is checked member by member as the next starts (Gunzip's `onmember` offset: the trailer is the 8
 * bytes before it), the last at the end: a damaged member is named, with the files of the tar it
 * held, and the others still load. A rare reader (rareReaders.ts): used by sourceEntries.ts.
 * @internal
 */
export class GzipMembers {
  /** Input bytes seen, the last 8 of them (the last member's trailer). */
  private bytes = 0;
  private tail = new Uint8Array(8);
  /** Members ended so far; the CRC-32 and length of what the current one gave, and where in the output it started. */
  private members = 0;
  private crc = 0;
  private out = 0;
  private memberOut = 0;
  /** The chunk being decompressed (from input offset `bytes - chunk.length`) and up to LOOKBACK bytes just before it. */
  private chunk: Uint8Array = new Uint8Array(0);
  private before: Uint8Array = new Uint8Array(0);
  private uncheckedSaid = false;

  constructor(
    private readonly name: string,
    private readonly say: (d: Diagnostic) => void,
    /** The paths of the tar's files whose bytes lie between two offsets of the output; null when it is not a tar. */
    private readonly tarFiles: (start: number, end: number) => string[] | null,
  ) {}

  /** Before a chunk is pushed to Gunzip. */
  input(chunk: Uint8Array): void {
    this.bytes += chunk.byteLength;
    this.tail = chunk.byteLength >= 8 ? chunk.slice(-8) : new Uint8Array([...this.tail.subarray(chunk.byteLength), ...chunk]);
    this.chunk = chunk;
  }

  /** After it was pushed. */
  inputDone(chunk: Uint8Array): void {
    this.before = lastBytes(this.before, chunk, LOOKBACK);
    this.chunk = new Uint8Array(0);
  }

  /** What Gunzip gave. */
  output(data: Uint8Array): void {
    this.crc = crc32(data, this.crc);
    this.out += data.length;
  }

  /** A member ended; the next starts at input offset `next`. */
  memberEnded(next: number): void {
    const chunkStart = this.bytes - this.chunk.byteLength;
    const trailer = new Uint8Array(8);
    let found = true;
    for (let k = 0; k < 8 && found; k++) {
      const at = next - 8 + k;
      const b = at >= chunkStart ? this.chunk[at - chunkStart] : this.before[this.before.length - (chunkStart - at)];
      if (b === undefined) found = false;
      else trailer[k] = b;
    }
    if (found) this.check(trailer, false);
    else if (!this.uncheckedSaid) {
      // A header longer than what is kept: this member goes unchecked, said once.
      this.uncheckedSaid = true;
      this.say(lineDiagnostic(this.name, -1, 0, 0, 'info', 'archive-unchecked', `The ${ordinal(this.members + 1)} of this gzip data's members was not checked against its trailer: the header after it is longer than the ${LOOKBACK} bytes netpol-viz keeps to find it. Damaged bytes in that member would go unnoticed.`));
    }
    this.members++;
    this.crc = 0;
    this.memberOut = this.out;
  }

  /** The stream ended (not cut by an error): why it is damaged when it is shorter than any whole stream, else the last member is checked. */
  end(): string | null {
    if (this.bytes < 20) return `it is ${plural(this.bytes, 'byte')} of gzip data, less than any whole gzip stream`;
    this.check(this.tail, true);
    return null;
  }

  /** The member that just ended against its trailer: a mismatch names it and what it held; reading goes on. */
  private check(t: Uint8Array, last: boolean): void {
    const crc = ((t[0] as number) | ((t[1] as number) << 8) | ((t[2] as number) << 16) | ((t[3] as number) << 24)) >>> 0;
    const size = ((t[4] as number) | ((t[5] as number) << 8) | ((t[6] as number) << 16) | ((t[7] as number) << 24)) >>> 0;
    if (crc === this.crc >>> 0 && size === (this.out - this.memberOut) % 0x100000000) return;
    const only = this.members === 0 && last;
    const files = this.tarFiles(this.memberOut, this.out);
    const what = only
      ? 'its CRC-32 or length does not match its trailer'
      : `the ${ordinal(this.members + 1)} of its gzip members (bytes ${(this.memberOut + 1).toLocaleString('en-US')} to ${this.out.toLocaleString('en-US')} of the data it holds) does not match its trailer (CRC-32 or length)`;
    const n = files?.length ?? 0;
    const held =
      files === null
        ? ' What was read from it may be wrong (its other diagnostics may come from the damage).'
        : n === 0
          ? ' It held none of the files of the archive (only tar headers or padding).'
          : ` It held ${n === 1 ? 'the file' : `these ${n} files of the archive:`} ${listNames(files)}; what was read from ${n === 1 ? 'it' : 'them'} may be wrong (${n === 1 ? 'its' : 'their'} other diagnostics may come from the damage)${n > 1 ? '. A tar keeps no checksum of its own files, so which of them is damaged cannot be told' : ''}.`;
    this.say(lineDiagnostic(this.name, -1, 0, 0, 'error', 'archive-damaged', `This gzip data is damaged: ${what}, so its compressed bytes were changed.${held}${this.members > 0 ? ' The members before it checked out.' : ''}${only ? '' : ' The other members are read as usual.'} Get a fresh copy of the file.`));
  }
}

/** Input bytes kept from before the chunk being decompressed, to find a member's trailer when the next member's header ends in a later chunk. */
const LOOKBACK = 4096;

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
  return `${n}${teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;
}

/** `a, b and c`, or the first three and how many more. */
function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 3);
  const more = names.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}
