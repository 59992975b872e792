import { isWs } from './jsonScan.ts';

/**
 * Where and why JSON text stops being JSON (`JSON.parse` says neither the same way in every
 * engine). Only broken JSON needs it, so in the browser it is in the rare readers' chunk
 * (rareInputs.ts): the first use is a miss, and the pipeline reads the inputs again with it.
 * Iterative (no recursion: nesting depth cannot overflow).
 * @internal
 */

/** Index just after the string starting at `i` (which is a `"`), or -1 if it is unterminated. */
export function stringEnd(text: string, i: number): number {
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
