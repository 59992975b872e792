/**
 * Which files of a folder or an archive are inputs, decided from their names alone (an archive
 * member must be chosen before it is read). Names as `cilium sysdump` writes them
 * (`<what>-<yyyymmdd-hhmmss>.<ext>`: cilium-cli sysdump/constants.go, v0.8 to today, now
 * cilium/cilium cilium-cli/sysdump/constants.go; the Python `cilium-sysdump` tool before it,
 * cilium/cilium-sysdump sysdumpcollector.py) are skipped when they are known to hold nothing
 * netpol-viz uses (logs, metrics, profiles, bugtool output, events, other CRDs…) and read
 * otherwise: a file a user named with a timestamp of their own is read, not mistaken for noise.
 * Of each agent's cilium-bugtool output only the agent's endpoints, policy rules, identities and ipcache are read, in
 * the `cilium-bugtool-<pod>-<ts>/` folder cilium-cli unpacks it into (since v0.8, its top folder
 * stripped) or in the tarball itself (left in the sysdump when unpacking failed; opened). Archives
 * inside a folder or an archive are opened (within sourceEntries.ts's bounds). Other names are
 * read when they have an input extension, and so are the Hubble exporter's `events.log` files;
 * other logs are not.
 * @public
 */
export const INPUT_EXTENSIONS = ['.yaml', '.yml', '.json', '.jsonl', '.gz'] as const;

/** Archives read member by member (`.tgz` too). */
export const ARCHIVE_EXTENSIONS = ['.zip', '.tar', '.tar.gz', '.tgz'] as const;

export type SkipCategory = 'log' | 'metrics' | 'bugtool' | 'ipcache' | 'profile' | 'other';

/**
 * Sysdump data files (YAML/JSON) that hold nothing netpol-viz uses, by the name before
 * `-<timestamp>`, as cilium-cli v0.8 to today and the Python tool named them. Policies,
 * inventory, cilium-config (`cilium-configmap`, `cilium-config-configmap` before v0.10), GKE's
 * `cilium-config-emergency-override` (`gke-cilium-override-config`, wins over cilium-config), the
 * agent DaemonSet, the Helm release metadata (the Cilium version) and Hubble flows are not here:
 * they are read.
 */
const SYSDUMP_NOISE: ReadonlySet<string> = new Set([
  'aws-eniconfigs',
  'aws-node-daemonset',
  'aws-securitygrouppolicies',
  'cilium-envoy-configmap',
  'cilium-etcd-secrets',
  'cilium-etcd-secrets-secret',
  'cilium-helm-values',
  'cilium-node-init-daemonset',
  'cilium-spire-agent-configmap',
  'cilium-spire-agent-daemonset',
  'cilium-spire-server-configmap',
  'cilium-spire-server-statefulset',
  'ciliumclusterwideenvoyconfigs',
  'ciliumegressgatewaypolicies',
  'ciliumegressnatpolicies',
  'ciliumenvoyconfigs',
  'ciliumexternalworkload',
  'ciliumgatewayclassconfigs',
  'ciliumingresses',
  'ciliuml2announcementpolicies',
  'ciliumloadbalancerippools',
  'ciliumlocalredirectpolicies',
  'ciliumpodippools',
  'clustermesh-certificates',
  'clustermesh-generate-certs-cronjob',
  'cni-configmap',
  'gke-cilium-hubble-config',
  'hubble-certificates',
  'hubble-generate-certs-cronjob',
  'hubble-relay-configmap',
  'ingressclasses',
  'k8s-events',
  'k8s-leases',
  'k8s-metrics',
  'tetragon-configmap',
  'tetragon-helm-metadata',
  'tetragon-helm-values',
  'tetragontracingpolicy',
]);


/**
 * What cilium-cli (since v0.16.10, sysdump.go submitPodCommandTask) saves of the operator's,
 * clustermesh-apiserver's and kvstoremesh's own state as `<pod>-<container>-<task>-<ts>.json`:
 * `statedb-dump` (`shell db/dump`, every StateDB table) and kvstoremesh's `status -o json` (its
 * remote clusters and whether they are connected). The `.txt` tasks are other files anyway.
 */
const POD_TASK_NOISE = /-(?:statedb-dump|kvstoremesh-status)$/;

/** Noise names with a pod or resource in them: `gatewayapi-*`, `ciliumbgp*`, `cilium-spire-server-entries-<pod>`, `<component>-<pod>-metrics`, the pod tasks. */
function isSysdumpNoise(what: string): boolean {
  return SYSDUMP_NOISE.has(what) || what.startsWith('gatewayapi-') || what.startsWith('ciliumbgp') || what.startsWith('cilium-spire-server-entries-') || what.endsWith('-metrics') || POD_TASK_NOISE.test(what);
}

