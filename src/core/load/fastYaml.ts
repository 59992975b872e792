import { FAILSAFE_SCHEMA, load, Type, type LoadOptions, type State } from 'js-yaml';

/**
 * Fast path for plain YAML documents (what `kubectl get -o yaml` prints): js-yaml builds the
 * value about ten times faster than the `yaml` package builds its AST. It is only trusted where
 * both parsers provably agree; everything else returns null and takes the `yaml` path, which
 * stays the reference (exact positions, alias budget, duplicate-key and syntax diagnostics):
 *
 * - any js-yaml error (syntax, duplicate keys, nesting) → `yaml` path, which reports it;
 * - anchors, aliases, explicit tags and `%` directives (alias bombs, `%YAML 1.1` scalars, custom
 *   tags) → `yaml` path, detected by js-yaml itself while it parses;
 * - keys the two libraries turn into different strings (null keys, `<<` merge keys, collection
 *   keys) → `yaml` path;
 * - plain scalars resolve with exactly the `yaml` package's YAML 1.2 core-schema rules (below),
 *   not js-yaml's own, so `yes`, `on`, `0755`, `0b1`, `1_000` and dates read the same in both.
 *
 * Positions are not computed here, except where every object needs one: the start and end of
 * each element of arrays at the top two levels (a List's `items`, a top-level array), recorded
 * from js-yaml's parse events. Everything else is found lazily by re-parsing with `yaml`.
 * @internal
 */
export interface FastYamlResult {
  readonly value: unknown;
  /** [start, end) offsets of the elements of arrays at depth 1 and 2 (root array, `items`), by array identity. */
  readonly elementRanges: ReadonlyMap<unknown[], readonly (readonly [number, number])[]>;
}

