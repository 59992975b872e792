/**
 * Size and shape limits the loader enforces so that hostile or broken input (a 100 MB line, an
 * alias bomb, ten thousand nested brackets) becomes a diagnostic quickly instead of a hang or an
 * out-of-memory crash. The defaults are far above anything `kubectl` or `hubble` print for one
 * object; a `kubectl get pods -A -o json` List of a large cluster is the biggest legitimate document.
 * @public
 */
import { plural } from '../util/plural.ts';

export interface LoadLimits {
  /** One YAML document, one JSON document or one JSON line, in characters. Default 64 MiB. */
  readonly maxDocumentChars: number;
  /** One line inside a YAML document, in characters (huge plain scalars). Default 1 MiB. */
  readonly maxYamlLineChars: number;
  /** Nesting of objects and arrays in one document. Default 128 (Kubernetes objects stay below 30). */
  readonly maxDepth: number;
  /** YAML alias expansion budget (the `yaml` package's `maxAliasCount`). Default 100. */
  readonly maxAliasCount: number;
  /** Diagnostics of one code in one file before the rest are summarised in one line. Default 50. */
  readonly maxDiagnosticsPerCode: number;
  /**
   * Archives and gzip inside one source are followed this deep (each gzip layer counts). Default 4:
   * a cilium-bugtool .tar.gz in a sysdump zip in a support case's zip.
   */
  readonly maxArchiveDepth: number;
  /** Bytes taken out of one source's archives, counted at every level of nesting. Default 16 GiB. */
  readonly maxArchiveBytes: number;
  /** Files in one source's archives, all levels together. Default 500,000. */
  readonly maxArchiveMembers: number;
  /**
   * Bytes taken out of archives per byte of the source (a zip bomb unpacks to thousands of times
   * its size; deflate alone reaches 1,032 at most), checked past `archiveRatioFromBytes`. Default 1,000.
   */
  readonly maxArchiveRatio: number;
  /** Bytes taken out before the ratio is checked (small archives of repetitive text are fine). Default 64 MiB. */
  readonly archiveRatioFromBytes: number;
}

export const DEFAULT_LIMITS: LoadLimits = {
  maxDocumentChars: 64 * 1024 * 1024,
  maxYamlLineChars: 1024 * 1024,
  maxDepth: 128,
  maxAliasCount: 100,
  maxDiagnosticsPerCode: 50,
  maxArchiveDepth: 4,
  maxArchiveBytes: 16 * 1024 * 1024 * 1024,
  maxArchiveMembers: 500_000,
  maxArchiveRatio: 1000,
  archiveRatioFromBytes: 64 * 1024 * 1024,
};

export function resolveLimits(partial: Partial<LoadLimits> | undefined): LoadLimits {
  return { ...DEFAULT_LIMITS, ...(partial ?? {}) };
}

/** `12.3 MB` style size for messages. */
export function formatSize(chars: number): string {
  if (chars < 1024) return plural(chars, 'byte');
  if (chars < 1024 * 1024) return `${(chars / 1024).toFixed(1)} KiB`;
  return `${(chars / (1024 * 1024)).toFixed(1)} MiB`;
}
