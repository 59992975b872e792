/**
 * `netpol-viz fix <inputs…> --from PEER --to PEER --port N/PROTO [--json]`: the smallest policy
 * change that flips one path's verdict, as YAML, with its blast radius (see src/core/fix).
 * Exit 0 when a change was found; 1 when none could be generated; 2 on unusable input; 4 with
 * --strict when a document did not load (in place of 0 or 1).
 */
import type { CliIo } from '../io.ts';
import { parsePeerRef, peerGrammar, resolvePeerRef } from '../../core/engine/peerRef.ts';
import { serviceTargetPort } from '../../core/engine/peerRef.ts';
import type { Query } from '../../core/engine/types.ts';
import { diffText } from '../../core/diff/format.ts';
import { formatPortSet } from '../../core/engine/PortSet.ts';
import { suggestFix } from '../../core/fix/suggestFix.ts';
import type { Fix } from '../../core/fix/types.ts';
import { parsePortSpec } from './explain.ts';
import { COMMON_OPTIONS, parseCommandArgs, splitFlag, STRICT_EXIT_HELP, STRICT_OPTION_HELP, valuedOption } from '../args.ts';
import { strictStatus } from '../readInputs.ts';
import { loadModel } from './lint.ts';

const HELP = `Usage: netpol-viz fix <inputs…> --from PEER --to PEER --port N[/PROTO] [--json]

For a denied path: the smallest rule that allows it (a CiliumNetworkPolicy in the destination
namespace for an ingress default deny, in the source namespace for an egress default deny, both
when both sides deny; for an explicit deny, a narrowing of the deny, since no allow overrides a
deny). For an allowed path: the deny that blocks it. Printed as ready-to-apply YAML, with the
blast radius: every other path the change opens or closes.

PEER: ${peerGrammar}
PORT: a number, optionally /TCP (default), /UDP, /SCTP, /ANY; or an ICMP type with /ICMP.
${COMMON_OPTIONS}
${STRICT_OPTION_HELP}

Exit status: 0 when a change was found; 1 when none could be generated; 2 on unusable input;
${STRICT_EXIT_HELP}.
`;

function fixText(f: Fix, what: string): string {
  const lines = [`${what}: ${f.before}; suggested change to make it ${f.goal === 'allow' ? 'allowed' : 'denied'} (verified: ${f.after}).`];
  for (const e of f.explanation) lines.push(`  - ${e}`);
  for (const n of f.notes) lines.push(`  note: ${n}`);
  for (const c of f.changes) {
    lines.push('');
    if (c.kind === 'add-policy') lines.push(`# Apply (${c.why}):`, c.yaml.trimEnd());
    else lines.push(`# Edit ${c.policy.kind} ${c.policy.namespace !== null ? `${c.policy.namespace}/` : ''}${c.policy.name}: ${c.op === 'add' ? `add to ${c.path}` : `replace ${c.path} by`} (${c.why}):`, c.yaml.trimEnd());
  }
  lines.push('', 'Blast radius (other paths this change opens or closes):');
  lines.push(f.blastRadius.length === 0 ? '  none: only this path changes.' : diffText(f.blastRadius).trimEnd());
  return lines.join('\n') + '\n';
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  let from: string | undefined;
  let to: string | undefined;
  let port: string | undefined;
  const args = parseCommandArgs('fix', HELP, argv, io, (av, i) => {
    const o = valuedOption(av, i, ['--from', '--to', '--port']);
    if (o === null || 'error' in o) return o ?? 0;
    const flag = splitFlag(av[i] as string).flag;
    if (flag === '--from') from = o.value;
    else if (flag === '--to') to = o.value;
    else port = o.value;
    return o.used;
  });
  if (typeof args === 'number') return args;
  if (args.inputs.length === 0 || from === undefined || to === undefined || port === undefined) {
    io.err(`netpol-viz fix: inputs, --from, --to and --port are required\n\n${HELP}`);
    return 2;
  }
  const loaded = await loadModel('fix', args.inputs, args, io);
  if (!loaded) return 2;
  const { model } = loaded;
  const refs = [parsePeerRef(from), parsePeerRef(to)] as const;
  const resolved = refs.map((r) => (r.ok ? resolvePeerRef(model, r.value) : r));
  const [f, t] = resolved as [(typeof resolved)[number], (typeof resolved)[number]];
  if (!f.ok || !t.ok) {
    io.err(`netpol-viz fix: ${!f.ok ? `--from: ${f.error}` : ''}${!t.ok ? `${!f.ok ? '; ' : ''}--to: ${t.error}` : ''}\n`);
    return 2;
  }
  const ps = parsePortSpec(port, undefined);
  if (!ps.ok) {
    io.err(`netpol-viz fix: ${ps.error}\n`);
    return 2;
  }
  if (typeof ps.port === 'string') {
    io.err('netpol-viz fix: give a port number (a generated rule names the port Cilium sees after DNAT)\n');
    return 2;
  }
  let n = ps.port;
  if (t.value.service !== null && n !== null) n = Number(serviceTargetPort(t.value.service, n, ps.protocol) ?? n);
  const q: Query = { from: f.value.endpoint, to: t.value.endpoint, port: n, protocol: ps.protocol };
  const fix = suggestFix(model, q);
  const what = `${f.value.endpoint.display} → ${t.value.endpoint.display} ${n === null ? 'all ports' : `${n}/${ps.protocol}`}`;
  if (args.json)
    io.out(
      JSON.stringify(
        { from, to, port: n, protocol: ps.protocol, ...fix, blastRadius: fix.blastRadius.map((c) => ({ from: c.from, to: c.to, kind: c.kind, opened: formatPortSet(c.opened), closed: formatPortSet(c.closed), samples: c.samples })) },
        null,
        2,
      ) + '\n',
    );
  else io.out(fixText(fix, what));
  return strictStatus('fix', fix.possible ? 0 : 1, args, loaded.result.diagnostics, io);
}
