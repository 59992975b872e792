import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { memoryIo } from '../io.ts';
import { main } from '../main.ts';
import { appPlatformDir } from '../../../test/paths.ts';

/** The agent's settings as the cluster carries them (cilium-config, the cilium DaemonSet) set the defaults; flags win. */
const INVENTORY = `apiVersion: v1
kind: PodList
items:
- metadata: {name: a, namespace: x, labels: {app: a}}
  spec: {containers: [{name: c}]}
  status: {podIP: 10.0.0.1}
- metadata: {name: b, namespace: x, labels: {app: b}}
  spec: {containers: [{name: c}]}
  status: {podIP: 10.0.0.2}
`;
const CONFIG = (mode: string): string => `apiVersion: v1
kind: ConfigMap
metadata: {name: cilium-config, namespace: kube-system}
data:
  cluster-name: prod
  enable-policy: ${mode}
`;
const DAEMONSET = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: cilium, namespace: kube-system}
spec:
  template:
    metadata: {labels: {k8s-app: cilium}}
    spec:
      hostNetwork: true
      containers: [{name: cilium-agent, image: "quay.io/cilium/cilium:v1.16.5@sha256:0123456789abcdef"}]
`;

function inputs(mode: string): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'agent-'));
  writeFileSync(path.join(dir, 'pods.yaml'), INVENTORY);
  writeFileSync(path.join(dir, 'cilium-config.yaml'), CONFIG(mode));
  writeFileSync(path.join(dir, 'ds.yaml'), DAEMONSET);
  return [dir];
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo('');
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('agent settings from the cluster', () => {
  it('inspect shows what was read from cilium-config and the DaemonSet', async () => {
    const r = await cli(['inspect', ...inputs('always')]);
    expect(r.out).toContain('Cluster name: prod;');
    expect(r.out).toContain('Agent settings from cilium-config: cluster-name=prod, enable-policy=always; Cilium 1.16 (cilium DaemonSet image)');
    const j = JSON.parse((await cli(['inspect', ...inputs('always'), '--json'])).out) as { agentSettings: { key: string; value: string; from: string }[] };
    expect(j.agentSettings.map((s) => `${s.from}:${s.key}=${s.value}`)).toEqual(['cilium-config:cluster-name=prod', 'cilium-config:enable-policy=always', 'cilium DaemonSet:image=quay.io/cilium/cilium:v1.16.5@sha256:0123456789abcdef']);
  });

  it('takes the Cilium version from a sysdump\'s Helm release metadata when the DaemonSet image names none, and says when neither does', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'agent-'));
    writeFileSync(path.join(dir, 'k8s-pods-20241120-091500.yaml'), INVENTORY);
    writeFileSync(path.join(dir, 'cilium-daemonset-20241120-091500.yaml'), DAEMONSET.replace('quay.io/cilium/cilium:v1.16.5@sha256:0123456789abcdef', 'quay.io/cilium/cilium@sha256:0123456789abcdef'));
    const noVersion = JSON.parse((await cli(['inspect', dir, '--json'])).out) as { agentSettings?: unknown[]; diagnostics: { code: string; file: string; line: number; path: string; message: string }[] };
    expect(noVersion.diagnostics.filter((d) => d.code === 'agent-version-unknown')).toEqual([
      expect.objectContaining({ file: path.join(dir, 'cilium-daemonset-20241120-091500.yaml'), line: 9, path: 'spec.template.spec.containers[0].image', message: expect.stringContaining('Cilium 1.19') }),
    ]);
    writeFileSync(path.join(dir, 'cilium-helm-metadata-20241120-091500.yaml'), 'name: cilium\nchart: cilium\nversion: 1.15.7\nappVersion: 1.15.7\nnamespace: kube-system\nrevision: 2\nstatus: deployed\ndeployedAt: "2024-11-20T09:15:00Z"\n');
    const r = await cli(['inspect', dir]);
    expect(r.out).toContain('Cilium 1.15 (cilium Helm release)');
    expect(r.out).not.toContain('agent-version-unknown');
    const j = JSON.parse((await cli(['inspect', dir, '--json'])).out) as { agentSettings: { key: string; value: string; from: string; line: number }[]; diagnostics: { severity: string }[] };
    expect(j.agentSettings).toEqual([expect.objectContaining({ from: 'cilium Helm release', key: 'version', value: '1.15.7', line: 3 })]);
    expect(j.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('explain: enable-policy=always from the ConfigMap denies without any flag; --enforcement wins', async () => {
    const ask = ['--from', 'x/a', '--to', 'x/b', '--port', '80/TCP', '--json'];
    const verdict = async (mode: string, extra: string[] = []): Promise<string> => (JSON.parse((await cli(['explain', ...inputs(mode), ...ask, ...extra])).out) as { verdict: string }).verdict;
    expect(await verdict('default')).toBe('allowed');
    expect(await verdict('always')).toBe('denied');
    expect(await verdict('always', ['--enforcement', 'default'])).toBe('allowed');
    expect(await verdict('default', ['--enforcement', 'always'])).toBe('denied');
  });

  it('inspect takes the Cilium settings as every command does (one parser) and shows them over what the cluster says', async () => {
    const r = await cli(['inspect', ...inputs('always'), '--enforcement', 'never', '--cilium-version', '1.17', '--cidr-match-mode', 'nodes']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Agent settings from cilium-config: cluster-name=prod, enable-policy=always; set on the command line (wins): enable-policy=never, Cilium 1.17, policy-cidr-match-mode=nodes');
    expect(r.out).not.toContain('Cilium 1.17 (cilium DaemonSet image)');
    const j = JSON.parse((await cli(['inspect', ...inputs('always'), '--enforcement', 'never', '--json'])).out) as { settings: Record<string, unknown> };
    expect(j.settings).toEqual({ enforcementMode: 'never' });
  });

  it('render and flows take the Cilium settings: enable-policy=never from the command line draws paths as not enforced', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'agent-render-'));
    const notEnforced = /class="edge v-not-enforced"/g;
    const svg = async (extra: string[]): Promise<string> => {
      const f = path.join(out, `${extra.join('') || 'plain'}.svg`);
      expect((await cli(['render', appPlatformDir, '--out', f, ...extra])).code).toBe(0);
      return readFileSync(f, 'utf8');
    };
    expect((await svg([])).match(notEnforced)).toBeNull();
    expect((await svg(['--enforcement', 'never'])).match(notEnforced)?.length ?? 0).toBeGreaterThan(0);
    const flows = await cli(['flows', appPlatformDir, '--enforcement', 'never', '--cilium-version', '1.16']);
    expect(flows.code).toBe(0);
    expect(flows.out).not.toBe((await cli(['flows', appPlatformDir])).out);
  });
});
