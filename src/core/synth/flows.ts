/**
 * Deterministic synthetic Hubble export (`hubble observe -o json` wrapped lines) for the ingest
 * benchmark and tests. Shapes follow semantics reference D.6: trace events with TCP flags and
 * replies, policy-verdict events with attribution, POLICY_DENIED / POLICY_DENY and non-policy
 * drops, DNS L7 records, world peers with `destination_names`, some node_status and lost_events
 * lines. Same seed, same lines.
 * @public
 */

export interface SynthFlowOptions {
  readonly seed?: number;
  /** Tenants × namespaces per tenant × workloads per namespace make the pod population. */
  readonly tenants?: number;
  readonly namespacesPerTenant?: number;
  readonly workloadsPerNamespace?: number;
  readonly cluster?: string;
  /** Start time, epoch milliseconds. */
  readonly startMs?: number;
}

/** mulberry32: small, fast, good enough for test data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SynthWorkload {
  readonly namespace: string;
  readonly tenant: string;
  readonly name: string;
  readonly identity: number;
  readonly port: number;
  readonly pods: readonly { name: string; ip: string; id: number }[];
}

const OUTSIDE = [
  { ip: '104.18.12.33', name: 'api.stripe.com', port: 443 },
  { ip: '34.111.22.5', name: 'smtp.mailgun.org', port: 587 },
  { ip: '140.82.112.3', name: 'github.com', port: 443 },
  { ip: '93.184.216.34', name: '', port: 443 },
  { ip: '198.51.100.25', name: '', port: 25 },
];
const NON_POLICY_DROPS = [
  ['CT_MAP_INSERTION_FAILED', 155],
  ['STALE_OR_UNROUTABLE_IP', 151],
  ['SERVICE_BACKEND_NOT_FOUND', 158],
] as const;
const HEX = '0123456789abcdef';

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

export function syntheticWorkloads(options: SynthFlowOptions = {}): SynthWorkload[] {
  const r = rng((options.seed ?? 1) ^ 0x9e3779b9);
  const out: SynthWorkload[] = [];
  let identity = 20000;
  let ep = 1000;
  const tenants = options.tenants ?? 8;
  for (let t = 0; t < tenants; t++) {
    for (let n = 0; n < (options.namespacesPerTenant ?? 2); n++) {
      const namespace = `tenant${t}-ns${n}`;
      for (let w = 0; w < (options.workloadsPerNamespace ?? 5); w++) {
        const pods = [];
        const replicas = 1 + Math.floor(r() * 3);
        for (let p = 0; p < replicas; p++) {
          let suffix = '';
          for (let i = 0; i < 5; i++) suffix += HEX[Math.floor(r() * 16)];
          pods.push({ name: `app${w}-7d9c5f${pad(w, 3)}-${suffix}`, ip: `10.${t}.${n * 16 + w}.${10 + p}`, id: ep++ });
        }
        out.push({ namespace, tenant: `tenant${t}`, name: `app${w}`, identity: identity++, port: 8000 + w * 10, pods });
      }
    }
  }
  return out;
}

function endpointJson(w: SynthWorkload, pod: { name: string; id: number }, cluster: string, withId: boolean): string {
  const labels = [
    `k8s:app=${w.name}`,
    `k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=${w.namespace}`,
    `k8s:io.cilium.k8s.namespace.labels.tenant=${w.tenant}`,
    `k8s:io.cilium.k8s.policy.cluster=${cluster}`,
    `k8s:io.cilium.k8s.policy.serviceaccount=default`,
    `k8s:io.kubernetes.pod.namespace=${w.namespace}`,
  ];
  return (
    `{${withId ? `"ID":${pod.id},` : ''}"identity":${w.identity},"cluster_name":"${cluster}","namespace":"${w.namespace}",` +
    `"labels":${JSON.stringify(labels)},"pod_name":"${pod.name}","workloads":[{"name":"${w.name}","kind":"Deployment"}]}`
  );
}

function uuid(r: () => number): string {
  let s = '';
  for (let i = 0; i < 32; i++) {
    s += HEX[Math.floor(r() * 16)];
    if (i === 7 || i === 11 || i === 15 || i === 19) s += '-';
  }
  return s;
}

function isoTime(ms: number, ns: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}.${pad(ns, 9)}Z`;
}

/**
 * Endless deterministic stream of export lines; take as many as needed. About 1.5 kB per line.
 */
