/**
 * Deterministic synthetic Hubble export of a big cluster whose pods come and go, for the
 * many-endpoints ingest benchmark and the endpoint-cache tests: tens of thousands of distinct pods
 * in one export, where `syntheticFlowLines` has a few hundred.
 *
 * The cluster: tenant namespaces (`team-<name>-<env>`) with Deployments, StatefulSets and CronJobs,
 * platform services everyone calls (`kube-system/coredns`, `ingress-nginx/ingress-nginx-controller`,
 * `monitoring/prometheus` scraping every pod), spread over nodes with a /24 pod CIDR each.
 * Pods come and go as in a busy cluster: pods of Deployments are replaced (evictions, node drains,
 * crash loops), Deployments roll out (a new ReplicaSet hash, every pod replaced), StatefulSet pods
 * restart under the same name on a new IP, and every CronJob run is a new pod with its own
 * `job-name` label (so its own security identity). A replaced pod's IP goes back to its node's free
 * list and is later given to another pod (first freed, first reused), so one IP names several
 * pods over the export. Names, labels and line layout follow `hubble observe -o json` (Cilium
 * 1.15–1.19): endpoint fields `ID` (only on the observing node's side), `identity`,
 * `cluster_name`, `namespace`, sorted `labels`, `pod_name`, `workloads`.
 * Traffic is skewed as in real clusters: a few workloads make most calls. Same options, same lines.
 * @public
 */
import { seededRandom, type SeededRandom } from './seededRandom.ts';

export interface ChurnFlowOptions {
  readonly seed?: number;
  /** Tenant namespaces (default 160). */
  readonly namespaces?: number;
  /** Nodes (default 100); each holds at most 110 pods, as kubelet's default. */
  readonly nodes?: number;
  /** Pod replacements per 1,000 lines, besides CronJob runs (default 300). */
  readonly replacementsPerThousand?: number;
  readonly cluster?: string;
  /** Start time, epoch milliseconds. */
  readonly startMs?: number;
}

/** What the generator has emitted so far (read after taking lines). */
export interface ChurnStats {
  readonly lines: number;
  /** Distinct `namespace/pod_name` seen in the lines (a StatefulSet pod restarted counts once). */
  readonly pods: number;
  /** Pods created (a restarted StatefulSet pod counts again), whether or not they appear in a line. */
  readonly podsCreated: number;
  /** IPs that named more than one pod over the lines emitted. */
  readonly reusedIps: number;
}

/** Kubernetes' alphabet for generated name suffixes (no vowels, no look-alike digits). */
const K8S_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const HEX = '0123456789abcdef';
const TEAMS = ['payments', 'checkout', 'catalog', 'search', 'identity', 'ledger', 'shipping', 'reviews', 'ads', 'growth', 'risk', 'media', 'notify', 'billing', 'loyalty', 'support'];
const ENVS = ['prod', 'staging', 'dev', 'perf', 'canary'];
/** Workloads of a tenant namespace: name, kind, port, replicas (Deployments), downstream peers by index. */
const TENANT_WORKLOADS: readonly { name: string; kind: 'Deployment' | 'StatefulSet' | 'CronJob'; port: number; replicas: number; calls: readonly number[] }[] = [
  { name: 'frontend', kind: 'Deployment', port: 8080, replicas: 6, calls: [1, 2, 3] },
  { name: 'api', kind: 'Deployment', port: 8080, replicas: 8, calls: [2, 3, 4, 8] },
  { name: 'orders', kind: 'Deployment', port: 9000, replicas: 4, calls: [4, 5, 8] },
  { name: 'catalog', kind: 'Deployment', port: 9000, replicas: 3, calls: [4, 6] },
  { name: 'postgres', kind: 'StatefulSet', port: 5432, replicas: 2, calls: [] },
  { name: 'redis', kind: 'StatefulSet', port: 6379, replicas: 3, calls: [] },
  { name: 'search-indexer', kind: 'Deployment', port: 9200, replicas: 2, calls: [3] },
  { name: 'report-export', kind: 'CronJob', port: 0, replicas: 1, calls: [4, 2] },
  { name: 'events-worker', kind: 'Deployment', port: 9100, replicas: 5, calls: [4, 5] },
  { name: 'cache-warmer', kind: 'CronJob', port: 0, replicas: 1, calls: [3, 5] },
];
const OUTSIDE = [
  { ip: '104.18.12.33', name: 'api.stripe.com', port: 443 },
  { ip: '34.111.22.5', name: 'smtp.mailgun.org', port: 587 },
  { ip: '140.82.112.3', name: 'github.com', port: 443 },
  { ip: '52.95.110.1', name: 's3.eu-west-1.amazonaws.com', port: 443 },
  { ip: '93.184.216.34', name: '', port: 443 },
];

