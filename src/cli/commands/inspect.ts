import { agentConfigLine } from '../../core/k8s/CiliumConfig.ts';
import { defaultSettings } from '../../core/engine/types.ts';
import { versionChecksLine } from '../../core/query/decidedUnder.ts';
import type { CliIo } from '../io.ts';
import { agentSettingsOf, commonOptionsHelp, parseCommandArgs, STRICT_EXIT_HELP, STRICT_OPTION_HELP, type CommonArgs } from '../args.ts';
import { INPUT_EXTENSIONS_TEXT, readInputs, reportInputErrors, strictStatus } from '../readInputs.ts';
import { Loader } from '../../core/load/loader.ts';
import type { LoadResult } from '../../core/load/types.ts';
import type { Diagnostic } from '../../core/model/diagnostic.ts';
import { identityNamesOf } from '../../core/flows/identityNames.ts';
import type { Cluster } from '../../core/model/cluster.ts';
import { plural } from '../../core/util/plural.ts';

/**
 * `netpol-viz inspect <files or folders…> [--json] [--namespace NS] [Cilium settings]`: what was
 * loaded (counts by kind, per file) and every diagnostic with file and line. The Cilium settings
 * are those of every command (the one parser): the version changes how policies are read (and
 * which version-dependent warnings are given), and all of them are shown over what the cluster
 * says. Exit 0 when anything loaded, 2 when nothing could be or a path could not be read (or on a
 * usage error), 4 with --strict when a document did not load.
 * @public
 */
export const HELP = `Usage: netpol-viz inspect <files or folders…> [--json] [--namespace NS] [--cluster-name NAME] [--cilium-version X.Y] [--enforcement MODE]

Loads policies (CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy, NetworkPolicy), inventory
(Namespace, Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Service, Node,
CiliumEndpoint, CiliumIdentity, CiliumCIDRGroup, Lists of them) and Hubble flow exports, and
reports what was understood (with what each CiliumIdentity stands for) and every problem found,
with file and line.

  <files or folders>        YAML, JSON, JSON lines, .gz of these, archives of them (a sysdump);
                             folders are read recursively (${INPUT_EXTENSIONS_TEXT});
                             "-" reads standard input
${commonOptionsHelp()}
${STRICT_OPTION_HELP}

The Cilium settings win over what the inputs say (cilium-config, the cilium DaemonSet's image);
\`Agent settings\` shows both.

Exit status: 0 when anything loaded; 2 when nothing could be loaded or a path could not be read (the
report is printed all the same, the path named on stderr too);
${STRICT_EXIT_HELP}.
`;

interface Args {
  readonly paths: string[];
  readonly json: boolean;
  readonly strict: boolean;
  readonly namespace: string | null;
  readonly clusterName: string | null;
  readonly settings: CommonArgs['settings'];
}

/** The arguments (the CLI's one argument parser), or the exit status when done. */
function parseArgs(argv: readonly string[], io: CliIo): Args | number {
  const args = parseCommandArgs('inspect', HELP, argv, io);
  if (typeof args === 'number') return args;
  if (args.inputs.length === 0) {
    io.err(`netpol-viz inspect: no input files or folders given\n\n${HELP}`);
    return 2;
  }
  return { paths: args.inputs, json: args.json, strict: args.strict === true, namespace: args.namespace ?? null, clusterName: args.clusterName ?? null, settings: args.settings };
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, io);
  if (typeof args === 'number') return args;
  const agentSettings = agentSettingsOf(args.settings);
  const loader = new Loader({
    ...(args.namespace ? { defaultNamespace: args.namespace } : {}),
    ...(args.clusterName ? { clusterName: args.clusterName } : {}),
    ...(args.settings.ciliumVersion ? { ciliumVersion: args.settings.ciliumVersion } : {}),
    ...(Object.keys(agentSettings).length > 0 ? { agentSettings } : {}),
  });
  await readInputs(args.paths, loader, io);
  const result = loader.finish();
  const totals = totalCounts(result);
  io.out(args.json ? `${JSON.stringify(toJson(result, totals, args.settings), null, 2)}\n` : toText(result, totals, args.settings));
  // A path that could not be read fails it, as in every command (a mistyped name must not pass
  // for an input with nothing in it); the report above lists it with the rest.
  if (reportInputErrors(result.diagnostics.filter((d) => d.code === 'read-error'), io)) {
    io.err('netpol-viz inspect: an input could not be read\n');
    return 2;
  }
  if (!Object.values(totals).some((n) => n > 0)) return 2;
  return strictStatus('inspect', 0, args, result.diagnostics, io);
}

function totalCounts(result: LoadResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of result.cluster.sources) for (const [k, n] of Object.entries(s.counts)) out[k] = (out[k] ?? 0) + n;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** Loaded CiliumIdentities by number, each with the workload, entity or namespace it stands for. */
function identityList(cluster: Cluster): { id: number; name: string; labels: readonly string[] }[] {
  const ids = cluster.ciliumIdentities ?? [];
  if (ids.length === 0) return [];
  const names = identityNamesOf(cluster);
  return ids.map((i) => {
    const p = names.get(i.id)?.peer;
    const name = p === undefined ? '?' : p.kind === 'identity' ? `${p.namespace}/?` : p.key;
    return { id: i.id, name, labels: i.labels };
  });
}