export function* syntheticFlowLines(options: SynthFlowOptions = {}): Generator<string> {
  const r = rng(options.seed ?? 1);
  const cluster = options.cluster ?? 'synth-1';
  const workloads = syntheticWorkloads(options);
  let ms = options.startMs ?? Date.UTC(2026, 10, 20, 9, 0, 0);
  const byTenant = new Map<string, SynthWorkload[]>();
  for (const w of workloads) byTenant.set(w.tenant, [...(byTenant.get(w.tenant) ?? []), w]);
  for (let i = 0; ; i++) {
    ms += Math.floor(r() * 5);
    const time = isoTime(ms, Math.floor(r() * 1e9));
    const node = `${cluster}/pool-${Math.floor(r() * 4)}`;
    const roll = r();
    if (roll < 0.0005) {
      yield `{"node_status":{"state_change":"NODE_CONNECTED","node_names":["${node}"],"message":"Connected"},"node_name":"${node}","time":"${time}"}`;
      continue;
    }
    if (roll < 0.001) {
      yield `{"lost_events":{"source":"HUBBLE_RING_BUFFER","num_events_lost":"${1 + Math.floor(r() * 50)}","cpu":{"value":${Math.floor(r() * 4)}}},"node_name":"${node}","time":"${time}"}`;
      continue;
    }
    const sw = workloads[Math.floor(r() * workloads.length)] as SynthWorkload;
    const sp = sw.pods[Math.floor(r() * sw.pods.length)] as { name: string; ip: string; id: number };
    const outside = r() < 0.15 ? OUTSIDE[Math.floor(r() * OUTSIDE.length)] : undefined;
    // Mostly same-tenant traffic, some cross-tenant (which policies would deny).
    // A service graph: each workload talks to three fixed same-tenant peers, plus rare probes.
    const sameTenant = byTenant.get(sw.tenant) ?? workloads;
    const wi = workloads.indexOf(sw);
    // Probes go to two fixed cross-tenant targets per workload, so the edge set stops growing early
    // (memory is per edge, and the benchmark shows it flat as the file grows).
    const probe = workloads[(wi * 7 + 13 * (1 + Math.floor(r() * 2))) % workloads.length];
    const dw = (r() < 0.98 ? sameTenant[(wi + 1 + Math.floor(r() * 3)) % sameTenant.length] : probe) as SynthWorkload;
    const dp = dw.pods[Math.floor(r() * dw.pods.length)] as { name: string; ip: string; id: number };
    const reply = !outside && r() < 0.3;
    // Replies are never dropped here: a dropped reply has no is_reply (unknown) and its ephemeral
    // destination port would make a new edge per connection, which real captures show but which
    // would hide whether memory stays flat as the file grows.
    const kind = reply ? 1 : r();
    let verdict = 'FORWARDED';
    let dropReason: readonly [string, number] | null = null;
    if (kind < 0.04) {
      verdict = 'DROPPED';
      dropReason = ['POLICY_DENIED', 133];
    } else if (kind < 0.05) {
      verdict = 'DROPPED';
      dropReason = ['POLICY_DENY', 181];
    } else if (kind < 0.055) {
      verdict = 'DROPPED';
      dropReason = NON_POLICY_DROPS[Math.floor(r() * NON_POLICY_DROPS.length)] as readonly [string, number];
    } else if (kind < 0.056) {
      verdict = 'AUDIT';
    }
    const policyVerdict = !reply && r() < 0.2;
    const dns = !reply && !dropReason && r() < 0.05;
    const direction = r() < 0.5 ? 'EGRESS' : 'INGRESS';
    const ephemeral = 32768 + Math.floor(r() * 28000);
    const dport = outside ? outside.port : dns ? 53 : dw.port;
    const proto = dns ? 'UDP' : 'TCP';
    const flagsRoll = r();
    const flags = reply ? (flagsRoll < 0.2 ? '{"SYN":true,"ACK":true}' : '{"ACK":true}') : flagsRoll < 0.3 ? '{"SYN":true}' : flagsRoll < 0.4 ? '{"FIN":true,"ACK":true}' : flagsRoll < 0.42 ? '{"RST":true}' : '{"ACK":true}';
    const l4 =
      proto === 'TCP'
        ? `{"TCP":{"source_port":${reply ? dport : ephemeral},"destination_port":${reply ? ephemeral : dport},"flags":${flags}}}`
        : `{"UDP":{"source_port":${ephemeral},"destination_port":53}}`;
    const srcEp = endpointJson(sw, sp, cluster, direction === 'EGRESS');
    let dstEp: string;
    let dstIp: string;
    let names = '';
    if (outside) {
      dstEp = '{"identity":2,"labels":["reserved:world"]}';
      dstIp = outside.ip;
      if (outside.name) names = `,"destination_names":["${outside.name}"]`;
    } else {
      dstEp = endpointJson(dw, dp, cluster, direction === 'INGRESS');
      dstIp = dp.ip;
    }
    const [from, to, fromIp, toIp] = reply ? [dstEp, srcEp, dstIp, sp.ip] : [srcEp, dstEp, sp.ip, dstIp];
    const eventType = dropReason && !policyVerdict ? `{"type":1,"sub_type":${dropReason[1]}}` : policyVerdict ? '{"type":5}' : dns ? '{"type":129}' : '{"type":4,"sub_type":3}';
    let attribution = '';
    if (policyVerdict && verdict === 'FORWARDED') {
      attribution = `,"policy_match_type":2,"${direction === 'EGRESS' ? 'egress' : 'ingress'}_allowed_by":[{"name":"same-tenant","namespace":"${direction === 'EGRESS' ? sw.namespace : dw.namespace}","labels":["k8s:io.cilium.k8s.policy.derived-from=CiliumNetworkPolicy","k8s:io.cilium.k8s.policy.name=same-tenant"],"revision":"${1 + (i % 7)}","kind":"CiliumNetworkPolicy"}]${i % 9 === 0 ? ',"policy_log":["tenant-traffic"]' : i % 9 === 1 ? ',"policy_log":[""]' : ''}`;
    } else if (policyVerdict && dropReason?.[0] === 'POLICY_DENY') {
      attribution = `,"policy_match_type":1,"egress_denied_by":[{"name":"tenant-egress-baseline","labels":["k8s:io.cilium.k8s.policy.derived-from=CiliumClusterwideNetworkPolicy","k8s:io.cilium.k8s.policy.name=tenant-egress-baseline"],"revision":"3","kind":"CiliumClusterwideNetworkPolicy"}],"policy_log":["egress-baseline"]`;
    }
    const drop = dropReason ? `,"drop_reason":${dropReason[1]},"drop_reason_desc":"${dropReason[0]}"` : '';
    const l7 = dns ? `,"l7":{"type":"REQUEST","dns":{"query":"api.internal.${dw.namespace}.svc.cluster.local.","qtypes":["A"],"observation_source":"proxy"}}` : '';
    const summary = dns ? `DNS Query api.internal.${dw.namespace}.svc.cluster.local. A` : proto === 'TCP' ? 'TCP Flags: ' + flags.replace(/[{}"]|:true/g, '').replace(',', ', ') : 'UDP';
    yield (
      `{"flow":{"time":"${time}","uuid":"${uuid(r)}","verdict":"${verdict}"${dropReason ? `,"drop_reason":${dropReason[1]}` : ''},` +
      `"ethernet":{"source":"7e:21:9a:3c:10:01","destination":"7e:21:9a:3c:10:02"},` +
      `"IP":{"source":"${fromIp}","destination":"${toIp}","ipVersion":"IPv4"},"l4":${l4},"source":${from},"destination":${to},` +
      `"Type":"${dns ? 'L7' : 'L3_L4'}","node_name":"${node}"${names},"event_type":${eventType},"traffic_direction":"${direction}"` +
      `${attribution}${drop.replace(/,"drop_reason":\d+/, '')}${l7}${dropReason ? '' : `,"is_reply":${reply}`},"Summary":"${summary}"},` +
      `"node_name":"${node}","time":"${time}"}`
    );
  }
}
