import type { Diagnostic, Severity } from '../model/diagnostic.ts';
import type { RawDocument } from '../load/types.ts';
import { diagnosticAt, type PathSegment } from '../load/parseTypes.ts';

/**
 * Typed reads of plain JSON values with a diagnostic for every wrong type, shared by the
 * inventory parsers (one per Kubernetes kind). A field of the wrong type is ignored and the rest
 * of the object still loads; the message says what the API server does with such an object.
 * @internal
 */
export type Obj = Readonly<Record<string, unknown>>;

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `string`, `number`, `list`, `map`, `null`, `boolean` (the words a YAML author recognises). */
export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 37)}...` : v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `the boolean ${v}`;
  return typeof v;
}

export const API_REJECTS = 'the API server rejects such an object, so it cannot exist in a cluster; netpol-viz ignores this field and loads the rest';

/** Collects diagnostics for one document. */
export class FieldReader {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly doc: RawDocument) {}

  report(path: readonly PathSegment[], severity: Severity, code: string, message: string): void {
    this.diagnostics.push(diagnosticAt(this.doc, path, severity, code, message));
  }

  wrongType(path: readonly PathSegment[], expected: string, got: unknown, consequence = API_REJECTS): void {
    this.report(path, 'error', 'invalid-type', `${pathText(path)} must be ${expected}, found ${typeName(got)}: ${consequence}.`);
  }

  /** The value at `key` of `obj` when it is a map; null when absent/null; diagnostic otherwise. */
  object(obj: Obj | null, key: string, path: readonly PathSegment[]): Obj | null {
    const v = obj?.[key];
    if (v === undefined || v === null) return null;
    if (isObject(v)) return v;
    this.wrongType(path, 'a map', v);
    return null;
  }

  array(obj: Obj | null, key: string, path: readonly PathSegment[]): readonly unknown[] {
    const v = obj?.[key];
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v;
    this.wrongType(path, 'a list', v);
    return [];
  }

  string(obj: Obj | null, key: string, path: readonly PathSegment[]): string | null {
    const v = obj?.[key];
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') return v;
    this.wrongType(path, 'a string', v);
    return null;
  }

  /** Integer field; `range` is inclusive. Out of range → `invalidCode` error. */
  integer(obj: Obj | null, key: string, path: readonly PathSegment[], range?: { min: number; max: number; code: string; what: string }): number | null {
    const v = obj?.[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      this.wrongType(path, 'an integer', v);
      return null;
    }
    if (range && (v < range.min || v > range.max)) {
      this.report(path, 'error', range.code, `${pathText(path)} is ${v}, outside ${range.min}-${range.max}: ${range.what}.`);
      return null;
    }
    return v;
  }

  boolean(obj: Obj | null, key: string, path: readonly PathSegment[]): boolean | null {
    const v = obj?.[key];
    if (v === undefined || v === null) return null;
    if (typeof v === 'boolean') return v;
    this.wrongType(path, 'true or false', v);
    return null;
  }

  /**
   * A `map[string]string` (labels, annotations, selector). Non-string values are reported and
   * dropped; label keys and values are checked against Kubernetes syntax when `labels` is set.
   */
  stringMap(obj: Obj | null, key: string, path: readonly PathSegment[], labels?: { keyProblem: (k: string) => string | null; valueProblem: (v: string) => string | null }): Record<string, string> {
    const m = this.object(obj, key, path);
    const out: Record<string, string> = {};
    if (!m) return out;
    for (const [k, v] of Object.entries(m)) {
      if (typeof v !== 'string') {
        const p = [...path, k];
        // YAML turns `version: 1.0` and `enabled: true` into numbers and booleans; the API server
        // refuses them for string maps. Keep the text so selectors still have something to match.
        this.report(p, 'error', 'invalid-type', `${pathText(p)} must be a string, found ${typeName(v)} (quote it in YAML): the API server rejects the object; netpol-viz keeps it as "${String(v)}".`);
        if (v === null || typeof v === 'object') continue;
        out[k] = String(v);
        continue;
      }
      if (labels) {
        const kp = labels.keyProblem(k);
        if (kp) this.report([...path, k], 'warning', 'invalid-label', `Label key "${k}" is invalid (${kp}): the API server rejects the object.`);
        const vp = labels.valueProblem(v);
        if (vp) this.report([...path, k], 'warning', 'invalid-label', `Label value "${v}" of "${k}" is invalid (${vp}): the API server rejects the object.`);
      }
      out[k] = v;
    }
    return out;
  }
}

/** Field path for messages (`spec.template.spec.containers[0]`). */
export function pathText(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out === '' ? 'the document' : out;
}
