import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadInputs } from '../load/loadInputs.ts';
import { compile } from './compile.ts';
import { decide } from './decide.ts';
import { peerEndpoint } from './testing.ts';
import type { EngineModel } from './compile.ts';
import { appPlatformRows, refText } from './appPlatform.fixture.ts';
import { appPlatformDir } from '../../../test/paths.ts';

const dir = appPlatformDir;
const files = ['policies.yaml', 'inventory.yaml'].map((n) => ({ name: n, data: readFileSync(path.join(dir, n), 'utf8') }));

function appPlatformModel(): EngineModel {
  const r = loadInputs(files, {});
  return compile(r.cluster);
}


describe('app-platform expected verdicts through decide()', () => {
  const model = appPlatformModel();
  for (const row of appPlatformRows)
    it(`#${row.n} ${row.from} → ${row.to} ${row.port}/${row.proto}: ${row.verdict}`, () => {
      const d = decide(model, { from: peerEndpoint(model, row.from), to: peerEndpoint(model, row.to), port: row.port, protocol: row.proto });
      expect(d.verdict, JSON.stringify([d.egress.text, d.ingress.text, d.notes])).toBe(row.verdict);
      expect(d.egress.reason).toBe(row.egress);
      expect(d.ingress.reason).toBe(row.ingress);
      for (const r of row.egressRules ?? []) expect(d.egress.rules.map(refText)).toContain(r);
      for (const r of row.ingressRules ?? []) expect(d.ingress.rules.map(refText)).toContain(r);
    });
});
