import { describe, expect, it } from 'vitest';
import { loadInputs } from './loadInputs.ts';
import { firstTooDeep, jsonMayHoldTemplate, templatedStrings } from './shape.ts';

/** `depth` arrays nested in each other under `{a: …}`. */
const nested = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return { a: v, b: { c: [] } };
};

describe('firstTooDeep', () => {
  it('names the path of the first node at the limit, and null below it', () => {
    expect(firstTooDeep(nested(3), 4)).toBeNull();
    expect(firstTooDeep(nested(4), 4)).toEqual(['a', 0, 0, 0]);
    expect(firstTooDeep({ x: 1, y: 'a' }, 1)).toBeNull();
    expect(firstTooDeep({ x: {} }, 1)).toEqual(['x']);
  });
});

describe('jsonMayHoldTemplate', () => {
  it('is true whenever a string of the parsed text holds `{{`, through escapes too', () => {
    for (const text of ['{"a":"{{ .X }}"}', '{"a":"\\u007b\\u007B"}', '{"a":"{\\u007b"}', '{"{{k}}":1}']) {
      expect(templatedStrings(JSON.parse(text)).length).toBe(1);
      expect(jsonMayHoldTemplate(text)).toBe(true);
    }
    expect(jsonMayHoldTemplate('{"a":{"b":[{"c":"{ }"}]}}')).toBe(false);
    expect(jsonMayHoldTemplate('{"a":"\\u0041"}')).toBe(false);
  });

  it('keeps template-value warnings in JSON, escaped or not', () => {
    const doc = (name: string): string => JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a', labels: { team: name } } }, null, 2);
    const r = loadInputs([
      { name: 'plain.json', data: doc('{{ .Team }}') },
      { name: 'escaped.json', data: doc('{{ .Team }}').replace('{{', '\\u007b\\u007b') },
    ]);
    expect(r.diagnostics.filter((d) => d.code === 'template-value').map((d) => [d.file, d.line, d.path])).toEqual([
      ['plain.json', 7, 'metadata.labels.team'],
      ['escaped.json', 7, 'metadata.labels.team'],
    ]);
  });
});
