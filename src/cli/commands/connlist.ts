/**
 * `netpol-viz connlist <inputs…> [--format txt|json|csv|md|dot] [--focus-namespace NS] [--host-network node|pod]`
 * Every allowed connection, in np-guard netpol-analyzer's `list` layout (byte for byte: the
 * output of a format is written exactly as upstream writes it, so json and dot end without a
 * newline). Verdicts are Cilium's, from our engine; `--host-network pod` models hostNetwork
 * pods as netpol-analyzer does. `-n/--namespace` means what it means in every command: the
 * namespace of objects without one; `--json`, the machine-readable output of every command, is
 * `-o json`. Exit 0, or 2 on unusable input.
 */
import { promises as fsp } from 'node:fs';
import type { CliIo } from '../io.ts';
import { optionHelp, parseCommandArgs, splitFlag, STRICT_EXIT_HELP, STRICT_OPTION_HELP, valuedOption, type CommonArgs, type OwnOption, parserSettingsOf } from '../args.ts';
import { inputFiles, readInputs, reportInputErrors, strictStatus } from '../readInputs.ts';
import { Loader } from '../../core/load/loader.ts';
import { connlistFromLoad } from '../../core/connlist/fromInputs.ts';
import { connlistFormats, formatConnlist, isConnlistFormat, type ConnlistFormat } from '../../core/connlist/format.ts';
import { ingressBackendsFromTexts } from '../../core/connlist/ingressObjects.ts';
import { hostNetworkModes, isHostNetworkMode, type HostNetworkMode } from '../../core/connlist/hostNetwork.ts';

const HELP = `Usage: netpol-viz connlist <inputs…> [--format txt|json|csv|md|dot] [--json] [--focus-namespace NS] [--host-network node|pod]

Lists every allowed connection as np-guard netpol-analyzer's \`list\` does:
  src => dst : conns     (sorted; peers ns/name[Kind], a.b.c.d-e.f.g.h[External], {ingress-controller})
Verdicts are Cilium's (CNP, CCNP and NetworkPolicy); where Cilium differs from plain Kubernetes
(e.g. hostNetwork pods are their node) a note is printed on stderr.

Options:
  -o, --format FMT           txt (default), json, csv, md or dot
  --json                     the same as -o json: the connections of the text output, one object each,
                             [{"src": …, "dst": …, "conn": …}] (netpol-analyzer's JSON layout); notes stay on stderr
  --focus-namespace NS       only connections with a workload of namespace NS at one end
  --host-network MODE        node (default): a hostNetwork pod is its node, as in Cilium (no pod
                             policy applies to it, its traffic has the host/remote-node identity);
                             pod: hostNetwork pods are ordinary pods, as netpol-analyzer models them
                             (Kubernetes leaves NetworkPolicy for hostNetwork pods undefined)
  -n, --namespace NS         namespace for objects without metadata.namespace (default: default)
  --default-namespace NS     same as --namespace
${optionHelp('--cluster-name')}
  --cilium-version X.Y       Cilium version whose semantics apply (default: the cilium DaemonSet's, else 1.19);
                             ClusterNetworkPolicy (v1alpha2) tiers are enforced from 1.20
  --cluster-network-policy on|off
                             whether the cluster runs with ClusterNetworkPolicy (default on from 1.20)
${optionHelp('--node-selector-labels')}
${optionHelp('--tiers-as')}
                             (netpol-analyzer's outputs for ANP/BANP are recorded that way)
${optionHelp('--enforcement')}
${optionHelp('--cidr-match-mode')}
  --quiet                    no notes or input problems on stderr
${STRICT_OPTION_HELP}

Exit status: 0 when the connections were listed (an empty list too); 2 on a usage error or when an
input cannot be read;
${STRICT_EXIT_HELP}.
`;

interface Args {
  readonly inputs: string[];
  readonly format: ConnlistFormat;
  readonly hostNetwork: HostNetworkMode;
  readonly focusNamespace?: string;
  readonly defaultNamespace?: string;
  readonly clusterName?: string;
  readonly quiet: boolean;
  readonly strict: boolean;
  readonly settings: CommonArgs['settings'];
}

