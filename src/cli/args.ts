/**
 * The CLI's one argument parser: every command reads its arguments with parseCommandArgs, so
 * `--help`, the common options (`--json`, the Cilium settings, `-n`/`--namespace`,
 * `--cluster-name`), `--flag=value`, unknown options and exit statuses mean the same everywhere.
 */
import type { CliIo } from './io.ts';
import type { EngineSettings } from '../core/engine/types.ts';
import type { AgentSettingValues } from '../core/model/cluster.ts';
import { TIERS_AS_WORDS, TIERS_READINGS } from '../core/engine/tiersReading.ts';

/** An option's description in the help's second column (29 spaces in, lines of at most 115). */
function wrapHelp(text: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && 29 + line.length + 1 + word.length > 115) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line].map((l) => `${' '.repeat(29)}${l}`).join('\n');
}

/** Help lines of the common options, one per option (a command leaves out those it refuses). */
const COMMON_OPTION_LINES: readonly (readonly [CommonFlag, string])[] = [
  ['--json', '  --json                     machine-readable output'],
  ['--cilium-version', '  --cilium-version X.Y       Cilium version whose semantics apply (default 1.19)'],
  ['--enforcement', '  --enforcement MODE         default | always | never (Cilium enable-policy)'],
  ['--cidr-match-mode', '  --cidr-match-mode MODE     default | nodes | pods | nodes,pods (policy-cidr-match-mode; pods: Cilium 1.20)'],
  [
    '--cluster-network-policy',
    '  --cluster-network-policy on|off\n                             whether the cluster runs with the policy tiers (Cilium 1.20 and later; default on from 1.20)',
  ],
  [
    '--node-selector-labels',
    "  --node-selector-labels on|off\n                             enable-node-selector-labels: whether Cilium reads fromNodes/toNodes and nodes peers\n                             (default: cilium-config's, off when it does not set it; without one, assumed on)",
  ],
  ['--tiers-as', `  --tiers-as ${TIERS_READINGS.join('|')}\n${wrapHelp(TIERS_AS_WORDS)}`],
  ['--cluster-name', '  --cluster-name NAME        io.cilium.k8s.policy.cluster of the local cluster'],
  ['--namespace', '  -n, --namespace NS         namespace for objects without one (default: default)'],
];

export type CommonFlag =
  | '--json'
  | '--cilium-version'
  | '--enforcement'
  | '--cidr-match-mode'
  | '--cluster-network-policy'
  | '--node-selector-labels'
  | '--tiers-as'
  | '--cluster-name'
  | '--namespace';

/** The Cilium settings among the common options (commands that compute no verdict refuse them). */
export const SETTINGS_FLAGS: readonly CommonFlag[] = ['--cilium-version', '--enforcement', '--cidr-match-mode', '--cluster-network-policy', '--node-selector-labels', '--tiers-as'];

/** Help text of the common options, without those in `except`. */
export function commonOptionsHelp(except: readonly CommonFlag[] = []): string {
  return COMMON_OPTION_LINES.filter(([f]) => !except.includes(f))
    .map(([, line]) => line)
    .join('\n');
}

export const COMMON_OPTIONS = commonOptionsHelp();

/** The help of one common option (for a command that writes its options' help itself). */
export function optionHelp(flag: CommonFlag): string {
  return COMMON_OPTION_LINES.find(([f]) => f === flag)?.[1] ?? '';
}

export interface CommonArgs {
  inputs: string[];
  json: boolean;
  /** `--strict` (every command): a document that did not load makes the exit status STRICT_EXIT where it would be 0 or 1 (strictStatus). */
  strict?: boolean;
  /** The engine's settings, and enable-node-selector-labels (the policy parsers', passed to the loader: agentSettingsOf). */
  settings: { -readonly [K in keyof EngineSettings]?: EngineSettings[K] } & { nodeSelectorLabels?: boolean };
  clusterName?: string;
  namespace?: string;
}

