import { SafeDecoder } from './decode.ts';
import { firstNonSpace } from './jsonDocuments.ts';
import { arrayItemOffsets, jsonPathOffset } from './jsonScan.ts';
import { lineStarts } from './lineIndex.ts';
import { isPlainHead } from './sourceEntries.ts';
import type { TextFacts } from './types.ts';

/** The facts of decoded text. */
export function textFactsOf(text: string, bytes: number): TextFacts {
  const start = firstNonSpace(text);
  const c = start < 0 ? '' : text[start];
  if (c !== '{' && c !== '[') return { text, bytes, lineStarts: null, listItems: null };
  let listItems: TextFacts['listItems'] = null;
  if (c === '{') {
    const at = jsonPathOffset(text, start, ['items'], true);
    if (text.charCodeAt(at) === 0x5b) listItems = { at, offsets: Uint32Array.from(arrayItemOffsets(text, at)) };
  }
  return { text, bytes, lineStarts: lineStarts(text), listItems };
}

/**
 * The facts of a whole file's bytes, or null when the loader must read the bytes itself: an
 * archive, gzip, or bytes that do not decode (it reports those), so the text is exactly the
 * one the loader would have decoded from them.
 */
export function textFactsOfBytes(bytes: Uint8Array): TextFacts | null {
  if (!isPlainHead(bytes)) return null;
  const decoder = new SafeDecoder();
  const text = decoder.push(bytes) + decoder.end();
  if (decoder.problem !== null) return null;
  return textFactsOf(text, bytes.byteLength);
}
