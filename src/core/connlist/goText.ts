/**
 * Text primitives that reproduce what netpol-analyzer's Go code prints, byte for byte:
 * `sort.Strings` order, `%q` quoting (dot), `encoding/json` string escaping and
 * `encoding/csv` field quoting. Upstream's expected files are produced by these, so matching
 * them exactly is what lets the conformance suite compare outputs with `===`.
 * @internal
 */

/**
 * Go's `sort.Strings` compares UTF-8 bytes; that is code-point order. JavaScript's `<` compares
 * UTF-16 code units, which differs only for astral characters, so compare by code point.
 */
export function compareGo(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    // A surrogate (astral code point) sorts after every BMP character in UTF-8.
    if (xs !== ys) return xs ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/** Go's `strconv.Quote` (what `%q` prints) for the strings we emit. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp >= 0x80 && cp < 0xa0) out += `\\u${hex(cp, 4)}`;
    else out += ch;
  }
  return out + '"';
}

/**
 * A JSON string as Go's `encoding/json` writes it: HTML-sensitive characters and the JS line
 * separators escaped, control characters as `\n`/`\r`/`\t` or `\u00XX`.
 */
export function goJsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&' || cp === 0x2028 || cp === 0x2029) out += `\\u${hex(cp, 4)}`;
    else out += ch;
  }
  return out + '"';
}

/** One field as Go's `encoding/csv` Writer writes it (comma separator). */
export function goCsvField(field: string): string {
  const needsQuotes =
    field !== '' && (field === '\\.' || /[,"\r\n]/.test(field) || /^[\s\u0085\u00a0]/u.test(field));
  return needsQuotes ? `"${field.replaceAll('"', '""')}"` : field;
}