// YAML 1.2 core schema as the `yaml` package (2.x) resolves plain scalars, in its order
// (schema/core/schema.js: null, bool, intOct, int, intHex, floatNaN, floatExp, float). Null and
// bool are compared as strings below; these are the numeric rules.
const INT_OCT_RE = /^0o[0-7]+$/;
const INT_RE = /^[-+]?[0-9]+$/;
const INT_HEX_RE = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN_RE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** The `yaml` package's value for a plain scalar, or `undefined` when it stays a string. */
export function coreScalar(s: string): unknown {
  // Called for every plain scalar, keys included: decide by the first character, and compare
  // words as strings (null: `~`, `null`, `Null`, `NULL`, empty; bool: `true`… `FALSE`).
  if (s.length === 0) return null;
  const c = s.charCodeAt(0);
  switch (c) {
    case 0x7e: // ~
      return s.length === 1 ? null : undefined;
    case 0x6e: // n
    case 0x4e: // N
      return s === 'null' || s === 'Null' || s === 'NULL' ? null : undefined;
    case 0x74: // t
    case 0x54: // T
      return s === 'true' || s === 'True' || s === 'TRUE' ? true : undefined;
    case 0x66: // f
    case 0x46: // F
      return s === 'false' || s === 'False' || s === 'FALSE' ? false : undefined;
  }
  // Only digits, signs and `.` can start a number.
  if (!((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e)) return undefined;
  if (INT_OCT_RE.test(s)) return parseInt(s.substring(2), 8);
  if (INT_RE.test(s)) return parseInt(s, 10);
  if (INT_HEX_RE.test(s)) return parseInt(s.substring(2), 16);
  if (FLOAT_NAN_RE.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (FLOAT_EXP_RE.test(s) || FLOAT_RE.test(s)) return parseFloat(s);
  return undefined;
}

const CORE_TAG = 'tag:netpol-viz,2025:core-plain';
/** Set by `resolve` for `construct` (js-yaml calls them back to back for one scalar). */
let resolved: unknown;

const corePlain = new Type(CORE_TAG, {
  kind: 'scalar',
  resolve: (data: unknown) => {
    if (typeof data !== 'string') return false;
    resolved = coreScalar(data);
    return resolved !== undefined;
  },
  construct: () => resolved,
});

/** Strings, sequences and mappings (failsafe) plus the `yaml` package's core resolution: no merge, no timestamps, no binary. */
const SCHEMA = FAILSAFE_SCHEMA.extend({ implicit: [corePlain] });

/** What js-yaml's parse events expose beyond @types/js-yaml's `State`. */
interface EventState extends State {
  tag: string | null;
  anchor: string | null;
}

class NotPlain extends Error {}

/**
 * Nesting js-yaml accepts (its `maxDepth`, counted in nodes from the root): a value it returns
 * has no node deeper than this, so the loader's own depth walk only matters below it.
 */
export const FAST_MAX_DEPTH = 100;

interface Frame {
  readonly start: number;
  /** Element ranges of this node's children (kept for the top two levels only). */
  readonly kids: [number, number][] | null;
}

/**
 * Texts on which js-yaml and `yaml` were seen to differ (differential fuzzing, see
 * yamlFastPath.test.ts), or may: each sign sends the document to the `yaml` path. The patterns
 * also match inside quoted strings and block scalars, which only costs speed. Cheap `includes`
 * checks first: these regexes run over every byte of a 30 MB inventory.
 */
function hasDivergentSyntax(text: string): boolean {
  return (
    // Explicit `?` keys and flow collections as keys: `yaml` warns and writes the key otherwise.
    (text.includes('?') && /(?<![^\s[{,])\?(?:[ \t]|$)/m.test(text)) ||
    /[\]}][ \t]*:(?:[ \t]|$)/m.test(text) ||
    // Content on a `---` line (`yaml` refuses a block collection there, js-yaml takes it);
    // `---x` and `...x` (a plain scalar for `yaml`, a marker for js-yaml).
    /^(?:---[ \t]+[^ \t\n#]|(?:---|\.\.\.)[^ \t\n])/m.test(text) ||
    // Directives: `yaml` warns about unknown ones and reads `%YAML 1.1` scalars the 1.1 way.
    text.startsWith('%') ||
    text.includes('\n%') ||
    // A tab in the leading whitespace of a line (`yaml`: tabs are not indentation).
    (text.includes('\t') && /^[ \t]*\t/m.test(text)) ||
    // A byte-order mark inside the text; NEL, LS and PS (line breaks for neither, but handled apart).
    /[\ufeff\u0085\u2028\u2029]/.test(text) ||
    // Block scalars with an indentation indicator (`|2`: js-yaml counts from the parent's
    // indentation at the top level) or keep chomping (`|+`: trailing blank lines).
    /[|>](?:[+-]?[1-9]|[1-9][+-]?|\+)/.test(text) ||
    // An empty entry in a compact nested sequence (`- -` or `- # c`, then `  - x`).
    /(?<![^\s])-[ \t]*(?:#.*)?$/m.test(text) ||
    // A comment glued to a quoted scalar or a flow collection (`"x"#c`: an error in `yaml`).
    (text.includes('#') && /["'\]}]#/.test(text))
  );
}

/**
 * js-yaml does not check the indentation of the continuation lines of a multi-line flow
 * collection or quoted scalar; `yaml` requires them to be indented more than the block
 * collection they are in (`key: [a,` then `b]` at the key's column is an error). Checked here,
 * conservatively, against the column of the innermost key or `- ` on the line where the node
 * starts. Throws NotPlain when a continuation line is not indented enough.
 */
function checkContinuation(text: string, openLineStart: number, end: number): void {
  let col = openLineStart;
  for (;;) {
    while (text.charCodeAt(col) === 0x20) col++;
    // Compact sequences (`- - key:`): the innermost collection starts after the last `- `.
    if (text.charCodeAt(col) === 0x2d && text.charCodeAt(col + 1) === 0x20) col += 2;
    else break;
  }
  const minIndent = col - openLineStart + 1;
  let nl = text.indexOf('\n', openLineStart);
  while (nl >= 0 && nl < end) {
    let i = nl + 1;
    while (text.charCodeAt(i) === 0x20) i++;
    const c = text.charCodeAt(i);
    if (i - nl - 1 < minIndent && c !== 0x0a && !Number.isNaN(c)) throw new NotPlain();
    nl = text.indexOf('\n', i);
  }
}

/** Parses one YAML document (no `---` splitting here) when the fast path is safe; null otherwise. */
export function fastYaml(text: string): FastYamlResult | null {
  if (hasDivergentSyntax(text)) return null;
  const elementRanges = new Map<unknown[], [number, number][]>();
  // Frames only for the top three levels (root, its children, theirs); below, a depth count.
  const stack: Frame[] = [];
  // Line number and line start offset where each open node starts (all levels).
  const openLines: number[] = [];
  let depth = 0;
  let value: unknown;
  try {
    // `maxDepth` is in js-yaml 4.1+, not yet in @types/js-yaml 4.0.
    const options: LoadOptions & { maxDepth: number } = {
      schema: SCHEMA,
      maxDepth: FAST_MAX_DEPTH,
      listener(event, raw) {
        const state = raw as EventState;
        if (event === 'open') {
          openLines.push(state.line, state.lineStart);
          if (++depth <= 3) stack.push({ start: state.position, kids: depth <= 2 ? [] : null });
          return;
        }
        // A node with an anchor or an explicit tag, or a %YAML/%TAG directive: not plain YAML.
        if (state.anchor !== null || (state.tag !== null && state.tag !== '?' && state.tag !== CORE_TAG) || state.version !== null) throw new NotPlain();
        const lineStart = openLines.pop() as number;
        const line = openLines.pop() as number;
        if (state.line > line) {
          // A multi-line node that ends with a quote or a bracket: a quoted scalar or a flow collection.
          const last = text.charCodeAt(state.position - 1);
          const quoted = state.kind === 'scalar' && state.tag === null && (last === 0x22 || last === 0x27);
          const flow = (state.kind === 'sequence' || state.kind === 'mapping') && (last === 0x5d || last === 0x7d);
          if (quoted || flow) checkContinuation(text, lineStart, state.position);
        }
        if (depth-- > 3) return;
        const frame = stack.pop() as Frame;
        const parent = stack[stack.length - 1];
        if (parent?.kids) parent.kids.push([frame.start, state.position]);
        const result: unknown = state.result;
        if (frame.kids && Array.isArray(result) && frame.kids.length === result.length) elementRanges.set(result, frame.kids);
      },
    };
    value = load(text, options);
  } catch {
    return null;
  }
  if (hasDivergentKey(value)) return null;
  return { value, elementRanges };
}

/**
 * Keys js-yaml writes differently from `yaml`: a null key is `"null"` in js-yaml and `""` in
 * `yaml`; a plain `<<` is a merge in `yaml` (merge: true). A quoted `"null"` or `"<<"` key is
 * legal and rare: it just takes the `yaml` path too.
 */
function hasDivergentKey(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (const x of v) if (typeof x === 'object' && x !== null) stack.push(x);
      continue;
    }
    for (const k in v) {
      if (k === 'null' || k === '<<' || k === '[object Object]') return true;
      const x = (v as Record<string, unknown>)[k];
      if (typeof x === 'object' && x !== null) stack.push(x);
    }
  }
  return false;
}
