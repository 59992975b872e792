/**
 * Which files of a folder or an archive are inputs, decided from their names alone (an archive
 * member must be chosen before it is read). Names as `cilium sysdump` writes them
 * (`<what>-<yyyymmdd-hhmmss>.<ext>`, cilium-cli sysdump/constants.go; older versions used short
 * names such as `cnp-`, `cep-`, `po-`) are read when they hold policies, inventory, the agent's
 * settings or Hubble flows, and skipped otherwise (logs, metrics, bugtool archives, profiles,
 * events…); other names are read when they have an input extension.
 * @public
 */
export const INPUT_EXTENSIONS = ['.yaml', '.yml', '.json', '.jsonl', '.gz'] as const;

/** Archives read member by member (`.tgz` too). */
export const ARCHIVE_EXTENSIONS = ['.zip', '.tar', '.tar.gz', '.tgz'] as const;

export type SkipCategory = 'log' | 'metrics' | 'bugtool' | 'profile' | 'other';

/** Sysdump files read, by the name before `-<timestamp>`: current names, then the short ones of older cilium-cli. */
const SYSDUMP_INPUTS: ReadonlySet<string> = new Set([
  'ciliumnetworkpolicies',
  'ciliumclusterwidenetworkpolicies',
  'k8s-networkpolicies',
  'k8s-namespaces',
  'k8s-pods',
  'k8s-services',
  'k8s-nodes',
  'k8s-endpoints',
  'k8s-endpointslices',
  'ciliumendpoints',
  'ciliumidentities',
  'ciliumcidrgroups',
  'cilium-configmap',
  'cilium-daemonset',
  'cilium-operator-deployment',
  'cilium-envoy-daemonset',
  'hubble-daemonset',
  'hubble-relay-deployment',
  'hubble-ui-deployment',
  'clustermesh-apiserver-deployment',
  // cilium-cli before 0.10
  'cnp',
  'ccnp',
  'netpol',
  'cep',
  'ciliumid',
  'cilium-cm',
  'cilium-ds',
  'cilium-operator-deploy',
  'hubble-ds',
  'hubble-relay-deploy',
  'hubble-ui-deploy',
  'k8s-ns',
  'k8s-no',
  'po',
  'svc',
]);

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
  const name = baseName(path);
  const lower = name.toLowerCase();
  if (name.startsWith('.') || path.split(/[\\/]/).includes('__MACOSX')) return { read: false, sysdump: false, category: 'other' };
  const ts = SYSDUMP_TIMESTAMP.exec(name);
  if (ts) {
    const what = name.slice(0, ts.index);
    if (lower.endsWith('.log')) return { read: false, sysdump: true, category: 'log' };
    if (what.startsWith('cilium-bugtool-') || what === 'cilium-bugtool') return { read: false, sysdump: true, category: 'bugtool' };
    if (what.startsWith('metrics-') || what === 'k8s-metrics') return { read: false, sysdump: true, category: 'metrics' };
    if (what.startsWith('gops-') || /pprof|profile|trace/.test(lower)) return { read: false, sysdump: true, category: 'profile' };
    const dataFile = hasExtension(name, ['.yaml', '.yml', '.json', '.jsonl']);
    if (dataFile && (SYSDUMP_INPUTS.has(what) || what.startsWith('hubble-flows-'))) return { read: true, sysdump: true };
    return { read: false, sysdump: true, category: 'other' };
  }
  if (hasExtension(name, INPUT_EXTENSIONS)) return { read: true, sysdump: false };
  if (lower.endsWith('.log')) return { read: false, sysdump: false, category: 'log' };
  return { read: false, sysdump: false, category: 'other' };
}

const CATEGORY_TEXT: Readonly<Record<SkipCategory, [string, string]>> = {
  log: ['log', 'logs'],
  metrics: ['metrics dump', 'metrics dumps'],
  bugtool: ['cilium-bugtool archive', 'cilium-bugtool archives'],
  profile: ['gops/pprof profile', 'gops/pprof profiles'],
  other: ['other file', 'other files'],
};

/** Counts of files left out of a folder or an archive, said in one sentence. */
export class SkipTally {
  private readonly counts = new Map<SkipCategory, number>();
  private first: string | null = null;
  total = 0;

  add(category: SkipCategory, name: string): void {
    this.counts.set(category, (this.counts.get(category) ?? 0) + 1);
    this.total++;
    this.first ??= name;
  }

  /** `12 logs, 6 metrics dumps, 41 other files (first: …)`; '' when nothing was skipped. */
  text(): string {
    if (this.total === 0) return '';
    const order: SkipCategory[] = ['log', 'metrics', 'bugtool', 'profile', 'other'];
    const parts = order.filter((c) => this.counts.has(c)).map((c) => {
      const n = this.counts.get(c) ?? 0;
      const [one, many] = CATEGORY_TEXT[c];
      return `${n} ${n === 1 ? one : many}`;
    });
    return parts.join(', ');
  }
}