/** The settings the loader takes over the cluster's (cluster-network-policy and tiers-as are the engine's only). */
export function agentSettingsOf(settings: CommonArgs['settings']): AgentSettingValues {
  const out: { -readonly [K in keyof AgentSettingValues]: AgentSettingValues[K] } = {};
  for (const [k, v] of Object.entries(settings)) {
    if (k === 'enforcementMode' || k === 'ciliumVersion' || k === 'policyCidrMatchMode' || k === 'auditMode' || k === 'allowLocalhost' || k === 'nodeSelectorLabels') Object.assign(out, { [k]: v });
  }
  return out;
}

/**
 * The loader's agentSettings for the commands that take the engine's settings themselves: only
 * enable-node-selector-labels, which the policy parsers read (explain and inspect pass agentSettingsOf).
 */
export function parserSettingsOf(settings: CommonArgs['settings']): { agentSettings?: AgentSettingValues } {
  return settings.nodeSelectorLabels !== undefined ? { agentSettings: { nodeSelectorLabels: settings.nodeSelectorLabels } } : {};
}

const VALUED: readonly string[] = ['--cilium-version', '--enforcement', '--cidr-match-mode', '--cluster-network-policy', '--node-selector-labels', '--tiers-as', '--cluster-name', '--namespace'];

/** The common option an argument names (`-n` is `--namespace`), or null. */
function commonFlagOf(a: string): CommonFlag | null {
  const { flag } = splitFlag(a);
  if (flag === '-n') return '--namespace';
  return flag === '--json' || VALUED.includes(flag) ? (flag as CommonFlag) : null;
}

/**
 * Reads one common option at argv[i]; returns how many arguments it used (0 when it is not a
 * common option), or an error.
 */
export function commonOption(argv: readonly string[], i: number, args: CommonArgs): number | { error: string } {
  const { flag: spelled, inline } = splitFlag(argv[i] as string);
  const flag = commonFlagOf(spelled);
  if (flag === null) return 0;
  if (flag === '--json') {
    if (inline !== null) return { error: '--json takes no value' };
    args.json = true;
    return 1;
  }
  const v = inline ?? argv[i + 1];
  if (v === undefined || v === '') return { error: `${spelled} needs a value` };
  const used = inline !== null ? 1 : 2;
  if (flag === '--cilium-version') {
    if (!/^v?\d+\.\d+/.test(v)) return { error: `${spelled} needs a version like 1.20 (got '${v}')` };
    args.settings.ciliumVersion = v.replace(/^v/, '').split('.').slice(0, 2).join('.');
  } else if (flag === '--cluster-name') args.clusterName = v;
  else if (flag === '--namespace') args.namespace = v;
  else if (flag === '--enforcement') {
    if (v !== 'default' && v !== 'always' && v !== 'never') return { error: `--enforcement must be default, always or never, not "${v}"` };
    args.settings.enforcementMode = v;
  } else if (flag === '--cluster-network-policy') {
    if (v !== 'on' && v !== 'off') return { error: `--cluster-network-policy must be on or off, not "${v}"` };
    args.settings.clusterNetworkPolicy = v === 'on';
  } else if (flag === '--node-selector-labels') {
    if (v !== 'on' && v !== 'off') return { error: `--node-selector-labels must be on or off, not "${v}"` };
    args.settings.nodeSelectorLabels = v === 'on';
  } else if (flag === '--tiers-as') {
    if (v !== 'cilium' && v !== 'netpol-analyzer') return { error: `--tiers-as must be cilium or netpol-analyzer, not "${v}"` };
    args.settings.tiersAs = v;
  } else {
    if (v !== 'default' && v !== 'nodes' && v !== 'pods' && v !== 'nodes,pods') return { error: `--cidr-match-mode must be default, nodes, pods or nodes,pods, not "${v}"` };
    args.settings.policyCidrMatchMode = v;
  }
  return used;
}

