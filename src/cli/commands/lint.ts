/**
 * `netpol-viz lint <inputs…> [--json]`: policies Cilium accepts but that do not do what they
 * seem to (see src/core/lint). Also exports the option parsing and loading shared by `diff` and `fix`.
 * Exit 0 whatever is found (findings are not failures); 2 on unusable input.
 */
import type { CliIo } from '../io.ts';
import { Loader } from '../../core/load/loader.ts';
import type { FlowSink, LoadResult } from '../../core/load/types.ts';
import { readInputs } from '../readInputs.ts';
import { compile, type EngineModel } from '../../core/engine/compile.ts';
import type { EngineSettings } from '../../core/engine/types.ts';
import { lint, referredDiagnostics } from '../../core/lint/lint.ts';
import type { Finding } from '../../core/lint/types.ts';

export const COMMON_OPTIONS = `  --json                     machine-readable output
  --cilium-version X.Y       Cilium version whose semantics apply (default 1.19)
  --enforcement MODE         default | always | never (Cilium enable-policy)
  --cidr-match-mode MODE     default | nodes (policy-cidr-match-mode)
  --cluster-name NAME        io.cilium.k8s.policy.cluster of the local cluster
  --namespace NS             namespace for objects without one (default: default)`;

const HELP = `Usage: netpol-viz lint <inputs…> [--json] [--no-same-namespace-widening]

Finds policies that Cilium accepts but that do not do what they seem to: selectors matching no
pod, ingress: [] beside other items, deny-only policies that switch on default deny, CIDR rules
covering pod or node addresses, toFQDNs without a DNS rule, unresolvable named ports, the
kube-apiserver on 443 instead of 6443, L7 rules voided by a plain allow, narrowing policies
widened by another policy, version-dependent fields. Things Cilium rejects are loader
diagnostics (listed after the findings, not repeated as findings).

  <inputs>                   policy and inventory files or folders; "-" reads standard input
  --no-same-namespace-widening  leave out widening that stays inside the narrowing policy's own
                             namespaces (reported as info by default; widening beyond them is a warning)
${COMMON_OPTIONS}

JSON: {"findings": [{"code","severity","policy":{"kind","namespace","name"},"path","message","fix"?,…}],
       "diagnostics": [loader diagnostics about policies]}
Exit status: 0 (findings are not failures); 2 on unusable input.
`;

export interface CommonArgs {
  inputs: string[];
  json: boolean;
  settings: { -readonly [K in keyof EngineSettings]?: EngineSettings[K] };
  clusterName?: string;
  namespace?: string;
}

/**
 * Reads one common option at argv[i]; returns how many arguments it used (0 when it is not a
 * common option), or an error.
 */
export function commonOption(argv: readonly string[], i: number, args: CommonArgs): number | { error: string } {
  const { flag, inline } = splitFlag(argv[i] as string);
  if (flag === '--json') {
    args.json = true;
    return 1;
  }
  if (!['--cilium-version', '--enforcement', '--cidr-match-mode', '--cluster-name', '--namespace'].includes(flag)) return 0;
  const v = inline ?? argv[i + 1];
  if (v === undefined) return { error: `${flag} needs a value` };
  const used = inline !== null ? 1 : 2;
  if (flag === '--cilium-version') args.settings.ciliumVersion = v.replace(/^v/, '').split('.').slice(0, 2).join('.');
  else if (flag === '--cluster-name') args.clusterName = v;
  else if (flag === '--namespace') args.namespace = v;
  else if (flag === '--enforcement') {
    if (v !== 'default' && v !== 'always' && v !== 'never') return { error: `--enforcement must be default, always or never, not "${v}"` };
    args.settings.enforcementMode = v;
  } else {
    if (v !== 'default' && v !== 'nodes') return { error: `--cidr-match-mode must be default or nodes, not "${v}"` };
    args.settings.policyCidrMatchMode = v;
  }
  return used;
}

/** `--flag=value` → flag and inline value; anything else → itself and null. */
export function splitFlag(a: string): { readonly flag: string; readonly inline: string | null } {
  const eq = a.startsWith('--') ? a.indexOf('=') : -1;
  return eq > 0 ? { flag: a.slice(0, eq), inline: a.slice(eq + 1) } : { flag: a, inline: null };
}

/**
 * The argument loop of lint, diff and fix: `--help`, the common options, the command's own
 * (`own` returns how many arguments it took, 0 when they are not its own, or an error), unknown
 * options, and inputs (to `input`, by default `args.inputs`). Returns the arguments, or the exit
 * status when the command must stop (help printed: 0; an error printed: 2).
 */