/**
 * A cilium-bugtool archive: `cilium-bugtool-<pod>-<ts>.tar.gz` in a sysdump (left there when
 * cilium-cli could not unpack it; `.tar` before cilium-cli 0.12), `bugtool-<pod>-<ts>.tar` (the
 * Python tool), or as bugtool writes it (`[<prefix>-]cilium-bugtool-<time>-<n>.tar[.gz]`). Opened:
 * its members are classified as an unpacked bugtool folder's.
 */
export function isBugtoolArchiveName(path: string): boolean {
  const name = baseName(path);
  const ts = SYSDUMP_TIMESTAMP.exec(name);
  if (ts === null || !hasExtension(name, ARCHIVE_EXTENSIONS)) return false;
  const what = name.slice(0, ts.index);
  return what.startsWith('cilium-bugtool') || what.startsWith('bugtool-') || what === 'bugtool' || what.endsWith('-cilium-bugtool');
}

/** A bugtool tarball or the folder it was unpacked into (cilium-cli: `cilium-bugtool-<pod>-<ts>`, Python tool: `bugtool-<pod>-<ts>`). */
function isBugtool(what: string): boolean {
  return what.startsWith('cilium-bugtool') || what.startsWith('tetragon-bugtool') || what.startsWith('bugtool-');
}

/**
 * The bugtool outputs netpol-viz reads: the agent's endpoints and policy rules. bugtool names each
 * command's output after the command (cilium/cilium bugtool/cmd/root.go writeCmdToFile: `/` and
 * spaces become `-`, then `.md`; the raw output unless --enable-markdown), prefixed with
 * `kubectl exec <pod> …` when run from outside: `cilium-dbg policy get` (`cilium policy get`
 * before 1.15), `cilium-dbg endpoint list -o json` when a bugtool configuration asks for it, and
 * `cilium-dbg debuginfo --output=markdown,json` (every bugtool since 1.0, bugtool/cmd/configuration.go),
 * whose `cilium-debuginfo-<20060102-150405.999-0700-MST>.json` holds both (api/v1/models
 * debug_info.go: `endpoint-list`, `policy`); its `.md` twin is the same for people, not read.
 * And `cilium-dbg identity list` (text, or `-o json`): the identities the agent knows, which name
 * flows when no CiliumIdentity objects were saved (kvstore mode).
 */
/**
 * The agent's IP cache as bugtool saves it: `cilium-dbg ip list -n -o json` (`cilium ip list` before
 * 1.15; models.IPListEntry: cidr, numeric identity, hostIP, metadata {source, namespace, name}) and
 * `cilium-dbg bpf ipcache list` (the datapath's copy of it: prefix → identity=N encryptkey
 * tunnelendpoint, without the pod; agentText.ts) are read (BUGTOOL_USED: agentOutputs.ts
 * addIpEntry, one entry per prefix). The text twin of the first (`cilium-dbg ip list -n`, the same
 * entries for people) is not, and said so (SkipTally).
 */
const BUGTOOL_IPCACHE = /(?:^|-)cilium(?:-dbg)?-ip-list(?:-[^.]*)?\.md$/;

const BUGTOOL_USED = /(?:^|-)cilium(?:-dbg)?-(?:endpoint-list--o-json|policy-get(?:--o-json)?|identity-list(?:--o-json)?|ip-list(?:--n)?--o-json|bpf-ipcache-list)\.md$|^cilium-debuginfo-.*\.json$/;

/**
 * The Hubble exporter's JSON-lines files: `events.log` (hubble-export-file-path, by default
 * /var/run/cilium/hubble/events.log) and the backups its lumberjack writer rotates them into
 * (`events-2006-01-02T15-04-05.000.log`, `.gz` when compressed).
 */
const HUBBLE_EXPORTER_FILE = /^events(?:-\d{4}-\d\d-\d\dt\d\d-\d\d-\d\d\.\d{3})?\.log$/;

/** `-20240131-235959` as sysdump names carry it (Go time format 20060102-150405). */
const SYSDUMP_TIMESTAMP = /-\d{8}-\d{6}/;

export type NameDecision = { readonly read: true; readonly sysdump: boolean } | { readonly read: false; readonly sysdump: boolean; readonly category: SkipCategory };

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

function hasExtension(name: string, exts: readonly string[]): boolean {
  const n = name.toLowerCase();
  return exts.some((x) => n.endsWith(x));
}

export function isArchiveName(path: string): boolean {
  return hasExtension(baseName(path), ARCHIVE_EXTENSIONS);
}

