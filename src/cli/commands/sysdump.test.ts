import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { memoryIo } from '../io.ts';
import { main } from '../main.ts';
import { appPlatformRows } from '../../core/engine/appPlatform.fixture.ts';
import { appPlatformFile, sysdumpAlwaysZip, sysdumpZip } from '../../../test/paths.ts';

/**
 * Acceptance of #19: the app-platform cluster as cilium sysdump writes it (a zip; the same unpacked)
 * answers exactly as the separate files do; the copy whose cilium-config says enable-policy:
 * always flips the verdicts that depend on it, without any flag.
 */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo('');
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}

function unpacked(zip: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysdump-'));
  for (const [name, data] of Object.entries(unzipSync(readFileSync(zip)))) {
    if (name.endsWith('/')) continue;
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), data);
  }
  return dir;
}

const separate = [appPlatformFile('policies.yaml'), appPlatformFile('inventory.yaml'), appPlatformFile('flows.jsonl')];
const queries = (() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysdump-q-'));
  const f = path.join(dir, 'q.jsonl');
  writeFileSync(f, appPlatformRows.map((r) => JSON.stringify({ from: r.from, to: r.to, port: r.port, protocol: r.proto })).join('\n') + '\n');
  return f;
})();

interface Answer {
  verdict: string;
  egress: { reason: string };
  ingress: { reason: string };
}

/** The answers, each without its `decidedUnder` (the inputs name different sources for the version and settings), and those apart. */
async function explainAll(inputs: string[]): Promise<string[]> {
  return (await explainUnder(inputs)).answers;
}
async function explainUnder(inputs: string[]): Promise<{ answers: string[]; under: { ciliumVersionSource: string; settingsSource: string; settings: Record<string, { value: unknown; setByHand: boolean }> }[] }> {
  const r = await cli(['explain', ...inputs, '--queries', queries, '--json']);
  expect(r.code, r.err).toBe(0);
  const all = r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { decidedUnder: { ciliumVersionSource: string; settingsSource: string; settings: Record<string, { value: unknown; setByHand: boolean }> } });
  return { answers: all.map(({ decidedUnder: _, ...rest }) => JSON.stringify(rest)), under: all.map((a) => a.decidedUnder) };
}