export function parseCommandArgs(
  cmd: string,
  help: string,
  argv: readonly string[],
  io: CliIo,
  own: (argv: readonly string[], i: number) => number | { error: string } = () => 0,
  input?: (a: string) => void,
): CommonArgs | number {
  const args: CommonArgs = { inputs: [], json: false, settings: {} };
  for (let i = 0; i < argv.length; ) {
    const a = argv[i] as string;
    if (a === '--help' || a === '-h') {
      io.out(help);
      return 0;
    }
    const common = commonOption(argv, i, args);
    if (typeof common === 'object') {
      io.err(`netpol-viz ${cmd}: ${common.error}\n\n${help}`);
      return 2;
    }
    const used = common > 0 ? common : own(argv, i);
    if (typeof used === 'object') {
      io.err(`netpol-viz ${cmd}: ${used.error}\n`);
      return 2;
    }
    if (used > 0) {
      i += used;
      continue;
    }
    if (a.startsWith('-') && a !== '-') {
      io.err(`netpol-viz ${cmd}: unknown option ${a}\n\n${help}`);
      return 2;
    }
    if (input) input(a);
    else args.inputs.push(a);
    i++;
  }
  return args;
}

export interface Loaded {
  readonly result: LoadResult;
  readonly model: EngineModel;
}

/** Loads inputs into a compiled model; null (after printing why) when an input could not be read. */
export async function loadModel(cmd: string, inputs: readonly string[], args: CommonArgs, io: CliIo, flowSink?: FlowSink): Promise<Loaded | null> {
  const loader = new Loader({
    ...(args.clusterName ? { clusterName: args.clusterName } : {}),
    ...(args.namespace ? { defaultNamespace: args.namespace } : {}),
    ...(args.settings.ciliumVersion ? { ciliumVersion: args.settings.ciliumVersion } : {}),
    ...(flowSink ? { flowSink } : {}),
  });
  await readInputs(inputs, loader, io);
  const result = loader.finish();
  if (result.diagnostics.some((d) => d.code === 'read-error')) {
    for (const d of result.diagnostics) if (d.severity === 'error') io.err(`${d.file}${d.line > 0 ? `:${d.line}` : ''}: ${d.message}\n`);
    io.err(`netpol-viz ${cmd}: an input could not be read\n`);
    return null;
  }
  return { result, model: compile(result.cluster, args.settings) };
}

function findingText(f: Finding): string {
  const where = f.source ? `${f.source.file}${f.source.line > 0 ? `:${f.source.line}` : ''}: ` : '';
  const ns = f.policy.namespace !== null ? `${f.policy.namespace}/` : '';
  return `${where}${f.severity}: ${f.code}: ${f.policy.kind} ${ns}${f.policy.name} ${f.path}\n    ${f.message}\n`;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  let sameNamespaceWidening = true;
  const args = parseCommandArgs('lint', HELP, argv, io, (av, i) => {
    // `--same-namespace-widening` (the old opt-in) is the default now and still accepted.
    if (av[i] === '--same-namespace-widening') return 1;
    if (av[i] !== '--no-same-namespace-widening') return 0;
    sameNamespaceWidening = false;
    return 1;
  });
  if (typeof args === 'number') return args;
  if (args.inputs.length === 0) {
    io.err(`netpol-viz lint: no input files\n\n${HELP}`);
    return 2;
  }
  const loaded = await loadModel('lint', args.inputs, args, io);
  if (!loaded) return 2;
  const { result, model } = loaded;
  const findings = lint(result.cluster, model, model.settings, { sameNamespaceWidening });
  const referred = referredDiagnostics(result.diagnostics);
  if (args.json) {
    io.out(JSON.stringify({ findings, diagnostics: referred }, null, 2) + '\n');
    return 0;
  }
  if (findings.length === 0) io.out(`No findings in ${result.cluster.policies.length} policies.\n`);
  for (const f of findings) io.out(findingText(f));
  if (referred.length > 0) {
    io.out(`\nThe loader also reported ${referred.length} problem(s) with policies (not repeated as findings):\n`);
    for (const d of referred) io.out(`${d.file}${d.line > 0 ? `:${d.line}` : ''}: ${d.severity}: ${d.code}: ${d.path ? `${d.path}: ` : ''}${d.message}\n`);
  }
  const n = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  if (findings.length > 0) io.out(`\n${findings.length} finding(s): ${n('error')} error(s), ${n('warning')} warning(s), ${n('info')} info.\n`);
  return 0;
}
