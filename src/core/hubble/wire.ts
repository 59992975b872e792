/**
 * Readers for protojson values (semantics reference D.2): absent fields mean the proto default,
 * 64-bit integers arrive as strings, 32-bit ones as numbers (strings tolerated). Each reader
 * records the first problem in a `WireErrors` and returns the default, so a parser reads a whole
 * record without exceptions and decides at the end. Paths are built only on failure: this runs
 * once per flow on exports of gigabytes.
 * @internal
 */

export interface WireError {
  readonly path: string;
  readonly message: string;
}

export class WireErrors {
  first: WireError | null = null;
  fail(path: string, message: string): void {
    if (this.first === null) this.first = { path, message };
  }
}

export type WireObject = Readonly<Record<string, unknown>>;

export const EMPTY_STRINGS: readonly string[] = Object.freeze([]);

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

export function isObject(v: unknown): v is WireObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A nested message: null when absent (or JSON null, which protojson also accepts). */
export function readObject(o: WireObject, key: string, path: string, e: WireErrors): WireObject | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (isObject(v)) return v;
  e.fail(join(path, key), `expected an object, found ${describe(v)}`);
  return null;
}

export function readString(o: WireObject, key: string, path: string, e: WireErrors): string {
  const v = o[key];
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  e.fail(join(path, key), `expected a string, found ${describe(v)}`);
  return '';
}

/** A uint32/int32/uint64 field: JSON number or decimal string; 0 when absent. */
export function readInt(o: WireObject, key: string, path: string, e: WireErrors): number {
  const v = o[key];
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return v;
  } else if (v === undefined || v === null) {
    return 0;
  } else if (typeof v === 'string' && /^-?\d+$/.test(v)) {
    return Number(v);
  }
  e.fail(join(path, key), `expected an integer (number or decimal string), found ${describe(v)}`);
  return 0;
}

/**
 * A port (`uint32` on the wire, 0-65535 in any packet): a number outside that range is a
 * corrupted line, reported rather than shown as port 70000 or -1.
 */
export function readPort(o: WireObject, key: string, path: string, e: WireErrors): number {
  const v = o[key];
  const n = readInt(o, key, path, e);
  if (n >= 0 && n <= 65535) return n;
  e.fail(join(path, key), `expected a port 0-65535, found ${describe(v)}`);
  return 0;
}

/** A bool or BoolValue wrapper: null when absent (for wrappers that means unknown). */
export function readBool(o: WireObject, key: string, path: string, e: WireErrors): boolean | null {
  const v = o[key];
  if (typeof v === 'boolean') return v;
  if (v === undefined || v === null) return null;
  e.fail(join(path, key), `expected true or false, found ${describe(v)}`);
  return null;
}

/** A repeated string; the parsed array itself is returned (no copy) once every item is checked. */
export function readStrings(o: WireObject, key: string, path: string, e: WireErrors): readonly string[] {
  const v = o[key];
  if (v === undefined || v === null) return EMPTY_STRINGS;
  if (!Array.isArray(v)) {
    e.fail(join(path, key), `expected a list of strings, found ${describe(v)}`);
    return EMPTY_STRINGS;
  }
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'string') {
      e.fail(join(join(path, key), i), `expected a string, found ${describe(v[i])}`);
      return EMPTY_STRINGS;
    }
  }
  return v as readonly string[];
}

/** A repeated message: the items, each checked to be an object. */
export function readObjects(o: WireObject, key: string, path: string, e: WireErrors): readonly WireObject[] {
  const v = o[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    e.fail(join(path, key), `expected a list of objects, found ${describe(v)}`);
    return [];
  }
  for (let i = 0; i < v.length; i++) {
    if (!isObject(v[i])) {
      e.fail(join(join(path, key), i), `expected an object, found ${describe(v[i])}`);
      return [];
    }
  }
  return v as readonly WireObject[];
}

export function pathOf(path: string, key: string): string {
  return join(path, key);
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return v.length > 40 ? `a string ("${v.slice(0, 40)}…")` : `a string ("${v}")`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

const FAST_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/;
const ANY_TIME = /^(\d{4}-\d\d-\d\d)[Tt](\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?([Zz]|[+-]\d\d:\d\d)$/;

/**
 * RFC 3339 timestamp to the canonical `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ` (UTC, 9 fraction digits),
 * so that times compare as strings. protojson writes 0, 3, 6 or 9 digits; offsets are tolerated.
 * Returns null when the text is not an RFC 3339 time.
 */
export function canonicalTime(text: string): string | null {
  if (text.length === 30 && FAST_TIME.test(text)) return text;
  const m = ANY_TIME.exec(text);
  if (!m) return null;
  const frac = (m[3] ?? '').padEnd(9, '0');
  const zone = m[4] ?? 'Z';
  if (zone === 'Z' || zone === 'z') return `${m[1]}T${m[2]}.${frac}Z`;
  const ms = Date.parse(`${m[1]}T${m[2]}${zone}`);
  if (Number.isNaN(ms)) return null;
  // Offsets are whole minutes: only the seconds part moves, the fraction stays as written.
  return `${new Date(ms).toISOString().slice(0, 19)}.${frac}Z`;
}