/** The arguments (the CLI's one argument parser), or the exit status when done. */
function parseArgs(argv: readonly string[], io: CliIo): Args | number {
  let format: ConnlistFormat = 'txt';
  let formatGiven = false;
  let hostNetwork: HostNetworkMode = 'node';
  let focusNamespace: string | undefined;
  let defaultNamespace: string | undefined;
  let quiet = false;
  const own: OwnOption = (av, i) => {
    if (av[i] === '--quiet') {
      quiet = true;
      return 1;
    }
    const fmt = valuedOption(av, i, ['-o', '--format', '--output']);
    if (fmt !== null) {
      if ('error' in fmt || !isConnlistFormat(fmt.value)) return { error: `${splitFlag(av[i] as string).flag} needs one of ${connlistFormats.join(', ')}${'error' in fmt ? '' : ` (got '${fmt.value}')`}` };
      format = fmt.value;
      formatGiven = true;
      return fmt.used;
    }
    const host = valuedOption(av, i, ['--host-network']);
    if (host !== null) {
      if ('error' in host || !isHostNetworkMode(host.value)) return { error: `--host-network needs one of ${hostNetworkModes.join(', ')}${'error' in host ? '' : ` (got '${host.value}')`}` };
      hostNetwork = host.value;
      return host.used;
    }
    const ns = valuedOption(av, i, ['--focus-namespace', '--default-namespace']);
    if (ns === null || 'error' in ns) return ns ?? 0;
    // --default-namespace is --namespace: like kubectl -n, the namespace of objects without one.
    if (splitFlag(av[i] as string).flag === '--focus-namespace') focusNamespace = ns.value;
    else defaultNamespace = ns.value;
    return ns.used;
  };
  const args = parseCommandArgs('connlist', HELP, argv, io, own);
  if (typeof args === 'number') return args;
  if (args.json) {
    if (formatGiven && (format as ConnlistFormat) !== 'json') {
      io.err(`netpol-viz connlist: --json is -o json: it cannot be combined with --format ${format}\n\n${HELP}`);
      return 2;
    }
    format = 'json';
  }
  if (args.inputs.length === 0) {
    io.err(`netpol-viz connlist: no input files\n\n${HELP}`);
    return 2;
  }
  const namespace = args.namespace ?? defaultNamespace;
  return {
    inputs: args.inputs,
    format,
    hostNetwork,
    quiet,
    strict: args.strict === true,
    settings: args.settings,
    ...(focusNamespace !== undefined ? { focusNamespace } : {}),
    ...(namespace !== undefined ? { defaultNamespace: namespace } : {}),
    ...(args.clusterName !== undefined ? { clusterName: args.clusterName } : {}),
  };
}

/**
 * Texts of the manifest files among the inputs, for Routes/Ingresses, which the loader does not
 * keep yet (stop-gap; see core/connlist/ingressObjects.ts). Unreadable paths are left to the
 * loader, which reports them.
 */
async function manifestTexts(inputs: readonly string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  const quiet = { addUnreadable: () => {}, addDiagnostic: () => {} };
  for (const i of inputs) {
    if (i === '-') continue;
    for (const f of await inputFiles(i, cwd, quiet)) {
      if (!/\.(ya?ml|json)$/i.test(f.name)) continue;
      const text = await fsp.readFile(f.abs, 'utf8').catch(() => null);
      if (text !== null) out.push(text);
    }
  }
  return out;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, io);
  if (typeof args === 'number') return args;
  const loader = new Loader({
    ...(args.clusterName ? { clusterName: args.clusterName } : {}),
    ...(args.defaultNamespace ? { defaultNamespace: args.defaultNamespace } : {}),
    ...parserSettingsOf(args.settings),
  });
  await readInputs(args.inputs, loader, io);
  const loaded = loader.finish();
  if (args.quiet ? loaded.diagnostics.some((d) => d.code === 'read-error') : reportInputErrors(loaded.diagnostics, io)) {
    io.err('netpol-viz connlist: an input could not be read\n');
    return 2;
  }
  const ingressBackends = ingressBackendsFromTexts(await manifestTexts(args.inputs, io.cwd), args.defaultNamespace ?? 'default');
  const result = connlistFromLoad(loaded, {
    ingressBackends,
    hostNetwork: args.hostNetwork,
    settings: args.settings,
    ...(args.focusNamespace !== undefined ? { namespace: args.focusNamespace } : {}),
  });
  if (!args.quiet) for (const n of result.notes) io.err(`note: ${n}\n`);
  io.out(formatConnlist(result.list, args.format));
  return strictStatus('connlist', 0, args, loaded.diagnostics, io, args.quiet);
}
