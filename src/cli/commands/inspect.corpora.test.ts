import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { memoryIo } from '../io.ts';
import { run } from './inspect.ts';
import { isInComment, templateOffsets } from '../../core/load/templates.ts';
import { appPlatformDir, corporaDir, repoRoot } from '../../../test/paths.ts';

/**
 * Acceptance: `netpol-viz inspect test/corpora test/fixtures/app-platform` loads every well-formed
 * document and reports every malformed or templated one with its file and line.
 */
const ROOT = repoRoot;
const INPUTS = [corporaDir, appPlatformDir].map((d) => relative(ROOT, d));

interface Out {
  sources: { file: string; documents: number; counts: Record<string, number>; skipped: Record<string, number> }[];
  counts: Record<string, number>;
  diagnostics: { file: string; document: number; line: number; path: string; severity: string; code: string; message: string }[];
}

let out: Out;
let exitCode = -1;

beforeAll(async () => {
  const io = memoryIo();
  exitCode = await run([...INPUTS, '--json'], { out: io.out, err: io.err, stdin: io.stdin, cwd: ROOT });
  out = JSON.parse(io.stdout) as Out;
}, 120_000);

const MODELLED = new Set(['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'NetworkPolicy', 'Namespace', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Service', 'Node', 'CiliumEndpoint', 'CiliumCIDRGroup', 'HubbleFlow']);

const diagsOf = (suffix: string): Out['diagnostics'] => out.diagnostics.filter((d) => d.file.endsWith(suffix));
const sourceOf = (suffix: string): Out['sources'][number] | undefined => out.sources.find((s) => s.file.endsWith(suffix));

describe('inspect test/corpora test/fixtures/app-platform', () => {
  it('exits 0, reads every input file and never hits an internal error', () => {
    expect(exitCode).toBe(0);
    expect(out.sources.length).toBeGreaterThan(300);
    expect(out.diagnostics.filter((d) => d.code === 'internal-error')).toEqual([]);
    for (const d of out.diagnostics) expect(INPUTS.some((i) => d.file === i || d.file.startsWith(`${i}/`)), d.file).toBe(true);
  });

  it('loads every well-formed document: a file without errors skips only kinds netpol-viz does not model', () => {
    const withErrors = new Set(out.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file));
    for (const s of out.sources) {
      if (withErrors.has(s.file)) continue;
      for (const kind of Object.keys(s.skipped)) expect(MODELLED.has(kind), `${s.file} skipped ${kind}`).toBe(false);
    }
  });

  it('reports every templated file with file and line', () => {
    for (const s of out.sources) {
      const text = readFileSync(join(ROOT, s.file), 'utf8');
      if (!templateOffsets(text).some((o) => !isInComment(text, o))) continue;
      const ds = out.diagnostics.filter((d) => d.file === s.file && (d.code === 'go-template' || d.code === 'template-value'));
      expect(ds.length, s.file).toBeGreaterThan(0);
      for (const d of ds) expect(text.split('\n')[d.line - 1]).toContain('{{');
    }
  });

  it('names the upstream quirks: templates, lowercase apiversion, HTTP:, specs:', () => {
    expect(diagsOf('v0.16/connectivity/builder/manifests/client-egress-to-cidr-cp-host-knp.yaml')).toEqual([
      expect.objectContaining({ code: 'go-template', line: 12, severity: 'error' }),
    ]);
    expect(diagsOf('v1.20/connectivity/builder/manifests/deny-cidr.yaml').find((d) => d.code === 'go-template')?.line).toBe(9);
    expect(diagsOf('v0.16/connectivity/builder/manifests/client-egress-to-fqdns.yaml')).toContainEqual(expect.objectContaining({ code: 'template-value', line: 4, path: 'metadata.name' }));
    const lower = diagsOf('policies/l3/entities/from_nodes.yaml');
    expect(lower).toContainEqual(expect.objectContaining({ code: 'apiversion-case', line: 1, severity: 'warning' }));
    // fromNodes with no cilium-config loaded: the agent's --enable-node-selector-labels is assumed on
    // (Cilium's default is off, which refuses the policy: 29806ac), and a note says so.
    expect(lower).toContainEqual(expect.objectContaining({ code: 'assumed-node-selector-labels', severity: 'info', message: expect.stringContaining('assumed enable-node-selector-labels=true') }));
    expect(lower.filter((d) => d.severity === 'error')).toEqual([]);
    expect(sourceOf('policies/l3/entities/from_nodes.yaml')?.counts).toEqual({ CiliumNetworkPolicy: 1 });
    expect(diagsOf('policies/l7/http/http.yaml').some((d) => d.line === 15 && d.message.includes('HTTP'))).toBe(true);
    // `specs:` policies load.
    expect(sourceOf('v1.20/connectivity/builder/manifests/client-egress-l7-tls.yaml')?.documents).toBe(1);
    expect(sourceOf('npguard/tests/netpol_named_port_test/pods.yaml')).toBeDefined();
    expect(diagsOf('npguard/tests/netpol_named_port_test/pods.yaml')).toContainEqual(expect.objectContaining({ code: 'missing-field', line: 32, path: 'spec.template.spec.containers[0].ports[1].containerport' }));
  });

  it('counts the fixtures, flows and typed lists', () => {
    expect(sourceOf('fixtures/app-platform/policies.yaml')?.counts).toEqual({ CiliumClusterwideNetworkPolicy: 2, CiliumNetworkPolicy: 9, NetworkPolicy: 1 });
    expect(sourceOf('fixtures/app-platform/flows.jsonl')?.counts).toEqual({ HubbleFlow: 223 });
    expect(sourceOf('hubble-otel/testdata/basic-sample-348-http-flows.json')?.counts).toEqual({ HubbleFlow: 348 });
    expect(sourceOf('hubble-printer-golden/printer_json_vs_jsonpb.jsonl')?.counts).toEqual({ HubbleFlow: 3 });
    expect(sourceOf('npguard/tests/test_with_named_ports/pod_list.json')?.counts).toEqual({ Pod: 29 });
    expect(sourceOf('npguard/tests/multiple_topology_resources_1/bank_pod_list_yaml_version.yml')?.counts.Pod).toBeGreaterThan(0);
    expect(sourceOf('cilium-policies/docs/starwars-rule1-l7.cilium-dbg-policy-get.json')).toMatchObject({ counts: { AgentPolicyRule: 1 }, skipped: {} });
    expect(out.counts.HubbleFlow).toBeGreaterThan(2000);
  });
});
