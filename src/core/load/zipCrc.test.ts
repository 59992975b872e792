import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { loadInputs } from './loadInputs.ts';
import { crc32 } from '../util/crc32.ts';
import { sysdumpZip } from '../../../test/paths.ts';

/**
 * A zip member whose bytes changed (a bad disk, a transfer cut and resumed) is named, by the
 * CRC-32 of its bytes against the one the zip's central directory lists (APPNOTE.TXT 4.3.12):
 * fflate's streaming read does not check it. The rest of the archive loads as before.
 */
const TS = '20261120-091500';
const D = `cilium-sysdump-${TS}`;
const netpol = (name: string): string => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  podSelector: {}\n`;

/** The offset of `text` in `bytes` (stored members hold their text as is). */
function indexOf(bytes: Uint8Array, text: string): number {
  const t = strToU8(text);
  outer: for (let i = 0; i + t.length <= bytes.length; i++) {
    for (let j = 0; j < t.length; j++) if (bytes[i + j] !== t[j]) continue outer;
    return i;
  }
  return -1;
}

describe('zip CRC-32', () => {
  it('is the CRC zip uses (the check value of "123456789"), chunk by chunk', () => {
    expect(crc32(strToU8('123456789'))).toBe(0xcbf43926);
    expect(crc32(strToU8('56789'), crc32(strToU8('1234')))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('a member whose bytes changed is an archive-damaged error at that member; the other members load', () => {
    const zip = zipSync({ [`${D}/a-${TS}.yaml`]: strToU8(netpol('alpha')), [`${D}/b-${TS}.yaml`]: strToU8(netpol('bravo')) }, { level: 0 });
    const clean = loadInputs([{ name: `${D}.zip`, data: zip }]);
    expect(clean.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const damaged = zip.slice();
    damaged[indexOf(damaged, 'bravo')] = 'g'.charCodeAt(0);
    const r = loadInputs([{ name: `${D}.zip`, data: damaged }]);
    // What the damaged member says is read as it is: the error says it may be wrong.
    expect(r.cluster.policies.map((p) => p.ref.name).sort()).toEqual(['alpha', 'gravo']);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.file])).toEqual([['archive-damaged', `${D}.zip/${D}/b-${TS}.yaml`]]);
    expect(errors[0]?.message).toMatch(/^This file's bytes in the archive are damaged: their CRC-32 is [0-9a-f]{8}, the archive's directory says [0-9a-f]{8}\. What was read from it may be wrong/);
  });

  it("a sysdump as Go's archive/zip writes it (data descriptors, CRCs only after the data and in the directory) checks clean, and a changed CRC is caught", () => {
    const zip = new Uint8Array(readFileSync(sysdumpZip));
    const clean = loadInputs([{ name: 'sysdump.zip', data: zip }]);
    expect(clean.diagnostics.map((d) => d.code)).not.toContain('archive-damaged');
    expect(clean.diagnostics.map((d) => d.code)).not.toContain('archive-unchecked');
    // The directory's record of the CNP file: its CRC (offset 16 of the record) changed.
    const damaged = zip.slice();
    const name = indexOf(damaged.subarray(damaged.length - 20_000), `${D}/ciliumnetworkpolicies-${TS}.yaml`) + damaged.length - 20_000;
    expect(damaged[name - 46]).toBe(0x50);
    damaged[name - 46 + 16] = (damaged[name - 46 + 16] as number) ^ 0xff;
    const r = loadInputs([{ name: 'sysdump.zip', data: damaged }]);
    expect(r.diagnostics.filter((d) => d.code === 'archive-damaged').map((d) => d.file)).toEqual([`sysdump.zip/${D}/ciliumnetworkpolicies-${TS}.yaml`]);
    expect(r.cluster.policies.length).toBe(clean.cluster.policies.length);
  });
});
