import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { memoryIo } from '../io.ts';
import { main } from '../main.ts';
import { npguardDir } from '../../../test/paths.ts';

const corpus = npguardDir;
const tests = path.join(corpus, 'tests');
const expected = (dir: string, fmt: string) => readFileSync(path.join(corpus, 'test_outputs/connlist', `${dir}_connlist_output.${fmt}`), 'utf8');

describe('netpol-viz connlist (arguments)', () => {
  it('rejects a missing input and an unknown format with exit 2', async () => {
    const io = memoryIo();
    expect(await main(['connlist'], io)).toBe(2);
    expect(io.stderr).toContain('no input files');
    const io2 = memoryIo();
    expect(await main(['connlist', 'x.yaml', '--format', 'svg'], io2)).toBe(2);
    expect(io2.stderr).toContain('txt, json, csv, md, dot');
  });

  it('rejects an unknown --host-network mode with exit 2', async () => {
    const io = memoryIo();
    expect(await main(['connlist', 'x.yaml', '--host-network', 'host'], io)).toBe(2);
    expect(io.stderr).toContain('--host-network needs one of node, pod');
  });

  it('--json is -o json (the same connections as the text, in netpol-analyzer\'s JSON layout); with another --format it is refused; a --cilium-version that is not X.Y is refused, with exit 2', async () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata: {name: a, namespace: x, labels: {app: a}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.0.0.1}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: x, labels: {app: b}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.0.0.2}
`;
    const asJson = memoryIo(yaml);
    expect(await main(['connlist', '-', '--json'], asJson)).toBe(0);
    const formatJson = memoryIo(yaml);
    expect(await main(['connlist', '-', '--format', 'json'], formatJson)).toBe(0);
    expect(asJson.stdout).toBe(formatJson.stdout);
    const rows = JSON.parse(asJson.stdout) as { src: string; dst: string; conn: string }[];
    const text = memoryIo(yaml);
    expect(await main(['connlist', '-'], text)).toBe(0);
    expect(rows.map((r) => `${r.src} => ${r.dst} : ${r.conn}`).join('\n')).toBe(text.stdout.trimEnd());
    expect(rows.length).toBeGreaterThan(0);
    const io = memoryIo();
    expect(await main(['connlist', 'x.yaml', '--json', '--format', 'csv'], io)).toBe(2);
    expect(io.stderr).toContain('--json is -o json: it cannot be combined with --format csv');
    const io2 = memoryIo();
    expect(await main(['connlist', 'x.yaml', '--cilium-version', 'latest'], io2)).toBe(2);
    expect(io2.stderr).toContain("--cilium-version needs a version like 1.20 (got 'latest')");
    const help = memoryIo();
    expect(await main(['connlist', '--help'], help)).toBe(0);
    expect(help.stdout).toContain('--json');
  });

  it('-n/--namespace/--default-namespace set the namespace of objects without one, as in every command', async () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata: {name: a, labels: {app: a}}
spec: {containers: [{name: c, image: x}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, labels: {app: b}}
spec: {containers: [{name: c, image: x}]}
`;
    for (const flag of [['-n', 'team'], ['--namespace', 'team'], ['--namespace=team'], ['--default-namespace', 'team']]) {
      const io = memoryIo(yaml);
      expect(await main(['connlist', '-', ...flag], io), flag.join(' ')).toBe(0);
      expect(io.stdout, flag.join(' ')).toContain('team/a[Pod] => team/b[Pod] : All Connections\n');
      expect(io.stdout, flag.join(' ')).not.toContain('default/');
    }
    // --focus-namespace filters; it does not move objects.
    const io = memoryIo(yaml);
    expect(await main(['connlist', '-', '--focus-namespace', 'team'], io)).toBe(0);
    expect(io.stdout).toBe('');
    const io2 = memoryIo(yaml);
    expect(await main(['connlist', '-', '--focus-namespace', 'default'], io2)).toBe(0);
    expect(io2.stdout).toContain('default/a[Pod] => default/b[Pod]');
  });

  it('exits 2 when an input cannot be read', async () => {
    const io = memoryIo();
    expect(await main(['connlist', '/nonexistent/netpol-viz-input.yaml'], io)).toBe(2);
  });
});

