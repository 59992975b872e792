import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { loadInputs } from './loadInputs.ts';
import { tarArchive } from './archiveTesting.ts';

/**
 * Broken archives and broken documents through the one input walker (loadInputs → SourceEntries →
 * the readers): nothing throws, the broken part gets a diagnostic, everything valid is loaded.
 */
const TS = '20261120-091500';
const D = `cilium-sysdump-${TS}`;

const np = (name: string): string => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      app: ${name}\n  policyTypes:\n  - Ingress\n`;

/** Documents that are broken in the ways real files are: each must get a diagnostic in its own file. */
const BROKEN_DOCS = [
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: [x\n',
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: tab\n\tnamespace: shop\n',
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: 5, namespace: shop}\nspec: {podSelector: 7}\n',
  'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: bad-port, namespace: shop}\nspec:\n  endpointSelector: {}\n  ingress: [{toPorts: [{ports: [{port: "99999"}]}]}]\n',
  'policy: "[{\\"endpointSelector\\": "\nrevision: 3\n',
  '{"policy": 12, "revision": 1}\n',
  'kind: NetworkPolicy\nmetadata: {name: no-api, namespace: shop}\nspec: {podSelector: {}}\n',
];

type Format = 'zip' | 'tar' | 'tar.gz' | 'bugtool';

/** A sysdump-like archive of `files` (name → text), in one of the formats a sysdump or a bugtool archive comes in. */
function archive(format: Format, files: readonly (readonly [string, string])[]): Uint8Array {
  const entries = files.map(([name, data]) => ({ name, data }));
  switch (format) {
    case 'zip':
      return zipSync(Object.fromEntries(entries.map((e) => [e.name, strToU8(e.data)])));
    case 'tar':
      return tarArchive(entries);
    case 'tar.gz':
      return new Uint8Array(gzipSync(tarArchive(entries)));
    case 'bugtool': {
      // The policies in the sysdump, the agent's repository in its bugtool tarball inside it.
      const inner = new Uint8Array(gzipSync(tarArchive([{ name: 'cilium-bugtool-20261120-091502-1/cmd/cilium-debuginfo-20261120-091502.5+0000-UTC.json', data: '{"cilium-version":"1.18.4","endpoint-list":[],"policy":{"policy":"[]","revision":2}}' }])));
      return zipSync({ ...Object.fromEntries(entries.map((e) => [e.name, strToU8(e.data)])), [`${D}/cilium-bugtool-cilium-x7k2p-${TS}.tar.gz`]: inner });
    }
  }
}

const formatArb = fc.constantFrom<Format>('zip', 'tar', 'tar.gz', 'bugtool');
const namesArb = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), { minLength: 2, maxLength: 6 });

const internalErrors = (r: ReturnType<typeof loadInputs>): string[] => r.diagnostics.filter((d) => d.code === 'internal-error').map((d) => d.message);

describe('the input walker on broken archives and documents', () => {
  it('a broken document in one member: a diagnostic in that member, every other document and member loaded', () => {
    fc.assert(
      fc.property(formatArb, namesArb, fc.nat(), fc.constantFrom(...BROKEN_DOCS), (format, names, pick, broken) => {
        const victim = names[pick % names.length] as string;
        // Each member holds its policy and, in the victim, a broken document after it.
        const files = names.map((n) => [`${D}/policies-${n}.yaml`, n === victim ? `${np(n)}---\n${broken}` : np(n)] as const);
        const r = loadInputs([{ name: `dump.${format === 'bugtool' ? 'zip' : format}`, data: archive(format, files) }]);
        expect(internalErrors(r)).toEqual([]);
        // Every valid policy is loaded (a broken document may load too, with its diagnostic: no apiVersion, a bad port).
        expect(r.cluster.policies.map((p) => p.ref.name)).toEqual(expect.arrayContaining(names));
        // The broken document (the second in its file, from line 13) has its diagnostic there.
        const at = r.diagnostics.filter((d) => d.file.endsWith(`/${D}/policies-${victim}.yaml`) && d.document === 1 && d.line >= 13 && d.severity !== 'info');
        expect(at.length, JSON.stringify(r.diagnostics)).toBeGreaterThan(0);
      }),
      { numRuns: 80 },
    );
  });

  it('an archive cut short anywhere: no throw; what is loaded is a prefix of its members; anything missing is said', () => {
    fc.assert(
      fc.property(formatArb, namesArb, fc.double({ min: 0, max: 1, noNaN: true }), (format, names, where) => {
        const files = names.map((n) => [`${D}/policies-${n}.yaml`, np(n)] as const);
        const full = archive(format, files);
        const cut = full.subarray(0, Math.floor(full.length * where));
        const r = loadInputs([{ name: 'dump.bin', data: cut }]);
        expect(internalErrors(r)).toEqual([]);
        const loaded = r.cluster.policies.map((p) => p.ref.name).sort();
        expect(loaded).toEqual(names.slice(0, loaded.length).sort());
        if (loaded.length < names.length && cut.length > 0) {
          expect(r.diagnostics.some((d) => d.severity === 'error' || d.severity === 'warning'), JSON.stringify(r.diagnostics)).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('an archive with bytes overwritten anywhere: no throw, and every policy gone missing is accounted for by a diagnostic', () => {
    fc.assert(
      fc.property(formatArb, namesArb, fc.nat(), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 0, max: 255 }), (format, names, at, len, byte) => {
        const files = names.map((n) => [`${D}/policies-${n}.yaml`, np(n)] as const);
        const bad = archive(format, files).slice();
        const start = at % bad.length;
        bad.fill(byte, start, start + len);
        const r = loadInputs([{ name: 'dump.bin', data: bad }]);
        expect(internalErrors(r)).toEqual([]);
        const loaded = new Set(r.cluster.policies.map((p) => p.ref.name));
        // Each policy gone missing is accounted for: a diagnostic in its own member (damaged text read as
        // something else: a syntax error, an unknown kind), or one about the archive (damage; a member
        // whose name was overwritten, which no checksum covers, skipped under its new name and named).
        // Not a check of content: bytes changed inside a member's data reach the parsers as they are
        // (a zip's member is then also named by its CRC-32: the property below).
        const notes = r.diagnostics.filter((d) => !['namespace-not-loaded', 'bugtool-archive', 'agent-policies', 'agent-policy-absent'].includes(d.code));
        for (const n of names.filter((x) => !loaded.has(x))) {
          const said = notes.some((d) => d.file.endsWith(`/policies-${n}.yaml`) || !d.file.includes('/policies-'));
          expect(said, `${n}: ${JSON.stringify(r.diagnostics)}`).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("a zip member's bytes changed inside its data: that member is named by its CRC-32, every other member loads", () => {
    fc.assert(
      fc.property(namesArb, fc.nat(), fc.nat(), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 255 }), (names, pick, at, len, flip) => {
        const victim = names[pick % names.length] as string;
        const files = names.map((n) => [`${D}/policies-${n}.yaml`, np(n)] as const);
        // Stored (level 0): the member's text is in the archive as it is, so the change lands in its data.
        const zip = zipSync(Object.fromEntries(files.map(([n, t]) => [n, strToU8(t)])), { level: 0 });
        const text = strToU8(np(victim));
        let start = -1;
        for (let i = 0; start < 0 && i + text.length <= zip.length; i++) if (text.every((b, j) => zip[i + j] === b)) start = i;
        const from = start + (at % text.length);
        const bad = zip.slice();
        for (let i = from; i < Math.min(from + len, start + text.length); i++) bad[i] = (bad[i] as number) ^ flip;
        const r = loadInputs([{ name: 'dump.zip', data: bad }]);
        expect(internalErrors(r)).toEqual([]);
        const damaged = r.diagnostics.filter((d) => d.code === 'archive-damaged').map((d) => d.file);
        expect(damaged).toEqual([`dump.zip/${D}/policies-${victim}.yaml`]);
        const loaded = new Set(r.cluster.policies.map((p) => p.ref.name));
        for (const n of names) if (n !== victim) expect(loaded.has(n)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
