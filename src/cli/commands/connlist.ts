/**
 * `netpol-viz connlist <inputs…> [--format txt|json|csv|md|dot] [--focus-namespace NS] [--host-network node|pod]`
 * Every allowed connection, in np-guard netpol-analyzer's `list` layout (byte for byte: the
 * output of a format is written exactly as upstream writes it, so json and dot end without a
 * newline). Verdicts are Cilium's, from our engine; `--host-network pod` models hostNetwork
 * pods as netpol-analyzer does. `-n/--namespace` means what it means in every command: the
 * namespace of objects without one. Exit 0, or 2 on unusable input.
 */
import { promises as fsp } from 'node:fs';
import type { CliIo } from '../io.ts';
import { inputFiles, readInputs } from '../readInputs.ts';
import { Loader } from '../../core/load/loader.ts';
import { connlistFromLoad } from '../../core/connlist/fromInputs.ts';
import { connlistFormats, formatConnlist, isConnlistFormat, type ConnlistFormat } from '../../core/connlist/format.ts';
import { ingressBackendsFromTexts } from '../../core/connlist/ingressObjects.ts';
import { hostNetworkModes, isHostNetworkMode, type HostNetworkMode } from '../../core/connlist/hostNetwork.ts';

const HELP = `Usage: netpol-viz connlist <inputs…> [--format txt|json|csv|md|dot] [--focus-namespace NS] [--host-network node|pod]

Lists every allowed connection as np-guard netpol-analyzer's \`list\` does:
  src => dst : conns     (sorted; peers ns/name[Kind], a.b.c.d-e.f.g.h[External], {ingress-controller})
Verdicts are Cilium's (CNP, CCNP and NetworkPolicy); where Cilium differs from plain Kubernetes
(e.g. hostNetwork pods are their node) a note is printed on stderr.

Options:
  -o, --format FMT           txt (default), json, csv, md or dot
  --focus-namespace NS       only connections with a workload of namespace NS at one end
  --host-network MODE        node (default): a hostNetwork pod is its node, as in Cilium (no pod
                             policy applies to it, its traffic has the host/remote-node identity);
                             pod: hostNetwork pods are ordinary pods, as netpol-analyzer models them
                             (Kubernetes leaves NetworkPolicy for hostNetwork pods undefined)
  -n, --namespace NS         namespace for objects without metadata.namespace (default: default)
  --default-namespace NS     same as --namespace
  --cluster-name NAME        io.cilium.k8s.policy.cluster of the local cluster
  --cilium-version X.Y       Cilium version whose semantics apply (default: the cilium DaemonSet's, else 1.19);
                             AdminNetworkPolicy/ClusterNetworkPolicy tiers are enforced from 1.20
  --cluster-network-policy on|off
                             whether the cluster runs with the policy tiers (default on from 1.20)
  --quiet                    no notes or input problems on stderr
`;

interface Args {
  inputs: string[];
  format: ConnlistFormat;
  hostNetwork: HostNetworkMode;
  focusNamespace?: string;
  defaultNamespace?: string;
  clusterName?: string;
  quiet: boolean;
  settings: { ciliumVersion?: string; clusterNetworkPolicy?: boolean };
}

type ArgResult = { ok: true; args: Args } | { ok: false; error: string } | { ok: 'help' };

function parseArgs(argv: readonly string[]): ArgResult {
  const args: Args = { inputs: [], format: 'txt', hostNetwork: 'node', quiet: false, settings: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const need = (): string | null => {
      if (eq > 0) return a.slice(eq + 1);
      i++;
      return argv[i] ?? null;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return { ok: 'help' };
      case '--quiet':
        args.quiet = true;
        break;
      case '-o':
      case '--format':
      case '--output': {
        const v = need();
        if (v === null || !isConnlistFormat(v)) return { ok: false, error: `${flag} needs one of ${connlistFormats.join(', ')}${v !== null ? ` (got '${v}')` : ''}` };
        args.format = v;
        break;
      }
      case '--host-network': {
        const v = need();
        if (v === null || !isHostNetworkMode(v)) return { ok: false, error: `${flag} needs one of ${hostNetworkModes.join(', ')}${v !== null ? ` (got '${v}')` : ''}` };
        args.hostNetwork = v;
        break;
      }
      case '--cilium-version': {
        const v = need();
        if (v === null || !/^v?\d+\.\d+/.test(v)) return { ok: false, error: `${flag} needs a version like 1.20${v !== null ? ` (got '${v}')` : ''}` };
        args.settings.ciliumVersion = v.replace(/^v/, '').split('.').slice(0, 2).join('.');
        break;
      }
      case '--cluster-network-policy': {
        const v = need();
        if (v !== 'on' && v !== 'off') return { ok: false, error: `${flag} needs on or off${v !== null ? ` (got '${v}')` : ''}` };
        args.settings.clusterNetworkPolicy = v === 'on';
        break;
      }
      case '-n':
      case '--namespace':
      case '--default-namespace':
      case '--focus-namespace':
      case '--cluster-name': {
        const v = need();
        if (v === null || v === '') return { ok: false, error: `${flag} needs a value` };
        if (flag === '--focus-namespace') args.focusNamespace = v;
        else if (flag === '--cluster-name') args.clusterName = v;
        // Like kubectl -n and the other commands: the namespace of objects without one.
        else args.defaultNamespace = v;
        break;
      }
      default:
        if (a.startsWith('-') && a !== '-') return { ok: false, error: `unknown option ${a}` };
        args.inputs.push(a);
    }
  }
  return { ok: true, args };
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
  const parsed = parseArgs(argv);
  if (parsed.ok === 'help') {
    io.out(HELP);
    return 0;
  }
  if (!parsed.ok) {
    io.err(`netpol-viz connlist: ${parsed.error}\n\n${HELP}`);
    return 2;
  }
  const args = parsed.args;
  if (args.inputs.length === 0) {
    io.err(`netpol-viz connlist: no input files\n\n${HELP}`);
    return 2;
  }
  const loader = new Loader({
    ...(args.clusterName ? { clusterName: args.clusterName } : {}),
    ...(args.defaultNamespace ? { defaultNamespace: args.defaultNamespace } : {}),
  });
  await readInputs(args.inputs, loader, io);
  const loaded = loader.finish();
  if (!args.quiet)
    for (const d of loaded.diagnostics)
      if (d.severity === 'error') io.err(`${d.file}${d.line > 0 ? `:${d.line}` : ''}: ${d.severity}: ${d.path ? `${d.path}: ` : ''}${d.message}\n`);
  if (loaded.diagnostics.some((d) => d.code === 'read-error')) {
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
  return 0;
}
