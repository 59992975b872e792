import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../load/loadInputs.ts';
import { compile, type EngineModel } from '../compile.ts';
import { decide } from '../decide.ts';
import { entityEndpoint, podEndpoint } from '../testing.ts';
import type { Endpoint, QueryProtocol, SideDecision } from '../types.ts';
import { ciliumPolicyScriptsDir } from '../../../../test/paths.ts';

/**
 * Cilium's policy script tests (pkg/policy/test/testdata/*.txtar, cilium/cilium main, Apache-2.0;
 * copied byte for byte into test/corpora/cilium-policy-scripts, see its SOURCES.md), run by a small
 * interpreter of the commands that bear on verdicts:
 * - `identity/allocate LABELS` + `env --from-stdout X`: an identity; one with k8s labels is a pod
 *   (namespace from io.kubernetes.pod.namespace, its Namespace's labels from
 *   io.cilium.k8s.namespace.labels.*), reserved:world / host / kube-apiserver are those entities;
 * - `endpoint/create ID LABELS` + `env --from-stdout X`: the endpoint of that identity;
 * - `policy/import F`, `k8s/add F`, `policy/remove F`, `replace OLD NEW F`: the loaded policies
 *   (our loader reads the files as it reads any input; an error on a policy fails the case);
 * - `policy/lookup-flow [--egress] SRC DST tcp PORT` + `stdout RE`: upstream prints the verdict of
 *   SRC's egress (`allowed` / `denied`, with `egress=` without `--egress`); ours is decide()'s
 *   egress side on Cilium 1.20 (the scripts run on main, where ClusterNetworkPolicy is enforced);
 * - `policy/policymap EP` + `cmp[env] -w stdout F`: the endpoint's realized policy map. Every
 *   identity of the script (and those the map names: 1 is the host) is probed on the map's ports
 *   and a few others; the map's answer is the datapath's (a covering deny drops, else the most
 *   specific covering allow passes, redirected to the proxy when its ProxyPort is set, else the
 *   packet is dropped) and must be decide()'s for that direction: allowed or not, and L7 or not.
 *   Identities 11-14 are the aggregate buckets identity 0 is materialized into (the script says
 *   so); 0 covers them. The host's ingress is not probed where the map does not name it (the
 *   fixture's allow-localhost setting is not in the script).
 * Other commands (revisions, regeneration, db/show) do not bear on verdicts and are skipped.
 */
function parseTxtar(text: string): { script: string[]; files: Map<string, string> } {
  const files = new Map<string, string>();
  const script: string[] = [];
  let current: string | null = null;
  let body: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^-- (\S+) --$/.exec(line);
    if (m) {
      if (current !== null) files.set(current, body.join('\n'));
      current = m[1] as string;
      body = [];
    } else if (current === null) script.push(line);
    else body.push(line);
  }
  if (current !== null) files.set(current, body.join('\n'));
  return { script, files };
}

interface Identity {
  readonly name: string;
  readonly labels: readonly string[];
}

interface MapEntry {
  readonly dir: 'Ingress' | 'Egress';
  readonly identity: string;
  readonly proto: string | null;
  readonly lo: number;
  readonly hi: number;
  readonly deny: boolean;
  readonly proxy: boolean;
}

interface Check {
  readonly line: number;
  readonly what: string;
  readonly run: () => void;
}

/**
 * Script files the Kubernetes API server refuses before Cilium sees them. The scripts import policy
 * files straight into Cilium's parser; in a cluster the object first passes its CRD schema, and
 * our loader answers as the cluster does. network-policy-api v1alpha2 ClusterNetworkPolicyEgressRule
 * `to` is required with at least one item (+kubebuilder:validation:MinItems=1, json:"to"), so
 * namespace-label-limits.txtar's kcnp.yaml (a last rule `- action: Deny` without `to`) is refused
 * and its verdicts are those of a cluster without it: `ours` replaces upstream's expected output at
 * those lines.
 */
