import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadInputs } from './loadInputs.ts';
import { isGzip } from './decode.ts';
import { malformedDir } from '../../../test/paths.ts';

/** Every file in test/fixtures/malformed with its expected diagnostics (`<file>.expected.json`). */
const DIR = malformedDir;

export interface Expected {
  readonly code: string;
  readonly line: number;
  readonly path?: string;
}

export function malformedFixtures(): { name: string; file: string; expected: Expected[] }[] {
  return readdirSync(DIR)
    .filter((n) => !n.endsWith('.expected.json'))
    .sort()
    .map((name) => ({ name, file: join(DIR, name), expected: JSON.parse(readFileSync(join(DIR, `${name}.expected.json`), 'utf8')) as Expected[] }));
}

describe('malformed fixtures through loadInputs', () => {
  const fixtures = malformedFixtures();
  it('has at least 40 fixtures, each with expectations', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
    for (const f of fixtures) expect(f.expected.length, f.name).toBeGreaterThan(0);
  });
  for (const f of fixtures) {
    it(`${f.name}: reports ${f.expected.map((e) => `${e.code}@${e.line}`).join(', ')}`, () => {
      let data: Uint8Array = readFileSync(f.file);
      // Readers decompress; the loader itself refuses gzip (tested elsewhere).
      if (isGzip(data)) data = gunzipSync(data);
      const res = loadInputs([{ name: f.name, data }]);
      for (const e of f.expected) {
        const hit = res.diagnostics.find((d) => d.code === e.code && d.line === e.line && (e.path === undefined || d.path === e.path));
        expect(hit, `${e.code} at line ${e.line}${e.path ? ` path ${e.path}` : ''} in ${JSON.stringify(res.diagnostics.map((d) => [d.code, d.line, d.path]))}`).toBeDefined();
        expect(hit?.file).toBe(f.name);
        expect(hit?.message.length).toBeGreaterThan(20);
      }
    });
  }
});
