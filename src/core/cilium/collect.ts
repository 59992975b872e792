import type { RawDocument } from '../load/types.ts';
import { diagnosticAt, formatPath, type ParseResult, type PathSegment } from '../load/parseTypes.ts';
import type { Diagnostic, Severity } from '../model/diagnostic.ts';
import type { SelectorIssue } from '../k8s/LabelSelector.ts';
import type { VersionGate } from '../model/versionGap.ts';

/**
 * Reads one policy object with a Collector (CNP, CCNP, NetworkPolicy, the tiered kinds): its value
 * unless it is rejected, and every diagnostic. A bug in the parser is reported as an
 * `internal-error` diagnostic of this object, never thrown: the rest of the load goes on.
 * @internal
 */
export function collectPolicy<T>(doc: RawDocument, rejectPrefix: string, parse: (c: Collector) => T | null): ParseResult<T> {
  const c = new Collector(doc, rejectPrefix);
  try {
    const value = parse(c);
    return { value: c.rejected ? null : value, diagnostics: c.diagnostics, ...(c.versionGates.length > 0 ? { versionGates: c.versionGates } : {}) };
  } catch (err) {
    c.reject([], 'internal-error', `internal parser error (please report): ${err instanceof Error ? err.message : String(err)}`);
    return { value: null, diagnostics: c.diagnostics };
  }
}

/**
 * Collects diagnostics while a policy object is read, and remembers whether the object as a
 * whole is rejected (Cilium's Sanitize, the CRD schema or the Kubernetes API server would refuse
 * it). Parsers keep going after a rejection so that the user sees every problem at once.
 * @internal
 */
export class Collector {
  readonly diagnostics: Diagnostic[] = [];
  /** Fields this version refuses or ignores that release `appliesOn` applies (model/versionGap.ts). */
  readonly versionGates: VersionGate[] = [];
  rejected = false;
  /** How the object was read under an assumed agent flag (Policy.assumed). */
  assumed?: string;

  constructor(
    readonly doc: RawDocument,
    /** Prefix of every rejection message, e.g. "Cilium rejects the whole policy". */
    private readonly rejectPrefix: string,
  ) {}

  /** The object does not import at all. */
  reject(path: readonly PathSegment[], code: string, message: string): void {
    this.rejected = true;
    this.push(path, 'error', code, `${this.rejectPrefix}: ${message}`);
  }

  /**
   * Records that the version read refuses or ignores the field at `path` (`what`, in a few
   * words) while release `appliesOn` applies it; the diagnostic is said separately.
   */
  versionGate(path: readonly PathSegment[], what: string, appliesOn: string): void {
    this.versionGates.push({ path: formatPath(path), what, appliesOn });
  }

  warn(path: readonly PathSegment[], code: string, message: string): void {
    this.push(path, 'warning', code, message);
  }

  info(path: readonly PathSegment[], code: string, message: string): void {
    this.push(path, 'info', code, message);
  }

  /** Forwards label-selector issues; fatal ones reject the object. */
  selectorIssues(issues: readonly SelectorIssue[]): void {
    for (const i of issues) {
      if (i.fatal) this.reject(i.path, i.code, i.message);
      else this.push(i.path, i.severity, i.code, i.message);
    }
  }

  /** Dotted form of a path inside the object (for Entry/Peer/Rule `path` fields). */
  pathText(path: readonly PathSegment[]): string {
    return formatPath(path);
  }

  private push(path: readonly PathSegment[], severity: Severity, code: string, message: string): void {
    this.diagnostics.push(diagnosticAt(this.doc, path, severity, code, message));
  }
}

export type Json = Record<string, unknown>;

export function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Short description of a JSON value for messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `"${v}"`;
  return `${typeof v} ${String(v)}`;
}

/** A field's value; YAML `key:` (null) counts as absent, like Go's JSON decoding into a pointer/slice. */
export function field(obj: Json, key: string): unknown {
  const v = obj[key];
  return v === null ? undefined : v;
}

/**
 * Reads `obj[key]` expecting a list. Returns undefined when absent, null when of the wrong type
 * (after rejecting: the CRD schema refuses the object).
 */
export function listField(c: Collector, obj: Json, key: string, path: readonly PathSegment[]): unknown[] | undefined | null {
  const v = field(obj, key);
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) {
    c.reject([...path, key], 'invalid-type', `"${key}" must be a list, got ${describe(v)}`);
    return null;
  }
  return v as unknown[];
}

export function objectField(c: Collector, obj: Json, key: string, path: readonly PathSegment[]): Json | undefined | null {
  const v = field(obj, key);
  if (v === undefined) return undefined;
  if (!isRecord(v)) {
    c.reject([...path, key], 'invalid-type', `"${key}" must be an object, got ${describe(v)}`);
    return null;
  }
  return v;
}

export function stringField(c: Collector, obj: Json, key: string, path: readonly PathSegment[]): string | undefined | null {
  const v = field(obj, key);
  if (v === undefined) return undefined;
  if (typeof v !== 'string') {
    c.reject([...path, key], 'invalid-type', `"${key}" must be a string, got ${describe(v)} (quote it in YAML)`);
    return null;
  }
  return v;
}

export function boolField(c: Collector, obj: Json, key: string, path: readonly PathSegment[]): boolean | undefined | null {
  const v = field(obj, key);
  if (v === undefined) return undefined;
  if (typeof v !== 'boolean') {
    c.reject([...path, key], 'invalid-type', `"${key}" must be true or false, got ${describe(v)}`);
    return null;
  }
  return v;
}

/**
 * Warns about every key of `obj` not in `known`: the API server drops unknown fields (a CRD's
 * structural schema prunes them; a built-in type such as NetworkPolicy is decoded without them),
 * so the object loads without them. `consequence` says what that means here.
 */
export function pruneUnknown(
  c: Collector,
  obj: Json,
  path: readonly PathSegment[],
  known: readonly string[],
  /** `near`: the known field the key most likely meant (case or a typo away), if any. */
  consequence: (key: string, near: string | undefined) => string,
): void {
  for (const k of Object.keys(obj)) {
    if (known.includes(k)) continue;
    const near = known.find((n) => n.toLowerCase() === k.toLowerCase() || editDistance(n, k) <= 2);
    const hint = near ? ` (did you mean "${near}"?)` : '';
    c.warn(
      [...path, k],
      'unknown-field',
      `unknown field "${k}"${hint} is dropped by the API server (kubectl's default strict validation refuses the object instead); ${consequence(k, near)}`,
    );
  }
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j] as number;
      prev[j] = Math.min((prev[j] as number) + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length] as number;
}

/** `1.19`, `v1.18.3` → [1, 19]; unparsable → the default 1.19. */
export function parseVersion(text: string | undefined): readonly [number, number] {
  const m = /^v?(\d+)\.(\d+)/.exec((text ?? '').trim());
  if (!m) return [1, 19];
  return [Number(m[1]), Number(m[2])];
}

export function versionAtLeast(v: readonly [number, number], major: number, minor: number): boolean {
  return v[0] > major || (v[0] === major && v[1] >= minor);
}
