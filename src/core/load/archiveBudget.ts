import type { Diagnostic } from '../model/diagnostic.ts';
import { lineDiagnostic } from './diagnostics.ts';
import { formatSize, type LoadLimits } from './limits.ts';

/** The bounds on one source's archives (LoadLimits `maxArchive*`). @internal */
export type ArchiveLimits = Pick<LoadLimits, 'maxArchiveDepth' | 'maxArchiveBytes' | 'maxArchiveMembers' | 'maxArchiveRatio' | 'archiveRatioFromBytes'>;

/**
 * What the archives of one source may still give (see LoadLimits): shared by the source's entries
 * at every level. Bytes are counted where they come out of an archive or a gzip layer, at each
 * level (a .tar.gz in a zip counts its compressed bytes, then its tar, then its members): the
 * work done, which is what the bounds are for. A rare reader (rareReaders.ts): only archives need it.
 * @internal
 */
export class ArchiveBudget {
  private unpacked = 0;
  private members = 0;
  /** Set once a bound is reached: nothing more is read from this source. */
  stopped = false;

  constructor(
    private readonly limits: ArchiveLimits,
    private readonly diagnostic: (d: Diagnostic) => void,
    /** Bytes of the source itself (the outermost archive) read so far. */
    private readonly sourceBytes: () => number,
  ) {}

  /** Bytes out of an archive into `name`; false (and the diagnostic, once) when a bound is reached. */
  unpack(name: string, n: number): boolean {
    if (this.stopped) return false;
    this.unpacked += n;
    const l = this.limits;
    if (this.unpacked > l.maxArchiveBytes) return this.stop(name, `the archives in this source unpack to more than ${formatSize(l.maxArchiveBytes)} (counted at every level of nesting)`);
    if (this.unpacked > l.archiveRatioFromBytes && this.unpacked > l.maxArchiveRatio * Math.max(1, this.sourceBytes())) {
      return this.stop(name, `the archives in this source unpack to more than ${l.maxArchiveRatio} times their own size (${formatSize(this.unpacked)} out of ${formatSize(this.sourceBytes())}): a zip bomb, or data no tool writes`);
    }
    return true;
  }

  /** One more file in an archive; false when a bound is reached. */
  member(name: string): boolean {
    if (this.stopped) return false;
    if (++this.members > this.limits.maxArchiveMembers) return this.stop(name, `the archives in this source hold more than ${this.limits.maxArchiveMembers} files`);
    return true;
  }

  private stop(name: string, why: string): false {
    this.stopped = true;
    this.diagnostic(
      lineDiagnostic(name, -1, 0, 0, 'error', 'archive-limit', `Reading stopped here: ${why}. What was read before this point is loaded; this file and the rest of the archive are not. Unpack the archive and load the files you need (policies, inventory, flows) on their own.`),
    );
    return false;
  }
}