interface Workload {
  readonly namespace: string;
  readonly team: string;
  readonly name: string;
  readonly kind: 'Deployment' | 'StatefulSet' | 'CronJob' | 'DaemonSet';
  readonly port: number;
  readonly replicas: number;
  readonly serviceAccount: string;
  readonly partOf: string;
  /** Peers this workload calls (indexes into the cluster's workloads). */
  calls: number[];
  /** Identity of the current label set (CronJob runs change it). */
  identity: number;
  labels: string;
  hash: string;
  jobName: string;
  readonly pods: Pod[];
}

interface Pod {
  readonly name: string;
  readonly ip: string;
  readonly node: number;
  readonly id: number;
  /** Endpoint JSON without and with `ID` (the observing node's side has it). */
  readonly remote: string;
  readonly local: string;
}

interface Node {
  readonly name: string;
  readonly free: string[];
  nextId: number;
  pods: number;
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

function isoTime(ms: number, ns: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}.${pad(ns, 9)}Z`;
}

function uuid(r: SeededRandom): string {
  let s = '';
  for (let i = 0; i < 32; i++) {
    s += HEX[r.int(16)];
    if (i === 7 || i === 11 || i === 15 || i === 19) s += '-';
  }
  return s;
}

/** Generates the cluster and its traffic; `lines()` is endless, `stats()` describes what was emitted. */
export class ChurnFlowExport {
  private readonly r: SeededRandom;
  private readonly cluster: string;
  private readonly workloads: Workload[] = [];
  /** Workload indexes weighted by traffic (hot ones repeated). */
  private readonly callers: number[] = [];
  private readonly nodes: Node[] = [];
  private readonly replacementRate: number;
  private nextIdentity = 12000;
  private readonly identities = new Map<string, number>();
  private ms: number;
  private lineCount = 0;
  private created = 0;
  private readonly seenPods = new Set<string>();
  private readonly ipOwners = new Map<string, string>();
  private readonly reused = new Set<string>();
  private readonly coredns: number;
  private readonly ingress: number;
  private readonly prometheus: number;
  private readonly crons: { w: number; everyMin: number; next: number }[] = [];

  constructor(options: ChurnFlowOptions = {}) {
    this.r = seededRandom(options.seed ?? 1);
    this.cluster = options.cluster ?? 'prod-eu1';
    this.ms = options.startMs ?? Date.UTC(2026, 10, 20, 9, 0, 0);
    this.replacementRate = (options.replacementsPerThousand ?? 300) / 1000;
    const r = this.r;
    for (let i = 0; i < (options.nodes ?? 100); i++) {
      const free: string[] = [];
      for (let h = 2; h < 255; h++) free.push(`10.${20 + (i >> 8)}.${i & 255}.${h}`);
      this.nodes.push({ name: `${this.cluster}/ip-10-0-${(i * 7) % 64}-${(i * 37) % 250}.eu-west-1.compute.internal`, free, nextId: 100 + r.int(2000), pods: 0 });
    }
    this.coredns = this.addWorkload('kube-system', 'platform', 'coredns', 'Deployment', 53, 4, 'kube-dns');
    this.ingress = this.addWorkload('ingress-nginx', 'platform', 'ingress-nginx-controller', 'Deployment', 443, 6, 'ingress-nginx');
    this.prometheus = this.addWorkload('monitoring', 'platform', 'prometheus', 'StatefulSet', 9090, 2, 'kube-prometheus');
    const namespaces = options.namespaces ?? 160;
    for (let n = 0; n < namespaces; n++) {
      const team = TEAMS[n % TEAMS.length] as string;
      const ns = `team-${team}-${ENVS[Math.floor(n / TEAMS.length) % ENVS.length]}${n >= TEAMS.length * ENVS.length ? `-${Math.floor(n / (TEAMS.length * ENVS.length))}` : ''}`;
      const base = this.workloads.length;
      for (const t of TENANT_WORKLOADS) {
        const w = this.addWorkload(ns, team, t.name, t.kind, t.port, t.replicas, `${team}-shop`);
        (this.workloads[w] as Workload).calls = t.calls.map((c) => base + c);
        if (t.kind === 'CronJob') this.crons.push({ w, everyMin: [5, 10, 15][r.int(3)] as number, next: 0 });
        // Skewed traffic: earlier namespaces and front workloads are busier.
        const weight = Math.max(1, Math.round((t.replicas * 40) / (1 + n / 8)));
        for (let k = 0; k < weight; k++) this.callers.push(w);
      }
    }
    for (const c of this.crons) c.next = Math.floor(this.ms / 60000) + r.int(c.everyMin);
  }

  stats(): ChurnStats {
    return { lines: this.lineCount, pods: this.seenPods.size, podsCreated: this.created, reusedIps: this.reused.size };
  }

  private addWorkload(namespace: string, team: string, name: string, kind: Workload['kind'], port: number, replicas: number, partOf: string): number {
    const w: Workload = {
      namespace,
      team,
      name,
      kind,
      port,
      replicas,
      serviceAccount: kind === 'CronJob' ? `${name}-runner` : name,
      partOf,
      calls: [],
      identity: 0,
      labels: '',
      hash: this.r.chars(10, K8S_ALPHABET),
      jobName: '',
      pods: [],
    };
    this.workloads.push(w);
    this.relabel(w);
    if (kind !== 'CronJob') for (let i = 0; i < replicas; i++) w.pods.push(this.newPod(w, i));
    return this.workloads.length - 1;
  }

  /** Labels and identity for the workload's current pod template (Cilium allocates one identity per label set). */
  private relabel(w: Workload): void {
    const labels = [
      `k8s:app.kubernetes.io/name=${w.name}`,
      `k8s:app.kubernetes.io/part-of=${w.partOf}`,
      `k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=${w.namespace}`,
      `k8s:io.cilium.k8s.namespace.labels.team=${w.team}`,
      `k8s:io.cilium.k8s.policy.cluster=${this.cluster}`,
      `k8s:io.cilium.k8s.policy.serviceaccount=${w.serviceAccount}`,
      `k8s:io.kubernetes.pod.namespace=${w.namespace}`,
    ];
    if (w.jobName !== '') labels.push(`k8s:job-name=${w.jobName}`);
    labels.sort();
    w.labels = JSON.stringify(labels);
    let id = this.identities.get(w.labels);
    if (id === undefined) this.identities.set(w.labels, (id = this.nextIdentity++));
    w.identity = id;
  }

  private newPod(w: Workload, ordinal: number): Pod {
    const r = this.r;
    let node = this.nodes[r.int(this.nodes.length)] as Node;
    for (let tries = 0; node.pods >= 110 && tries < 20; tries++) node = this.nodes[r.int(this.nodes.length)] as Node;
    const nodeIndex = this.nodes.indexOf(node);
    node.pods++;
    const ip = node.free.shift() as string;
    const id = node.nextId;
    node.nextId = node.nextId >= 4095 ? 100 : node.nextId + 1;
    let name: string;
    if (w.kind === 'StatefulSet') name = `${w.name}-${ordinal}`;
    else if (w.kind === 'CronJob') name = `${w.jobName}-${r.chars(5, K8S_ALPHABET)}`;
    else name = `${w.name}-${w.hash}-${r.chars(5, K8S_ALPHABET)}`;
    const owner = w.kind === 'CronJob' ? `{"name":"${w.name}","kind":"CronJob"}` : `{"name":"${w.name}","kind":"${w.kind}"}`;
    const rest = `"identity":${w.identity},"cluster_name":"${this.cluster}","namespace":"${w.namespace}","labels":${w.labels},"pod_name":"${name}","workloads":[${owner}]}`;
    this.created++;
    return { name, ip, node: nodeIndex, id, remote: `{${rest}`, local: `{"ID":${id},${rest}` };
  }

  private removePod(p: Pod): void {
    const node = this.nodes[p.node] as Node;
    node.pods--;
    node.free.push(p.ip);
  }

  /** One pod event: a pod replaced, a rollout, or a StatefulSet pod restarted. */
  private churn(): void {
    const r = this.r;
    const w = this.workloads[this.callers[r.int(this.callers.length)] as number] as Workload;
    if (w.kind === 'CronJob' || w.pods.length === 0) return;
    if (w.kind === 'Deployment' && r.chance(0.03)) {
      // Rollout: a new ReplicaSet, every pod replaced.
      w.hash = r.chars(10, K8S_ALPHABET);
      for (let i = 0; i < w.pods.length; i++) {
        this.removePod(w.pods[i] as Pod);
        w.pods[i] = this.newPod(w, i);
      }
      return;
    }
    const i = r.int(w.pods.length);
    this.removePod(w.pods[i] as Pod);
    w.pods[i] = this.newPod(w, i);
  }

  /** CronJob runs due by now: the previous run's pod is gone, a new Job (new identity) starts. */
  private cronRuns(): void {
    const minute = Math.floor(this.ms / 60000);
    for (const c of this.crons) {
      if (minute < c.next) continue;
      const w = this.workloads[c.w] as Workload;
      for (const p of w.pods) this.removePod(p);
      w.pods.length = 0;
      w.jobName = `${w.name}-${c.next}`;
      this.relabel(w);
      w.pods.push(this.newPod(w, 0));
      c.next += c.everyMin;
    }
  }

  private pick(w: Workload): Pod | undefined {
    return w.pods.length === 0 ? undefined : w.pods[this.r.int(w.pods.length)];
  }

  private see(w: Workload, p: Pod): void {
    const pod = `${w.namespace}/${p.name}`;
    this.seenPods.add(pod);
    const owner = this.ipOwners.get(p.ip);
    if (owner !== undefined && owner !== pod) this.reused.add(p.ip);
    this.ipOwners.set(p.ip, pod);
  }

  /** Endless stream of export lines, about 1.5 kB each. */
  *lines(): Generator<string> {
    const r = this.r;
    for (;;) {
      this.ms += r.int(12);
      this.cronRuns();
      if (r.chance(this.replacementRate)) this.churn();
      this.lineCount++;
      const time = isoTime(this.ms, r.int(1e9));
      // Who calls whom.
      const roll = r.next();
      let sw: Workload;
      let dw: Workload | null = null;
      let outside: (typeof OUTSIDE)[number] | null = null;
      if (roll < 0.2) {
        sw = this.workloads[this.callers[r.int(this.callers.length)] as number] as Workload;
        dw = this.workloads[this.coredns] as Workload;
      } else if (roll < 0.3) {
        sw = this.workloads[this.ingress] as Workload;
        const target = this.workloads[this.callers[r.int(this.callers.length)] as number] as Workload;
        dw = this.workloads.find((x) => x.namespace === target.namespace && x.name === 'frontend') ?? target;
      } else if (roll < 0.36) {
        sw = this.workloads[this.prometheus] as Workload;
        dw = this.workloads[3 + r.int(this.workloads.length - 3)] as Workload;
      } else if (roll < 0.44) {
        sw = this.workloads[this.callers[r.int(this.callers.length)] as number] as Workload;
        outside = OUTSIDE[r.int(OUTSIDE.length)] as (typeof OUTSIDE)[number];
      } else {
        sw = this.workloads[this.callers[r.int(this.callers.length)] as number] as Workload;
        // Cross-tenant probes (which policy denies) now and then; else a downstream peer.
        dw =
          sw.calls.length === 0 || r.chance(0.03)
            ? (this.workloads[3 + r.int(this.workloads.length - 3)] as Workload)
            : (this.workloads[sw.calls[r.int(sw.calls.length)] as number] as Workload);
      }
      const sp = this.pick(sw);
      const dp = dw === null ? undefined : this.pick(dw);
      if (sp === undefined || (dw !== null && dp === undefined)) {
        this.lineCount--;
        continue;
      }
      this.see(sw, sp);
      if (dw !== null && dp !== undefined) this.see(dw, dp);
      const crossTenant = dw !== null && dw.team !== sw.team && sw.team !== 'platform' && dw.team !== 'platform';
      const reply = outside === null && !crossTenant && r.chance(0.3);
      const dns = dw !== null && dw.name === 'coredns';
      const metrics = sw.name === 'prometheus';
      const direction = outside !== null || r.chance(0.5) ? 'EGRESS' : 'INGRESS';
      let verdict = 'FORWARDED';
      let drop: readonly [string, number] | null = null;
      if (crossTenant) {
        verdict = 'DROPPED';
        drop = ['POLICY_DENIED', 133];
      } else if (!reply && r.chance(0.004)) {
        verdict = 'DROPPED';
        drop = ['CT_MAP_INSERTION_FAILED', 155];
      }
      const policyVerdict = !reply && (drop !== null || r.chance(0.15));
      const ephemeral = 32768 + r.int(28000);
      const dport = outside !== null ? outside.port : dns ? 53 : metrics ? 9090 : (dw as Workload).port || 8080;
      const proto = dns ? 'UDP' : 'TCP';
      const fr = r.next();
      const flags = reply ? (fr < 0.2 ? '{"SYN":true,"ACK":true}' : '{"ACK":true}') : fr < 0.3 ? '{"SYN":true}' : fr < 0.4 ? '{"FIN":true,"ACK":true}' : fr < 0.42 ? '{"RST":true}' : '{"ACK":true}';
      const l4 =
        proto === 'TCP'
          ? `{"TCP":{"source_port":${reply ? dport : ephemeral},"destination_port":${reply ? ephemeral : dport},"flags":${flags}}}`
          : `{"UDP":{"source_port":${reply ? 53 : ephemeral},"destination_port":${reply ? ephemeral : 53}}}`;
      // The observing node's endpoint carries its local ID: the source's on egress, the destination's on ingress.
      const observedAtSource = direction === 'EGRESS';
      const srcEp = observedAtSource ? sp.local : sp.remote;
      const dstEp = outside !== null ? '{"identity":2,"labels":["reserved:world"]}' : observedAtSource ? (dp as Pod).remote : (dp as Pod).local;
      const dstIp = outside !== null ? outside.ip : (dp as Pod).ip;
      const names = outside !== null && outside.name !== '' ? `,"destination_names":["${outside.name}"]` : '';
      const node = (this.nodes[observedAtSource || dp === undefined ? sp.node : dp.node] as Node).name;
      const [from, to, fromIp, toIp] = reply ? [dstEp, srcEp, dstIp, sp.ip] : [srcEp, dstEp, sp.ip, dstIp];
      const eventType = policyVerdict ? '{"type":5}' : drop !== null ? `{"type":1,"sub_type":${drop[1]}}` : dns ? '{"type":129}' : '{"type":4,"sub_type":3}';
      let attribution = '';
      if (policyVerdict && drop === null) {
        const ns = direction === 'EGRESS' ? sw.namespace : (dw as Workload | null)?.namespace ?? sw.namespace;
        attribution = `,"policy_match_type":2,"${direction === 'EGRESS' ? 'egress' : 'ingress'}_allowed_by":[{"name":"allow-${direction === 'EGRESS' ? 'egress' : 'ingress'}","namespace":"${ns}","labels":["k8s:io.cilium.k8s.policy.derived-from=CiliumNetworkPolicy","k8s:io.cilium.k8s.policy.name=allow-${direction === 'EGRESS' ? 'egress' : 'ingress'}","k8s:io.cilium.k8s.policy.namespace=${ns}"],"revision":"${12 + (this.lineCount % 5)}","kind":"CiliumNetworkPolicy"}]`;
      }
      const l7 = dns && !reply && r.chance(0.3) ? `,"l7":{"type":"REQUEST","dns":{"query":"${['orders', 'api', 'redis', 'postgres'][r.int(4)]}.${sw.namespace}.svc.cluster.local.","qtypes":["A"],"observation_source":"proxy"}}` : '';
      const summary = l7 !== '' ? 'DNS Query' : proto === 'TCP' ? `TCP Flags: ${flags.replace(/[{}"]|:true/g, '').replace(',', ', ')}` : 'UDP';
      yield (
        `{"flow":{"time":"${time}","uuid":"${uuid(r)}","verdict":"${verdict}"${drop === null ? '' : `,"drop_reason":${drop[1]}`},` +
        `"ethernet":{"source":"${macOf(fromIp)}","destination":"${macOf(toIp)}"},` +
        `"IP":{"source":"${fromIp}","destination":"${toIp}","ipVersion":"IPv4"},"l4":${l4},"source":${from},"destination":${to},` +
        `"Type":"${l7 !== '' ? 'L7' : 'L3_L4'}","node_name":"${node}"${reply ? '' : names},"event_type":${eventType},"traffic_direction":"${direction}"` +
        `${attribution}${drop === null ? '' : `,"drop_reason_desc":"${drop[0]}"`}${l7},"trace_observation_point":"${direction === 'EGRESS' ? 'TO_STACK' : 'TO_ENDPOINT'}"` +
        `${drop === null ? `,"is_reply":${reply}` : ''},"Summary":"${summary}"},` +
        `"node_name":"${node}","time":"${time}"}`
      );
    }
  }
}

/** A stable MAC per IP (the pod's veth). */
function macOf(ip: string): string {
  const parts = ip.split('.').map((x) => Number(x) & 255);
  return `0a:58:${parts.map((x) => x.toString(16).padStart(2, '0')).join(':')}`;
}

/** Endless lines of a cluster with pod churn (see ChurnFlowExport). */
export function syntheticChurnFlowLines(options: ChurnFlowOptions = {}): Generator<string> {
  return new ChurnFlowExport(options).lines();
}
