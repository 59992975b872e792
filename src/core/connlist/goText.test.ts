import { describe, expect, it } from 'vitest';
import { compareGo, goCsvField, goJsonString, goQuote } from './goText.ts';

describe('goText', () => {
  it('sorts by code point like Go sort.Strings', () => {
    expect(['b', 'a', 'B', '{x}', '0.0'].sort(compareGo)).toEqual(['0.0', 'B', 'a', 'b', '{x}']);
    expect(compareGo('ns/a', 'ns/a-b')).toBeLessThan(0);
    // U+FFFD is below every astral code point in UTF-8 order, above a surrogate in UTF-16 order.
    expect(compareGo('\u{1F600}', '\uFFFD')).toBeGreaterThan(0);
    expect(compareGo('x', 'x')).toBe(0);
  });

  it('quotes like %q', () => {
    expect(goQuote('default/a[Pod]')).toBe('"default/a[Pod]"');
    expect(goQuote('a"b\\c\nd\x01')).toBe('"a\\"b\\\\c\\nd\\x01"');
    expect(goQuote('é')).toBe('"é"');
  });

  it('escapes JSON strings like encoding/json', () => {
    expect(goJsonString('TCP 80')).toBe('"TCP 80"');
    expect(goJsonString('<a&b>')).toBe('"\\u003ca\\u0026b\\u003e"');
    expect(goJsonString('x\by')).toBe('"x\\u0008y"');
  });

  it('quotes CSV fields only when encoding/csv does', () => {
    expect(goCsvField('TCP 80')).toBe('TCP 80');
    expect(goCsvField('TCP 80,UDP 53')).toBe('"TCP 80,UDP 53"');
    expect(goCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(goCsvField(' lead')).toBe('" lead"');
    expect(goCsvField('')).toBe('');
  });
});