/** `--flag=value` → flag and inline value; anything else → itself and null. */
export function splitFlag(a: string): { readonly flag: string; readonly inline: string | null } {
  const eq = a.startsWith('--') ? a.indexOf('=') : -1;
  return eq > 0 ? { flag: a.slice(0, eq), inline: a.slice(eq + 1) } : { flag: a, inline: null };
}

/** A command's own options: how many arguments it took at argv[i] (0 when not its own), or an error. */
export type OwnOption = (argv: readonly string[], i: number) => number | { error: string };

export interface ParseOptions {
  /** Common options this command does not take: refused (exit 2), never silently ignored. */
  readonly refuse?: readonly CommonFlag[];
}

/**
 * The exit statuses of the CLI, one meaning each in every command: 0 done; 1 done, and the answer
 * is "none" (fix: no change could be generated); 2 a usage error or an input that cannot be read
 * (nothing, or only a report, is printed); 3 render refused a customer view that would name another
 * tenant (nothing written); STRICT_EXIT, with `--strict`, a document did not load. `--strict` takes
 * the place of 0 and 1 only (the command did its work on what loaded, its output unchanged): a 2 or
 * 3 says more and stays.
 */
export const STRICT_EXIT = 4;

/** The help line of `--strict`, in the help of every command (every command takes it). */
export const STRICT_OPTION_HELP = `  --strict                   exit ${STRICT_EXIT} when a document did not load (the output unchanged; without it
                             the rest is used and the status is as if all had loaded)`;

/** `--strict`'s clause in every command's "Exit status:" paragraph. */
export const STRICT_EXIT_HELP = `${STRICT_EXIT} with --strict when a document did not load and the command did its work (output unchanged)`;

/**
 * The argument loop of every command: `--help`, the common options, the command's own
 * (`own`), unknown options, and inputs (to `input`, by default `args.inputs`). Returns the
 * arguments, or the exit status when the command must stop (help printed: 0; an error printed: 2).
 */
export function parseCommandArgs(
  cmd: string,
  help: string,
  argv: readonly string[],
  io: CliIo,
  own: OwnOption = () => 0,
  input?: (a: string) => void,
  options: ParseOptions = {},
): CommonArgs | number {
  const args: CommonArgs = { inputs: [], json: false, settings: {} };
  for (let i = 0; i < argv.length; ) {
    const a = argv[i] as string;
    if (a === '--help' || a === '-h') {
      io.out(help);
      return 0;
    }
    if (splitFlag(a).flag === '--strict') {
      if (splitFlag(a).inline !== null) {
        io.err(`netpol-viz ${cmd}: --strict takes no value\n\n${help}`);
        return 2;
      }
      args.strict = true;
      i++;
      continue;
    }
    const named = commonFlagOf(a);
    if (named !== null && options.refuse?.includes(named)) {
      io.err(`netpol-viz ${cmd}: ${splitFlag(a).flag} is not an option of ${cmd}\n\n${help}`);
      return 2;
    }
    const common = commonOption(argv, i, args);
    if (typeof common === 'object') {
      io.err(`netpol-viz ${cmd}: ${common.error}\n\n${help}`);
      return 2;
    }
    const used = common > 0 ? common : own(argv, i);
    if (typeof used === 'object') {
      io.err(`netpol-viz ${cmd}: ${used.error}\n\n${help}`);
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

/**
 * A command's own valued option at argv[i] (`--flag V` or `--flag=V`, any spelling in
 * `spellings`): the value and how many arguments it used, an error, or null when argv[i] is not it.
 */
export function valuedOption(argv: readonly string[], i: number, spellings: readonly string[]): { value: string; used: number } | { error: string } | null {
  const { flag, inline } = splitFlag(argv[i] as string);
  if (!spellings.includes(flag)) return null;
  const v = inline ?? argv[i + 1];
  if (v === undefined || v === '') return { error: `${flag} needs a value` };
  return { value: v, used: inline !== null ? 1 : 2 };
}
