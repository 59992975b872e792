import type { PathSegment } from './parseTypes.ts';

/**
 * Positions inside JSON text without building a second tree. `JSON.parse` is fast but keeps no
 * positions, so the loader parses with it and only comes here when a diagnostic needs a line:
 * `jsonPathOffset` walks the text to the node at a path, `jsonSyntaxError` finds where and why
 * the text stops being JSON. Both are iterative (no recursion: nesting depth cannot overflow).
 * @internal
 */

// The scanners below run over every byte of a 50 MB List (item offsets): char codes, no regexes.
function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipWs(text: string, i: number): number {
  while (isWs(text.charCodeAt(i))) i++;
  return i;
}

/** Index just after the string starting at `i` (which is a `"`), or -1 if it is unterminated. */
function stringEnd(text: string, i: number): number {
  const n = text.length;
  let j = i + 1;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === 0x5c) j += 2;
    else if (c === 0x22) return j + 1;
    else j++;
  }
  return -1;
}

/**
 * Index just after the string starting at `i` (a `"`) of text JSON.parse accepted: the next quote
 * not escaped (an even run of backslashes before it), found with `indexOf`, which is much faster
 * than a loop over the characters of a 50 MB List. Text's length when unterminated.
 */
function skipString(text: string, i: number): number {
  let from = i + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return text.length;
    let b = q - 1;
    while (b > i && text.charCodeAt(b) === 0x5c) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** The next quote or bracket from `lastIndex` on; `test` moves `lastIndex` and allocates nothing. */
const STRUCTURAL = /["[\]{}]/g;

/** Index just after the value starting at `i` (no validation: brackets and strings are balanced). */
function skipValue(text: string, i: number): number {
  const n = text.length;
  const c = text.charCodeAt(i);
  if (c === 0x22) return skipString(text, i);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    let j = i;
    while (j < n) {
      STRUCTURAL.lastIndex = j;
      if (!STRUCTURAL.test(text)) return n;
      j = STRUCTURAL.lastIndex - 1;
      const d = text.charCodeAt(j);
      if (d === 0x22) {
        j = skipString(text, j);
        continue;
      }
      if (d === 0x7b || d === 0x5b) depth++;
      else {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return n;
  }
  // A number or literal ends at whitespace, `,`, `]` or `}` (JSON.parse accepted the text).
  let j = i;
  while (j < n) {
    const d = text.charCodeAt(j);
    if (isWs(d) || d === 0x2c || d === 0x5d || d === 0x7d) break;
    j++;
  }
  return j;
}

/**
 * Offset of the node at `path` in the JSON value starting at `start` (for an object member, the
 * offset of its key, which is where a reader looks, unless `valueStart`). Falls back to the
 * deepest existing ancestor.
 */
export function jsonPathOffset(text: string, start: number, path: readonly PathSegment[], valueStart = false): number {
  let pos = skipWs(text, start);
  let found = pos;
  for (const seg of path) {
    const c = text[pos];
    if (typeof seg === 'number' && c === '[') {
      let j = skipWs(text, pos + 1);
      let k = 0;
      let ok = false;
      while (j < text.length && text[j] !== ']') {
        if (k === seg) {
          ok = true;
          break;
        }
        j = skipWs(text, skipValue(text, j));
        if (text[j] === ',') j = skipWs(text, j + 1);
        else break;
        k++;
      }
      if (!ok) return found;
      pos = j;
      found = j;
    } else if (typeof seg === 'string' && c === '{') {
      let j = skipWs(text, pos + 1);
      let ok = false;
      while (j < text.length && text[j] === '"') {
        const keyEnd = skipString(text, j);
        let key: unknown = null;
        try {
          key = JSON.parse(text.slice(j, keyEnd));
        } catch {
          return found;
        }
        let v = skipWs(text, keyEnd);
        if (text[v] !== ':') return found;
        v = skipWs(text, v + 1);
        if (key === seg) {
          found = valueStart ? v : j;
          pos = v;
          ok = true;
          break;
        }
        j = skipWs(text, skipValue(text, v));
        if (text[j] === ',') j = skipWs(text, j + 1);
        else break;
      }
      if (!ok) return found;
    } else {
      return found;
    }
  }
  return found;
}

/** Start offsets of the elements of the array starting at `start` (one pass, for big Lists). */
export function arrayItemOffsets(text: string, start: number): number[] {
  const out: number[] = [];
  let j = skipWs(text, start);
  if (text.charCodeAt(j) !== 0x5b) return out;
  j = skipWs(text, j + 1);
  while (j < text.length && text.charCodeAt(j) !== 0x5d) {
    out.push(j);
    j = skipWs(text, skipValue(text, j));
    if (text.charCodeAt(j) === 0x2c) j = skipWs(text, j + 1);
    else break;
  }
  return out;
}

export interface JsonSyntaxError {
  /** Offset in the text where parsing stopped. */
  readonly offset: number;
  readonly message: string;
  /** True when the text simply ended too early (a truncated file). */
  readonly truncated: boolean;
}

const LITERALS = ['true', 'false', 'null'];
const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * First syntax error of the JSON text in [start, end), or null when it is valid. Only called after
 * `JSON.parse` failed, to say where (engines differ in whether their messages carry a position).
 */
export function jsonSyntaxError(text: string, start = 0, end = text.length): JsonSyntaxError | null {
  // Stack of containers: '{' expects key/close, '[' expects value/close.
  const stack: ('{' | '[')[] = [];
  type Expect = 'value' | 'key' | 'colon' | 'commaOrClose' | 'done' | 'valueOrClose' | 'keyOrClose';
  let expect: Expect = 'value';
  let i = start;
  const fail = (msg: string, at = i): JsonSyntaxError =>
    at >= end ? { offset: end, message: 'the text ends before the JSON value is complete', truncated: true } : { offset: at, message: msg, truncated: false };
  const afterValue = (): Expect => (stack.length === 0 ? 'done' : 'commaOrClose');
  for (;;) {
    while (i < end && isWs(text.charCodeAt(i))) i++;
    if (i >= end) return expect === 'done' ? null : fail('');
    const c = text[i] as string;
    switch (expect) {
      case 'done':
        return fail(`unexpected ${JSON.stringify(c)} after the end of the JSON value`);
      case 'colon':
        if (c !== ':') return fail(`expected ':' after the member name, found ${JSON.stringify(c)}`);
        i++;
        expect = 'value';
        continue;
      case 'commaOrClose': {
        const top = stack[stack.length - 1];
        if (c === ',') {
          i++;
          expect = top === '{' ? 'key' : 'value';
          continue;
        }
        if ((c === '}' && top === '{') || (c === ']' && top === '[')) {
          stack.pop();
          i++;
          expect = afterValue();
          continue;
        }
        return fail(`expected ',' or '${top === '{' ? '}' : ']'}', found ${JSON.stringify(c)}`);
      }
      case 'key':
      case 'keyOrClose':
        if (c === '}' && expect === 'keyOrClose') {
          stack.pop();
          i++;
          expect = afterValue();
          continue;
        }
        if (c !== '"') return fail(`expected a member name in double quotes, found ${JSON.stringify(c)}`);
        {
          const e = stringEnd(text, i);
          if (e < 0 || e > end) return fail('unterminated string', end);
          i = e;
          expect = 'colon';
        }
        continue;
      case 'value':
      case 'valueOrClose':
        if (c === ']' && expect === 'valueOrClose') {
          stack.pop();
          i++;
          expect = afterValue();
          continue;
        }
        if (c === '{') {
          stack.push('{');
          i++;
          expect = 'keyOrClose';
          continue;
        }
        if (c === '[') {
          stack.push('[');
          i++;
          expect = 'valueOrClose';
          continue;
        }
        if (c === '"') {
          const e = stringEnd(text, i);
          if (e < 0 || e > end) return fail('unterminated string', end);
          const nl = text.indexOf('\n', i);
          if (nl >= 0 && nl < e) return fail('a string may not contain a raw line break', nl);
          i = e;
          expect = afterValue();
          continue;
        }
        {
          const lit = LITERALS.find((l) => text.startsWith(l, i));
          if (lit) {
            i += lit.length;
            expect = afterValue();
            continue;
          }
          NUMBER_RE.lastIndex = i;
          const m = NUMBER_RE.exec(text);
          if (m && m[0].length > 0) {
            i += m[0].length;
            expect = afterValue();
            continue;
          }
          return fail(`unexpected ${JSON.stringify(c)} where a value should start`);
        }
    }
  }
}