describe('netpol-viz connlist (upstream examples)', () => {
  it('prints upstream bytes for a folder, in every format', async () => {
    for (const fmt of ['txt', 'json', 'csv', 'md', 'dot']) {
      const io = memoryIo();
      expect(await main(['connlist', path.join(tests, 'netpol-analysis-example-minimal'), '-o', fmt], io)).toBe(0);
      expect(io.stdout, fmt).toBe(expected('netpol-analysis-example-minimal', fmt));
    }
  });

  it('finds Routes in folders for the {ingress-controller} lines', async () => {
    const io = memoryIo();
    expect(await main(['connlist', path.join(tests, 'acs-security-demos'), '--format=csv', '--quiet'], io)).toBe(0);
    expect(io.stdout).toBe(expected('acs-security-demos', 'csv'));
  });

  it('filters by --focus-namespace and notes hostNetwork workloads (and the flag) on stderr', async () => {
    const io = memoryIo();
    expect(await main(['connlist', path.join(tests, 'multiple_topology_resources_1'), '--focus-namespace', 'vendor-system'], io)).toBe(0);
    const lines = io.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => /(^| => )vendor-system\//.test(l))).toBe(true);
    expect(io.stderr).toContain('hostNetwork');
    expect(io.stderr).toContain('--host-network pod');
  });

  it('--host-network pod models hostNetwork pods as netpol-analyzer does; the default is Cilium', async () => {
    const dir = path.join(tests, 'ipblockstest');
    const asPods = memoryIo();
    expect(await main(['connlist', dir, '--host-network', 'pod'], asPods)).toBe(0);
    expect(asPods.stdout).toBe(expected('ipblockstest', 'txt'));
    expect(asPods.stderr).toContain('analysed as ordinary pods');
    const cilium = memoryIo();
    expect(await main(['connlist', dir, '--host-network=node'], cilium)).toBe(0);
    expect(cilium.stdout).not.toBe(expected('ipblockstest', 'txt'));
    expect(cilium.stderr).toContain('are their node to Cilium');
    const byDefault = memoryIo();
    expect(await main(['connlist', dir], byDefault)).toBe(0);
    expect(byDefault.stdout).toBe(cilium.stdout);
    expect(byDefault.stderr).toBe(cilium.stderr);
  });
});

describe('connlist: AdminNetworkPolicy v1alpha1 has no effect on Cilium; --tiers-as netpol-analyzer applies it', () => {
  const dir = path.join(npguardDir, 'tests', 'anp_test_1_deny_traffic_at_cluster_level');
  const expected = readFileSync(path.join(npguardDir, 'test_outputs', 'connlist', 'anp_test_1_deny_traffic_at_cluster_level_connlist_output.txt'), 'utf8');
  it('--tiers-as netpol-analyzer matches netpol-analyzer; the default, on any version, says the ANP has no effect', async () => {
    const on = memoryIo();
    expect(await main(['connlist', dir, '--tiers-as', 'netpol-analyzer', '--host-network', 'pod'], on)).toBe(0);
    expect(on.stdout).toBe(expected);
    for (const version of [[], ['--cilium-version', '1.20'], ['--tiers-as=cilium', '--cilium-version', '1.20']]) {
      const off = memoryIo();
      expect(await main(['connlist', dir, ...version, '--host-network', 'pod'], off)).toBe(0);
      expect(off.stdout).not.toBe(expected);
      expect(off.stderr).toContain('1 AdminNetworkPolicy/BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1) object(s) have no effect on Cilium');
      expect(off.stderr).toContain('--tiers-as netpol-analyzer');
    }
    const bad = memoryIo();
    expect(await main(['connlist', dir, '--tiers-as', 'calico'], bad)).toBe(2);
    expect(bad.stderr).toContain('--tiers-as must be cilium or netpol-analyzer');
  });
});