describe('a cilium sysdump as input', () => {
  const folder = unpacked(sysdumpZip);

  it('inspect: reads policies, inventory, endpoints, settings and one Hubble file per node; counts what it skips', async () => {
    const r = await cli(['inspect', sysdumpZip, '--json']);
    const j = JSON.parse(r.out) as { counts: Record<string, number>; flowRecords: number; cluster: string; agentSettings: { key: string; value: string }[]; diagnostics: { code: string; severity: string; message: string }[] };
    expect(j.counts).toMatchObject({ CiliumNetworkPolicy: 9, CiliumClusterwideNetworkPolicy: 2, NetworkPolicy: 1, Namespace: 8, Pod: 23, CiliumEndpoint: 19, ConfigMap: 1, DaemonSet: 1, HubbleFlow: 223 });
    expect(j.cluster).toBe('doks-ams3-prod-7');
    expect(j.agentSettings.find((s) => s.key === 'enable-policy')?.value).toBe('default');
    expect(j.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(j.diagnostics.find((d) => d.code === 'archive-skipped')?.message).toContain('Read 20 of 38 files in this archive; skipped 6 logs, 3 metrics dumps, 3 gops/pprof profiles, 6 other files (k8s-pods-20261120-091500.txt, k8s-events-20261120-091500.yaml, k8s-events-20261120-091500.html and 3 more)');
    // Each agent's cilium-bugtool tarball is opened; these hold only `cilium-dbg status` (said in an info, not a warning).
    const bugtools = j.diagnostics.filter((d) => d.code === 'bugtool-archive');
    expect(bugtools).toHaveLength(3);
    expect(bugtools.every((d) => d.severity === 'info' && d.message.includes('none of the outputs netpol-viz reads') && d.message.includes('skipped 1 cilium-bugtool file'))).toBe(true);
    const text = (await cli(['inspect', sysdumpZip])).out;
    expect(text).toContain('Agent settings from cilium-config:');
    expect(text).toContain('Cilium 1.19 (cilium DaemonSet image)');
  });

  it('inspect: lists the CiliumIdentities with what each stands for', async () => {
    const j = JSON.parse((await cli(['inspect', sysdumpZip, '--json'])).out) as { counts: Record<string, number>; identities: { id: number; name: string; labels: string[] }[] };
    expect(j.counts['CiliumIdentity']).toBe(j.identities.length);
    expect(j.identities.length).toBeGreaterThan(5);
    const frontend = j.identities.find((i) => i.name === 'acme-web/Deployment/frontend');
    expect(frontend?.labels).toContain('k8s:app=frontend');
    expect(j.identities.map((i) => i.id)).toEqual([...j.identities.map((i) => i.id)].sort((a, b) => a - b));
    const text = (await cli(['inspect', sysdumpZip])).out;
    expect(text).toContain(`CiliumIdentities: ${j.identities.length}`);
    expect(text).toMatch(new RegExp(`\\n +${frontend?.id ?? 'none'}  acme-web/Deployment/frontend\\n`));
  });

  it('workloads come from the pods\u2019 owners although no Deployment or ReplicaSet was dumped', async () => {
    const r = await cli(['explain', sysdumpZip, '--from', 'acme-web/frontend', '--to', 'acme-web/api', '--port', '9000/TCP', '--json']);
    expect(r.code, r.err).toBe(0);
    expect((JSON.parse(r.out) as Answer).verdict).toBe('allowed');
  });

  it('explain: the zip, the unpacked folder and the separate files give the same answers', async () => {
    const expected = await explainAll(separate);
    expect(expected).toHaveLength(appPlatformRows.length);
    expect(await explainAll([sysdumpZip])).toEqual(expected);
    expect(await explainAll([folder])).toEqual(expected);
    expect(expected.map((l) => (JSON.parse(l) as Answer).verdict)).toEqual(appPlatformRows.map((r) => r.verdict));
    // Where they differ: the sysdump's cilium DaemonSet names the version, and it carries cilium-config.
    const [zip, separateFiles] = [(await explainUnder([sysdumpZip])).under[0], (await explainUnder(separate)).under[0]];
    expect([zip?.ciliumVersionSource, zip?.settingsSource]).toEqual(['daemonset-image', 'cilium-config']);
    expect(separateFiles?.settingsSource).toBe('defaults');
  });

  it('flows: the same edges and cross-check from the zip, the folder and the separate files', async () => {
    const edges = async (inputs: string[]): Promise<unknown> => {
      const r = await cli(['flows', ...inputs, '--json']);
      expect(r.code, r.err).toBe(0);
      const j = JSON.parse(r.out) as { edges: unknown[]; totals: unknown };
      return { edges: j.edges, totals: j.totals };
    };
    const expected = await edges(separate);
    expect(await edges([sysdumpZip])).toEqual(expected);
    expect(await edges([folder])).toEqual(expected);
  });

  it('enable-policy: always in the sysdump\u2019s cilium-config flips the verdicts that depend on it, without a flag', async () => {
    const base = (await explainAll([sysdumpZip])).map((l) => JSON.parse(l) as Answer);
    const always = (await explainAll([sysdumpAlwaysZip])).map((l) => JSON.parse(l) as Answer);
    // A side without any policy is open by default and in default deny with `always`.
    const expected = base.map((a) => (a.verdict === 'allowed' && a.egress.reason !== 'no-policy' && a.ingress.reason !== 'no-policy' ? 'allowed' : 'denied'));
    expect(always.map((a) => a.verdict)).toEqual(expected);
    expect(base.filter((a, i) => a.verdict !== always[i]?.verdict).length).toBeGreaterThanOrEqual(3);
    // An explicit flag still wins.
    const flag = await explainUnder([sysdumpAlwaysZip, '--enforcement', 'default']);
    expect(flag.answers).toEqual(await explainAll([sysdumpZip]));
    expect(flag.under[0]?.settings['enable-policy']).toEqual({ value: 'default', setByHand: true });
  });
});