export function classifyInputName(path: string): NameDecision {
  const parts = path.split(/[\\/]/);
  const name = parts[parts.length - 1] ?? path;
  const lower = name.toLowerCase();
  if (name.startsWith('.') || parts.includes('__MACOSX')) return { read: false, sysdump: false, category: 'other' };
  // Everything below an unpacked bugtool folder (command outputs, the agent's state, envoy-config.json)
  // but the agent's endpoints and policy rules.
  if (parts.slice(0, -1).some((dir) => isBugtool(dir) && SYSDUMP_TIMESTAMP.test(dir))) {
    if (BUGTOOL_USED.test(name)) return { read: true, sysdump: true };
    return { read: false, sysdump: true, category: BUGTOOL_IPCACHE.test(name) ? 'ipcache' : 'bugtool' };
  }
  const ts = SYSDUMP_TIMESTAMP.exec(name);
  if (ts) {
    const what = name.slice(0, ts.index);
    if (lower.endsWith('.log')) return { read: false, sysdump: true, category: 'log' };
    if (isBugtoolArchiveName(name)) return { read: true, sysdump: true };
    if (isBugtool(what)) return { read: false, sysdump: true, category: 'bugtool' };
    if (what.startsWith('metrics-') || what === 'k8s-metrics') return { read: false, sysdump: true, category: 'metrics' };
    if (what.startsWith('gops-') || /pprof|profile|trace/.test(lower)) return { read: false, sysdump: true, category: 'profile' };
    // A sysdump zipped again (a support case folder, a zip of zips) is opened.
    if (hasExtension(name, ARCHIVE_EXTENSIONS)) return { read: true, sysdump: true };
    const dataFile = hasExtension(name, ['.yaml', '.yml', '.json', '.jsonl']);
    if (dataFile && !isSysdumpNoise(what)) return { read: true, sysdump: true };
    return { read: false, sysdump: true, category: dataFile && what.endsWith('-metrics') ? 'metrics' : 'other' };
  }
  // Archives are opened wherever they are (bounded: sourceEntries.ts).
  if (hasExtension(name, INPUT_EXTENSIONS) || hasExtension(name, ARCHIVE_EXTENSIONS) || HUBBLE_EXPORTER_FILE.test(lower)) return { read: true, sysdump: false };
  if (lower.endsWith('.log')) return { read: false, sysdump: false, category: 'log' };
  return { read: false, sysdump: false, category: 'other' };
}

const CATEGORY_TEXT: Readonly<Record<SkipCategory, [string, string]>> = {
  log: ['log', 'logs'],
  metrics: ['metrics dump', 'metrics dumps'],
  bugtool: ['cilium-bugtool file', 'cilium-bugtool files'],
  ipcache: ['agent IP-cache listing', 'agent IP-cache listings'],
  profile: ['gops/pprof profile', 'gops/pprof profiles'],
  other: ['other file', 'other files'],
};

/** Why a category of files holding Cilium's own data is not read, said after its count. */
const CATEGORY_WHY: Partial<Record<SkipCategory, string>> = {
  ipcache: "cilium-dbg ip list as text: the same addresses and identities as the `cilium-dbg ip list -n -o json` output bugtool saves beside it, which is read",
};

/** Other files named in the sentence (the rest are counted): they are the ones a user may not expect to be left out. */
const OTHER_NAMES_SHOWN = 3;

/** Counts of files left out of a folder or an archive, said in one sentence. */
export class SkipTally {
  private readonly counts = new Map<SkipCategory, number>();
  private readonly others: string[] = [];
  total = 0;

  add(category: SkipCategory, name: string): void {
    this.counts.set(category, (this.counts.get(category) ?? 0) + 1);
    this.total++;
    if (category === 'other' && this.others.length < OTHER_NAMES_SHOWN) this.others.push(baseName(name));
  }

  /** `12 logs, 6 metrics dumps, 41 other files (k8s-events-….yaml, …)`; '' when nothing was skipped. */
  text(): string {
    if (this.total === 0) return '';
    const order: SkipCategory[] = ['log', 'metrics', 'bugtool', 'ipcache', 'profile', 'other'];
    const parts = order.filter((c) => this.counts.has(c)).map((c) => {
      const n = this.counts.get(c) ?? 0;
      const [one, many] = CATEGORY_TEXT[c];
      const why = CATEGORY_WHY[c];
      if (c !== 'other') return `${n} ${n === 1 ? one : many}${why ? ` (${why})` : ''}`;
      const more = n - this.others.length;
      return `${n} ${n === 1 ? one : many} (${this.others.join(', ')}${more > 0 ? ` and ${more} more` : ''})`;
    });
    return parts.join(', ');
  }
}
