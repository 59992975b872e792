/**
 * `netpol-viz diff [<shared inputs…>] --before <inputs…> --after <inputs…> [--json]`: what changes
 * in connectivity between two policy sets (see src/core/diff). Inputs given before --before are
 * loaded on both sides (typically the inventory); Hubble exports among them add the observed
 * flows whose verdict changes. Exit 0 whatever changes; 2 on unusable input; 4 with --strict when
 * a document did not load.
 */
import type { CliIo } from '../io.ts';
import { FlowAggregator } from '../../core/flows/aggregate.ts';
import { flowSinkFor } from '../../core/flows/sink.ts';
import { diffConnectivity } from '../../core/diff/diffConnectivity.ts';
import { diffText } from '../../core/diff/format.ts';
import type { Change } from '../../core/diff/types.ts';
import { formatPortSet } from '../../core/engine/PortSet.ts';
import { COMMON_OPTIONS, parseCommandArgs, STRICT_EXIT_HELP, STRICT_OPTION_HELP } from '../args.ts';
import { strictStatus } from '../readInputs.ts';
import { loadModel } from './lint.ts';

const HELP = `Usage: netpol-viz diff [<shared inputs…>] --before <inputs…> --after <inputs…> [--json]

Lists every path whose allowed ports differ between two policy sets: newly allowed, newly
denied, or with changed ports (per protocol), with the rules that decide a sample port on each
side before and after. Paths to the same source with the same change are grouped in the text.

  <shared inputs>      files or folders loaded on both sides (inventory, unchanged policies);
                       Hubble flow exports among them add the observed flows whose verdict
                       changes ("would be dropped" / "would now pass")
  --before <inputs…>   the current policy set: every argument up to --after
  --after <inputs…>    the proposed policy set: every argument after it (options excepted)
${COMMON_OPTIONS}
${STRICT_OPTION_HELP}

Example: netpol-viz diff inventory.yaml flows.jsonl --before policies/ --after policies-v2/
JSON: {"changes": [{"from","to","kind","opened","closed","before","after","samples","observed"?}]}
      with port sets as netpol-analyzer text ("TCP 25,UDP 53") and peers as {"kind","key","display"…}.
Exit status: 0 whatever changes; 2 on unusable input;
${STRICT_EXIT_HELP}.
`;

function changeJson(c: Change) {
  return {
    from: c.from,
    to: c.to,
    kind: c.kind,
    opened: formatPortSet(c.opened),
    closed: formatPortSet(c.closed),
    before: formatPortSet(c.before),
    after: formatPortSet(c.after),
    samples: c.samples,
    ...(c.observed ? { observed: c.observed } : {}),
  };
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const shared: string[] = [];
  const before: string[] = [];
  const after: string[] = [];
  let target: string[] = shared;
  let sawBefore = false;
  let sawAfter = false;
  const args = parseCommandArgs(
    'diff',
    HELP,
    argv,
    io,
    (av, i) => {
      if (av[i] === '--before') [sawBefore, target] = [true, before];
      else if (av[i] === '--after') [sawAfter, target] = [true, after];
      else return 0;
      return 1;
    },
    (a) => target.push(a),
  );
  if (typeof args === 'number') return args;
  args.inputs.push(...shared);
  if (!sawBefore || !sawAfter || before.length === 0 || after.length === 0) {
    io.err(`netpol-viz diff: give both --before <inputs…> and --after <inputs…>\n\n${HELP}`);
    return 2;
  }
  if ([...args.inputs, ...before, ...after].filter((x) => x === '-').length > 1) {
    io.err('netpol-viz diff: standard input ("-") can be read only once\n');
    return 2;
  }
  const aggregator = new FlowAggregator();
  const reported = new Set<string>(); // the shared inputs' errors once, not once per side
  const b = await loadModel('diff', [...args.inputs, ...before], args, io, undefined, reported);
  if (!b) return 2;
  const a = await loadModel('diff', [...args.inputs, ...after], args, io, flowSinkFor(aggregator), reported);
  if (!a) return 2;
  const flows = a.result.flowRecords > 0 ? aggregator.result() : undefined;
  const changes = diffConnectivity(b.model, a.model, flows ? { flows } : {});
  if (args.json) io.out(JSON.stringify({ changes: changes.map(changeJson) }, null, 2) + '\n');
  else io.out(diffText(changes));
  // The shared inputs' errors count once, as they are printed once.
  const errors = new Map([...b.result.diagnostics, ...a.result.diagnostics].map((d) => [`${d.file}:${d.line}:${d.code}:${d.path}:${d.message}`, d]));
  return strictStatus('diff', 0, args, [...errors.values()], io);
}