/** How many identities the text lists (`--json` lists all). */
const IDENTITIES_SHOWN = 50;

/** The documented JSON shape, plus `code`, `counts`/`skipped` per source and `flowRecords`; `settings`: those given on the command line. */
export function toJson(result: LoadResult, totals: Record<string, number>, settings: CommonArgs['settings'] = {}): unknown {
  return {
    sources: result.cluster.sources.map((s) => ({ file: s.file, documents: s.documents, counts: s.counts, skipped: s.skipped, bytes: s.bytes })),
    counts: totals,
    flowRecords: result.flowRecords,
    cluster: result.cluster.name,
    ...(result.cluster.ciliumIdentities ? { identities: identityList(result.cluster) } : {}),
    ...(Object.keys(settings).length > 0 ? { settings } : {}),
    ...(result.cluster.agentConfig ? { agentSettings: result.cluster.agentConfig.read.map((r) => ({ key: r.key, value: r.value, from: r.origin, file: r.source.file, line: r.source.line })) } : {}),
    diagnostics: result.diagnostics.map((d) => ({
      file: d.file,
      document: d.document,
      line: d.line,
      column: d.column,
      path: d.path,
      severity: d.severity,
      code: d.code,
      message: d.message,
    })),
  };
}

function fmtCounts(c: Readonly<Record<string, number>>): string {
  const parts = Object.entries(c).map(([k, n]) => `${k} ${n}`);
  return parts.length === 0 ? '-' : parts.join(', ');
}

export function toText(result: LoadResult, totals: Record<string, number>, settings: CommonArgs['settings'] = {}): string {
  const lines: string[] = [];
  const sources = result.cluster.sources;
  const width = Math.min(70, Math.max(4, ...sources.map((s) => s.file.length)));
  lines.push(`${'FILE'.padEnd(width)}  ${'DOCS'.padStart(5)}  LOADED / SKIPPED`);
  for (const s of sources) {
    const skipped = Object.keys(s.skipped).length > 0 ? `  (skipped: ${fmtCounts(s.skipped)})` : '';
    const name = s.file.length > width ? `…${s.file.slice(s.file.length - width + 1)}` : s.file;
    lines.push(`${name.padEnd(width)}  ${String(s.documents).padStart(5)}  ${fmtCounts(s.counts)}${skipped}`);
  }
  lines.push('');
  lines.push(`Loaded: ${fmtCounts(totals)}`);
  lines.push(`Cluster name: ${result.cluster.name}; namespaces: ${result.cluster.namespaces.size}; workloads: ${result.cluster.workloads.length}`);
  const agent = agentConfigLine(result.cluster.agentConfig);
  if (agent) lines.push(`Agent settings ${agent}`);
  if (settings.clusterNetworkPolicy !== undefined) lines.push(`Policy tiers (ClusterNetworkPolicy): ${settings.clusterNetworkPolicy ? 'on' : 'off'} (set on the command line)`);
  lines.push(versionChecksLine(settings.ciliumVersion ?? result.cluster.agentConfig?.ciliumVersion ?? defaultSettings.ciliumVersion, result.cluster));
  if (settings.tiersAs !== undefined) lines.push(`AdminNetworkPolicy/BaselineAdminNetworkPolicy (v1alpha1) read as: ${settings.tiersAs} (set on the command line)`);
  const identities = identityList(result.cluster);
  if (identities.length > 0) {
    lines.push(`CiliumIdentities: ${identities.length} (number, what it stands for: workload, reserved entity, or namespace/? when no loaded workload carries its labels)`);
    const w = Math.max(...identities.map((i) => String(i.id).length));
    for (const i of identities.slice(0, IDENTITIES_SHOWN)) lines.push(`  ${String(i.id).padStart(w)}  ${i.name}`);
    if (identities.length > IDENTITIES_SHOWN) lines.push(`  … ${identities.length - IDENTITIES_SHOWN} more (--json lists all, with labels)`);
  }
  const bySeverity = { error: 0, warning: 0, info: 0 };
  for (const d of result.diagnostics) bySeverity[d.severity]++;
  lines.push(`Diagnostics: ${plural(bySeverity.error, 'error')}, ${plural(bySeverity.warning, 'warning')}, ${bySeverity.info} info`);
  const groups = new Map<string, Diagnostic[]>();
  for (const d of result.diagnostics) {
    const g = groups.get(d.file);
    if (g) g.push(d);
    else groups.set(d.file, [d]);
  }
  for (const [file, ds] of groups) {
    lines.push('');
    lines.push(file);
    for (const d of ds) {
      const where = d.line > 0 ? `${d.line}:${d.column}` : '-';
      const path = d.path ? ` [${d.path}]` : '';
      lines.push(`  ${where.padStart(8)}  ${d.severity.padEnd(7)} ${d.code}${path}: ${d.message}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
