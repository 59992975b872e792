/**
 * `netpol-viz lint <inputs…> [--json]`: policies Cilium accepts but that do not do what they
 * seem to (see src/core/lint). Also exports the loading shared by `diff` and `fix`.
 * Exit 0 whatever is found (findings are not failures); 2 on unusable input; 4 with --strict when
 * a document did not load.
 */
import type { CliIo } from '../io.ts';
import { COMMON_OPTIONS, parseCommandArgs, STRICT_EXIT_HELP, STRICT_OPTION_HELP, type CommonArgs, parserSettingsOf } from '../args.ts';
import { Loader } from '../../core/load/loader.ts';
import type { FlowSink, LoadResult } from '../../core/load/types.ts';
import { readInputs, reportInputErrors, strictStatus } from '../readInputs.ts';
import { compile, type EngineModel } from '../../core/engine/compile.ts';
import { versionChecksLine } from '../../core/query/decidedUnder.ts';
import { lint, referredDiagnostics } from '../../core/lint/lint.ts';
import type { Finding } from '../../core/lint/types.ts';
import { plural } from '../../core/util/plural.ts';

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
${STRICT_OPTION_HELP}

JSON: {"findings": [{"code","severity","policy":{"kind","namespace","name"},"path","message","fix"?,…}],
       "diagnostics": [loader diagnostics about policies, and every document not loaded]}
Loader errors (a document not loaded, with file and line) are also printed on stderr.
Exit status: 0 (findings are not failures); 2 on unusable input;
${STRICT_EXIT_HELP}.
`;

export interface Loaded {
  readonly result: LoadResult;
  readonly model: EngineModel;
}

/** Loads inputs into a compiled model; null (after printing why) when an input could not be read. */
export async function loadModel(cmd: string, inputs: readonly string[], args: CommonArgs, io: CliIo, flowSink?: FlowSink, reported?: Set<string>): Promise<Loaded | null> {
  const loader = new Loader({
    ...(args.clusterName ? { clusterName: args.clusterName } : {}),
    ...(args.namespace ? { defaultNamespace: args.namespace } : {}),
    ...(args.settings.ciliumVersion ? { ciliumVersion: args.settings.ciliumVersion } : {}),
    ...(flowSink ? { flowSink } : {}),
    ...parserSettingsOf(args.settings),
  });
  await readInputs(inputs, loader, io);
  const result = loader.finish();
  // Errors (a document not loaded, a path not read) on stderr whatever the output: a policy
  // that did not load must not pass for one with no findings.
  if (reportInputErrors(result.diagnostics, io, reported)) {
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
    // The loader's errors too (printed on stderr as well): a document that did not load.
    const diagnostics = result.diagnostics.filter((d) => d.severity === 'error' || referred.includes(d));
    io.out(JSON.stringify({ findings, diagnostics }, null, 2) + '\n');
    return strictStatus('lint', 0, args, result.diagnostics, io);
  }
  if (findings.length === 0) io.out(`No findings in ${plural(result.cluster.policies.length, 'policy', 'policies')}.\n`);
  for (const f of findings) io.out(findingText(f));
  if (referred.length > 0) {
    io.out(`\nThe loader also reported ${plural(referred.length, 'problem')} with policies (not repeated as findings):\n`);
    for (const d of referred) io.out(`${d.file}${d.line > 0 ? `:${d.line}` : ''}: ${d.severity}: ${d.code}: ${d.path ? `${d.path}: ` : ''}${d.message}\n`);
  }
  const n = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  if (findings.length > 0) io.out(`\n${plural(findings.length, 'finding')}: ${plural(n('error'), 'error')}, ${plural(n('warning'), 'warning')}, ${n('info')} info.\n`);
  io.out(`${versionChecksLine(model.settings.ciliumVersion, result.cluster)}.\n`);
  return strictStatus('lint', 0, args, result.diagnostics, io);
}
