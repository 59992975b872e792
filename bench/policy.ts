/**
 * `npm run bench -- policy`: policy matching on hostile input, run through the CLI as a user would.
 *
 * `explain.fqdnPathological.ms`: `netpol-viz explain --to fqdn:NAME` (load, compile, decide,
 * explanation text) where the only egress policy has a `toFQDNs` and a DNS rule whose
 * `matchPattern` is `*a*a*a*a*a*a*a*a*a*a*a*a*b.com` and NAME is 48 characters of `a…a.com`.
 * The name almost matches; a backtracking matcher tries C(44, 12) ≈ 2·10^10 placements of the
 * a's (it took 78 ms at 26 characters and doubled with each one more), so this used to hang.
 * `explain.fqdnOrdinary.ms` is the same command with an ordinary pattern, for comparison.
 * Medians of several runs after one warm-up run, wall clock, in-process (the CLI's `main` with an
 * in-memory io).
 *
 * `engine.5k.tiers.s` / `engine.5k.noTiers.s`: compile + connectivity of the 5k synthetic cluster
 * with one Admin-tier ClusterNetworkPolicy on every namespace (Deny SMTP egress, Cilium 1.20), and
 * the same cluster without it (Cilium 1.19). Tiered endpoints are evaluated against every peer (the
 * default-deny pruning does not hold for them), which is what the difference measures.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../src/cli/main.ts';
import { memoryIo } from '../src/cli/io.ts';
import { median, recordFigures, type Figure } from './lib/results.ts';
import { generateCluster, synthPresets } from '../src/core/synth/cluster.ts';
import { loadInputs } from '../src/core/load/loadInputs.ts';
import { compile } from '../src/core/engine/compile.ts';
import { connectivity } from '../src/core/engine/connectivity.ts';

const TIER = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: deny-smtp}
spec:
  tier: Admin
  priority: 10
  subject: {namespaces: {}}
  egress:
  - {name: deny-smtp, action: Deny, to: [{networks: ["0.0.0.0/0"]}], protocols: [{tcp: {destinationPort: {number: 25}}}]}
`;

function tiersFigures(runs: number): Record<string, Figure> {
  const synth = generateCluster({ ...synthPresets['5k'], format: 'json' });
  const plain = loadInputs(synth.files).cluster;
  const tiered = loadInputs([...synth.files, { name: 'tier.yaml', data: TIER }]).cluster;
  const time = (c: typeof plain, ciliumVersion: string): number[] =>
    Array.from({ length: runs }, () => {
      const t0 = performance.now();
      connectivity(compile(c, { ciliumVersion }));
      return performance.now() - t0;
    });
  const fig = (ms: number[]): Figure => ({ median: Math.round(median(ms)) / 1000, unit: 's', runs });
  const a = time(plain, '1.19');
  const b = time(tiered, '1.20');
  console.log(`  5k: without tiers ${fig(a).median} s, with an Admin ClusterNetworkPolicy on every namespace ${fig(b).median} s`);
  return { 'engine.5k.noTiers.s': fig(a), 'engine.5k.tiers.s': fig(b) };
}

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'out');

export const pathologicalPattern = `${'*a'.repeat(12)}*b.com`;
export const name48 = `${'a'.repeat(44)}.com`;

function policyYaml(pattern: string): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: frontend, namespace: shop, labels: {app: frontend}}
spec: {containers: [{name: c, image: x}]}
---
apiVersion: v1
kind: Pod
metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec: {containers: [{name: c, image: x}]}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: fqdn, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: frontend}}
  egress:
  - toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, "k8s:k8s-app": kube-dns}}]
    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "${pattern}"}]}}]
  - toFQDNs: [{matchPattern: "${pattern}"}]
    toPorts: [{ports: [{port: "443", protocol: TCP}]}]
`;
}

async function explainOnce(file: string, to: string): Promise<{ ms: number; out: string }> {
  const io = memoryIo();
  const t0 = performance.now();
  const code = await main(['explain', file, '--from', 'shop/frontend', '--to', to, '--port', '443'], io);
  const ms = performance.now() - t0;
  if (code !== 0) throw new Error(`explain exited ${code}: ${io.stderr}`);
  return { ms, out: io.stdout };
}

async function series(pattern: string, name: string, runs: number): Promise<{ fig: Figure; out: string }> {
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `fqdn-${pattern === pathologicalPattern ? 'pathological' : 'ordinary'}.yaml`);
  writeFileSync(file, policyYaml(pattern));
  const times: number[] = [];
  let out = '';
  await explainOnce(file, `fqdn:${name}`); // warm-up (module loading, JIT), not counted
  for (let r = 0; r < runs; r++) {
    const one = await explainOnce(file, `fqdn:${name}`);
    times.push(one.ms);
    out = one.out;
  }
  return { fig: { median: Math.round(median(times) * 10) / 10, unit: 'ms', runs }, out };
}

export async function run(): Promise<void> {
  const runs = 7;
  const bad = await series(pathologicalPattern, name48, runs);
  console.log(`  explain --to fqdn:${name48} (${name48.length} chars) against matchPattern ${pathologicalPattern}:`);
  console.log(`    ${bad.out.split('\n')[0] ?? ''}`);
  const ok = await series('*.example.com', 'api.example.com', runs);
  recordFigures({ 'explain.fqdnPathological.ms': bad.fig, 'explain.fqdnOrdinary.ms': ok.fig, ...tiersFigures(3) });
}
