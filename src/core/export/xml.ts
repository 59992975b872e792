/**
 * Text and numbers for hand-written SVG and HTML: every piece of text from the input is escaped
 * (it is untrusted: names can hold markup), and numbers are written with one fixed format so the
 * same picture is the same bytes.
 * @public
 */

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values alike. */
export function esc(text: string): string {
  // Control characters are not allowed in XML 1.0 at all: they would make the file invalid.
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');
}

/** One decimal at most, no `-0`, no exponent. */
export function num(n: number): string {
  if (!Number.isFinite(n)) return '0';
  const r = Math.round(n * 10) / 10;
  return (Object.is(r, -0) ? 0 : r).toFixed(1).replace(/\.0$/, '');
}

/** A rough text width (no font metrics in a pure writer): what boxes and wrapping are sized by. */
export function textWidth(text: string, fontSize: number): number {
  let w = 0;
  for (const ch of text) w += /[ilj.,:;'|!\s]/.test(ch) ? 0.3 : /[mwMW@]/.test(ch) ? 0.85 : /[A-Z]/.test(ch) ? 0.66 : 0.56;
  return w * fontSize;
}

/** Cuts text to a width, with an ellipsis. */
export function clipText(text: string, fontSize: number, maxWidth: number): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  let out = '';
  for (const ch of text) {
    if (textWidth(`${out}${ch}…`, fontSize) > maxWidth) break;
    out += ch;
  }
  return `${out}…`;
}

/** Wraps text at spaces and commas into lines no wider than maxWidth (long words are clipped). */
export function wrapText(text: string, fontSize: number, maxWidth: number, maxLines = 3): string[] {
  const words = text.split(/(?<=[ ,])/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line !== '' && textWidth(line + w, fontSize) > maxWidth) {
      lines.push(line.trimEnd());
      line = '';
    }
    line += w;
  }
  if (line !== '') lines.push(line.trimEnd());
  const kept = lines.slice(0, maxLines).map((l) => clipText(l, fontSize, maxWidth));
  if (lines.length > maxLines) kept[maxLines - 1] = clipText(`${kept[maxLines - 1] ?? ''}…`, fontSize, maxWidth);
  return kept;
}

/** `12,345`: digits grouped the same way on every machine (no locale). */
export function thousands(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
