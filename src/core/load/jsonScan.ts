import type { PathSegment } from './parseTypes.ts';

/**
 * Positions inside JSON text without building a second tree. `JSON.parse` is fast but keeps no
 * positions, so the loader parses with it and only comes here when a diagnostic needs a line:
 * `jsonPathOffset` walks the text to the node at a path (jsonSyntax.ts `jsonSyntaxError`, a rare
 * reader, finds where and why text stops being JSON). Iterative (no recursion: nesting depth
 * cannot overflow).
 * @internal
 */

// The scanners below run over every byte of a 50 MB List (item offsets): char codes, no regexes.
export function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export function skipWs(text: string, i: number): number {
  while (isWs(text.charCodeAt(i))) i++;
  return i;
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

/**
 * Start offsets of the elements of the array starting at `start` (one pass, for big Lists), in
 * text JSON.parse accepts. Pretty-printed text (kubectl's) takes `lineItemOffsets`, which looks
 * at the brackets only; anything it cannot settle cheaply takes `scanItemOffsets`.
 */
export function arrayItemOffsets(text: string, start: number): number[] {
  const j = skipWs(text, start);
  if (text.charCodeAt(j) !== 0x5b) return [];
  return lineItemOffsets(text, j) ?? scanItemOffsets(text, j);
}

/** `arrayItemOffsets` walking every string and value (the array's `[` at `at`). @internal */
export function scanItemOffsets(text: string, at: number): number[] {
  const out: number[] = [];
  let j = skipWs(text, at + 1);
  while (j < text.length && text.charCodeAt(j) !== 0x5d) {
    out.push(j);
    j = skipWs(text, skipValue(text, j));
    if (text.charCodeAt(j) === 0x2c) j = skipWs(text, j + 1);
    else break;
  }
  return out;
}

/** The next bracket from `lastIndex` on (quotes are not looked at: see `outsideString`). */
const BRACKET = /[[\]{}]/g;

/** How far `outsideString` looks for a line break before it walks the line. */
const NEAR = 64;

/**
 * `arrayItemOffsets` from the brackets alone (the array's `[` at `at`), or null when that would
 * cost more than a scan of every string (`scanItemOffsets`): long lines whose brackets sit between
 * quotes. A raw line break is never inside a JSON string, so a bracket with no quote between it
 * and the end (or the start) of its line is outside every string; only a bracket with quotes on
 * both sides has its line walked from its start. In kubectl's pretty-printed JSON a bracket ends
 * its line or follows its indentation (`{}` then `,`): about 40 brackets per Pod against about
 * 200 strings, so this reads a List in about two thirds of the time.
 */
function lineItemOffsets(text: string, at: number): number[] | null {
  const n = text.length;
  const out: number[] = [];
  // Characters looked at beyond the brackets themselves; past the text's length, the scan is cheaper.
  let budget = n;
  let j = skipWs(text, at + 1);
  while (j < n && text.charCodeAt(j) !== 0x5d) {
    out.push(j);
    const c = text.charCodeAt(j);
    if (c !== 0x7b && c !== 0x5b) j = skipValue(text, j);
    else {
      let depth = 0;
      BRACKET.lastIndex = j;
      for (;;) {
        if (!BRACKET.test(text)) return null;
        const p = BRACKET.lastIndex - 1;
        const seen = outsideString(text, p, budget);
        budget -= Math.floor(seen / 2);
        if (budget < 0) return null;
        if (seen % 2 === 0) continue;
        const b = text.charCodeAt(p);
        if (b === 0x7b || b === 0x5b) depth++;
        else if (--depth === 0) {
          j = p + 1;
          break;
        }
      }
    }
    j = skipWs(text, j);
    if (text.charCodeAt(j) === 0x2c) j = skipWs(text, j + 1);
    else break;
  }
  return out;
}

/**
 * Whether offset `p` of JSON text is outside every string (bit 0), and how many characters that
 * took to tell (the other bits); more than `budget` when it stopped past it.
 */
function outsideString(text: string, p: number, budget: number): number {
  const n = text.length;
  // No quote to the line's end (or the text's): no string can close after p, so none holds it.
  let k = p + 1;
  for (const end = Math.min(n, p + NEAR); k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x0a) return (k - p) * 2 + 1;
    if (c === 0x22) break;
  }
  if (k === n) return (k - p) * 2 + 1;
  // No quote back to the line's start: no string opened before p on its line.
  let b = p - 1;
  for (const end = Math.max(0, p - NEAR); b >= end; b--) {
    const c = text.charCodeAt(b);
    if (c === 0x0a) return (k - b) * 2 + 1;
    if (c === 0x22) break;
  }
  if (b < 0) return (k - b) * 2 + 1;
  // Quotes on both sides: walk the line from its start (outside every string) to p.
  let s = b;
  while (s >= 0 && text.charCodeAt(s) !== 0x0a) {
    s--;
    if (p - s > budget) return (budget + 1) * 2;
  }
  let inString = false;
  for (let i = s + 1; i < p; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
  }
  return (2 * (p - s) + (k - p)) * 2 + (inString ? 0 : 1);
}