const API_SERVER_REFUSES: Readonly<Record<string, { readonly file: string; readonly says: string; readonly ours: Readonly<Record<number, string>> }>> = {
  'namespace-label-limits.txtar': { file: 'kcnp.yaml', says: '"to" must list at least one peer', ours: { 53: 'allowed' } },
};

const RESERVED: Readonly<Record<string, 'world' | 'host' | 'kube-apiserver'>> = { 'reserved:world': 'world', 'reserved:host': 'host', 'reserved:kube-apiserver': 'kube-apiserver' };

function inventory(ids: readonly Identity[]): string {
  const namespaces = new Map<string, Record<string, string>>();
  const pods: string[] = [];
  ids.forEach((id, i) => {
    if (id.labels.some((l) => l.startsWith('reserved:'))) return;
    const kv = id.labels.map((l) => l.replace(/^k8s:/, '')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const);
    const ns = kv.find(([k]) => k === 'io.kubernetes.pod.namespace')?.[1] ?? 'default';
    const nsLabels = namespaces.get(ns) ?? {};
    for (const [k, v] of kv) if (k.startsWith('io.cilium.k8s.namespace.labels.')) nsLabels[k.slice('io.cilium.k8s.namespace.labels.'.length)] = v;
    namespaces.set(ns, nsLabels);
    const podLabels = kv.filter(([k]) => k !== 'io.kubernetes.pod.namespace' && !k.startsWith('io.cilium.k8s.namespace.labels.'));
    pods.push(
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${id.name}\n  namespace: ${ns}\n  labels: ${JSON.stringify(Object.fromEntries(podLabels))}\nspec: {containers: [{name: c, image: x}]}\nstatus: {podIP: 10.244.0.${i + 10}, podIPs: [{ip: 10.244.0.${i + 10}}]}\n`,
    );
  });
  const nsDocs = [...namespaces].map(([name, labels]) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: ${JSON.stringify({ 'kubernetes.io/metadata.name': name, ...labels })}\n`);
  return [...nsDocs, ...pods].join('---\n');
}

/** The checks of one script, in order (each builds the model of the policies loaded at its line). */
function scriptChecks(file: string): Check[] {
  const { script, files } = parseTxtar(readFileSync(path.join(ciliumPolicyScriptsDir, file), 'utf8'));
  const env = new Map<string, string>();
  const expand = (s: string) => s.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => env.get(a ?? b ?? '') ?? '');
  const ids: Identity[] = [];
  const endpoints = new Map<string, Identity>();
  const loaded = new Map<string, string>();
  let stdout = '';
  let pending: { kind: 'lookup'; src: Identity; dst: Identity; proto: QueryProtocol; port: number; egressOnly: boolean; snapshot: Map<string, string> } | { kind: 'map'; ep: Identity; snapshot: Map<string, string> } | null = null;
  const checks: Check[] = [];
  const models = new Map<string, EngineModel>();
  const modelOf = (snapshot: Map<string, string>): EngineModel => {
    const key = [...snapshot.keys()].join('|');
    const hit = models.get(key);
    if (hit) return hit;
    const inputs = [{ name: 'inventory.yaml', data: inventory(ids) }, ...[...snapshot].map(([name, data]) => ({ name, data }))];
    const result = loadInputs(inputs, { ciliumVersion: '1.20' });
    const refused = API_SERVER_REFUSES[file];
    const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}: ${d.message}`);
    const isRefusal = (e: string) => refused !== undefined && e.startsWith(`${refused.file}: `) && e.includes(refused.says);
    expect(errors.filter((e) => !isRefusal(e)), `${file}: the policies load`).toEqual([]);
    if (refused !== undefined && snapshot.has(refused.file)) expect(errors.some(isRefusal), `${refused.file} is refused`).toBe(true);
    const m = compile(result.cluster, { ciliumVersion: '1.20' });
    models.set(key, m);
    return m;
  };
  const byName = (v: string): Identity => {
    const id = ids.find((x) => x.name === v) ?? endpoints.get(v);
    if (!id) throw new Error(`${file}: unknown identity ${v}`);
    return id;
  };
  const endpointOf = (m: EngineModel, id: Identity): Endpoint => {
    const reserved = id.labels.map((l) => RESERVED[l]).find((x) => x !== undefined);
    if (reserved) return entityEndpoint(reserved);
    const ns = id.labels.find((l) => l.startsWith('k8s:io.kubernetes.pod.namespace='))?.split('=')[1] ?? 'default';
    return podEndpoint(m, `${ns}/${id.name}`);
  };
  script.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const words = line.replace(/^\* /, '').split(/\s+/);
    const [cmd, ...args] = words as [string, ...string[]];
    switch (cmd) {
      case 'env': {
        if (args[0] === '--from-stdout') env.set(args[1] as string, stdout);
        else {
          const eq = (args[0] as string).indexOf('=');
          env.set((args[0] as string).slice(0, eq), expand((args[0] as string).slice(eq + 1)));
        }
        return;
      }
      case 'identity/allocate': {
        const labels = expand(args[0] as string).split(',');
        const known = ids.find((x) => x.labels.join(',') === labels.join(','));
        const id = known ?? { name: `id${ids.length + 1}`, labels };
        if (!known) ids.push(id);
        stdout = id.name;
        return;
      }
      case 'endpoint/create': {
        const id = byName(expand(args[0] as string));
        const ep = `ep-${id.name}`;
        endpoints.set(ep, id);
        stdout = ep;
        return;
      }
      case 'k8s/add':
      case 'policy/import':
        loaded.set(args[0] as string, files.get(args[0] as string) ?? '');
        return;
      case 'policy/remove':
        loaded.delete(args[0] as string);
        return;
      case 'replace': {
        const [from, to, f] = args.map((a) => a.replace(/^'|'$/g, '')) as [string, string, string];
        files.set(f, (files.get(f) ?? '').split(from).join(to));
        return;
      }
      case 'policy/lookup-flow': {
        const egressOnly = args[0] === '--egress';
        const [src, dst, proto, port] = (egressOnly ? args.slice(1) : args).map(expand) as [string, string, string, string];
        pending = { kind: 'lookup', src: byName(src), dst: byName(dst), proto: proto.toUpperCase() as QueryProtocol, port: Number(port), egressOnly, snapshot: new Map(loaded) };
        return;
      }
      case 'policy/policymap':
        pending = { kind: 'map', ep: byName(expand(args[0] as string)), snapshot: new Map(loaded) };
        return;
      case 'stdout': {
        const p = pending;
        if (p?.kind !== 'lookup') return;
        const ours = API_SERVER_REFUSES[file]?.ours[index + 1];
        const re = new RegExp(ours ?? args.join(' '));
        checks.push({
          line: index + 1,
          what: `lookup-flow ${p.dst.labels.join(',')} ${p.port}/${p.proto}: ${re.source}${ours !== undefined ? ` (upstream ${args.join(' ')}: a rule the API server refuses)` : ''}`,
          run: () => {
            const m = modelOf(p.snapshot);
            const d = decide(m, { from: endpointOf(m, p.src), to: endpointOf(m, p.dst), port: p.port, protocol: p.proto });
            const out = p.egressOnly ? d.egress.verdict : `egress=${d.egress.verdict}`;
            expect(out, d.egress.text).toMatch(re);
          },
        });
        return;
      }
      case 'cmp':
      case 'cmpenv': {
        const p = pending;
        if (p?.kind !== 'map') return;
        const name = args[args.length - 1] as string;
        const table = (files.get(name) ?? '').split('\n').slice(1).filter((l) => l.trim() !== '').map((l) => (cmd === 'cmpenv' ? expand(l) : l).trim().split(/\s+/));
        const entries: MapEntry[] = table.map(([dir, identity, portProto, action, proxy]) => {
          const pp = /^(\d+)(?:-(\d+))?\/(\w+)$/.exec(portProto as string);
          return { dir: dir as MapEntry['dir'], identity: identity as string, proto: pp ? (pp[3] as string) : null, lo: pp ? Number(pp[1]) : 0, hi: pp ? Number(pp[2] ?? pp[1]) : 65535, deny: action === 'Deny', proxy: Number(proxy) > 0 };
        });
        checks.push({ line: index + 1, what: `policymap of ${p.ep.labels.join(',')} is ${name}`, run: () => checkMap(modelOf(p.snapshot), p.ep, entries, ids, endpointOf) });
        return;
      }
      default:
        return;
    }
  });
  return checks;
}

/** Identity 1 is the host; 0 the wildcard; 11-14 the aggregate buckets of 0 (covered by it). */
function checkMap(m: EngineModel, ep: Identity, entries: readonly MapEntry[], ids: readonly Identity[], endpointOf: (m: EngineModel, id: Identity) => Endpoint): void {
  const host: Identity = { name: 'host', labels: ['reserved:host'] };
  const named = entries.some((e) => e.identity === '1');
  const peers = [...ids, ...(named && !ids.some((i) => i.labels.includes('reserved:host')) ? [host] : [])];
  const ports = new Set<string>(['81/TCP', '443/TCP', '53/TCP', '53/UDP']);
  for (const e of entries) if (e.proto !== null) for (const port of new Set([e.lo, e.hi, e.hi + 1, (e.lo + e.hi) >> 1])) ports.add(`${port}/${e.proto}`);
  let probed = 0;
  for (const dir of ['Ingress', 'Egress'] as const)
    for (const peerId of peers) {
      const isHost = peerId.labels.includes('reserved:host');
      if (dir === 'Ingress' && isHost && !entries.some((e) => e.dir === 'Ingress' && e.identity === '1')) continue;
      const idCol = isHost ? '1' : peerId.name;
      for (const pp of ports) {
        const [port, proto] = pp.split('/') as [string, QueryProtocol];
        const n = Number(port);
        const covering = entries.filter((e) => e.dir === dir && (e.identity === '0' || e.identity === idCol) && (e.proto === null || (e.proto === proto && e.lo <= n && n <= e.hi)));
        const specific = [...covering].sort((a, b) => (a.proto === null ? 1 : 0) - (b.proto === null ? 1 : 0) || a.hi - a.lo - (b.hi - b.lo) || (a.identity === '0' ? 1 : 0) - (b.identity === '0' ? 1 : 0));
        const allow = specific.find((e) => !e.deny);
        const want = covering.some((e) => e.deny) ? 'denied' : allow ? (allow.proxy ? 'allowed, L7' : 'allowed') : 'denied';
        const self = endpointOf(m, ep);
        const other = endpointOf(m, peerId);
        const d = decide(m, dir === 'Ingress' ? { from: other, to: self, port: n, protocol: proto } : { from: self, to: other, port: n, protocol: proto });
        const s: SideDecision = dir === 'Ingress' ? d.ingress : d.egress;
        const got = s.verdict === 'denied' ? 'denied' : s.l7 === 'none' ? 'allowed' : 'allowed, L7';
        expect(got, `${dir} ${peerId.labels.join(',')} ${pp}: ${s.text}`).toBe(want);
        probed++;
      }
    }
  expect(probed).toBeGreaterThan(0);
}

const SCRIPTS = ['policymap.txtar', 'kube-apiserver-allow.txtar', 'kube-apiserver-deny.txtar', 'kube-apiserver-duplicate-delete.txtar', 'namespace-label-limits.txtar'];

describe("Cilium's policy script tests (pkg/policy/test/testdata)", () => {
  for (const file of SCRIPTS)
    describe(file, () => {
      const checks = scriptChecks(file);
      it('has checks', () => expect(checks.length).toBeGreaterThan(0));
      for (const c of checks) it(`line ${c.line}: ${c.what.length > 160 ? `${c.what.slice(0, 157)}...` : c.what}`, c.run);
    });
});
