/**
 * `netpol-viz explain <inputs…> --from PEER --to PEER [--port N[/PROTO]] [--json]`
 * `netpol-viz explain <inputs…> --queries FILE.jsonl --json`
 * Cilium's verdict for one path (or one per query line), with the rules that decided it.
 * Exit 0 whatever the verdict; 2 on unusable input.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CliIo } from '../io.ts';
import { agentSettingsOf, optionHelp, parseCommandArgs, splitFlag, STRICT_EXIT_HELP, STRICT_OPTION_HELP, valuedOption, type CommonArgs, type OwnOption } from '../args.ts';
import { Loader } from '../../core/load/loader.ts';
import { FlowIngest } from '../../core/flows/ingest.ts';
import { flowSinkFor } from '../../core/flows/sink.ts';
import { observedDnsAddresses, type DnsAddresses } from '../../core/query/dnsAddresses.ts';
import { observedQuery } from '../../core/query/runQuery.ts';
import { withFqdnCondition } from '../../core/query/fqdnCondition.ts';
import { decidedUnderFields, type DecidedUnder } from '../../core/query/decidedUnder.ts';
import { readInputs, reportInputErrors, strictStatus } from '../readInputs.ts';
import { compile, type EngineModel } from '../../core/engine/compile.ts';
import { decide } from '../../core/engine/decide.ts';
import { explainText } from '../../core/engine/explainText.ts';
import { parsePeerRef, peerGrammar, resolvePeerRef, serviceTargetPort } from '../../core/engine/peerRef.ts';
import type { Decision, EngineSettings, Query, QueryProtocol, SideDecision } from '../../core/engine/types.ts';

const HELP = `Usage: netpol-viz explain <inputs…> --from PEER --to PEER [--port N[/PROTO]] [--json]
       netpol-viz explain <inputs…> --queries FILE.jsonl [--json]

PEER: ${peerGrammar}
PORT: a number, a port name (resolved on the destination) or, for ICMP/ICMPv6, the ICMP type
      (8 = echo request); PROTO is TCP (default), UDP, SCTP, ICMP, ICMPv6 or ANY.
      Without --port: every port of TCP, UDP and SCTP.
Query lines: {"from": PEER, "to": PEER, "port": 8080 | "53/UDP" | "http", "protocol": "UDP"}

Options:
  --json                     one JSON object per answer
  --enforcement MODE         default | always | never (Cilium enable-policy)
  --allow-localhost MODE     always | policy
  --cilium-version X.Y       default 1.19
  --cluster-network-policy on|off
                             whether the cluster runs with ClusterNetworkPolicy (v1alpha2)
                             (Cilium 1.20 and later; default on from 1.20)
  --node-selector-labels on|off
                             enable-node-selector-labels: whether Cilium reads fromNodes/toNodes and nodes peers
                             (default: cilium-config's, off when it does not set it; without one, assumed on)
${optionHelp('--tiers-as')}
  --cidr-match-mode MODE     default | nodes | pods | nodes,pods (pods: Cilium 1.20)
  --audit                    policy audit mode
  --cluster-name NAME        io.cilium.k8s.policy.cluster of the local cluster
  -n, --namespace NS         namespace for objects without one (default: default)
${STRICT_OPTION_HELP}

Exit status: 0 when every query was answered, whatever the verdict; 2 on a usage error, an input
that cannot be read, or a query that cannot be answered (an unknown peer, a bad port; with --queries
the other lines are answered and each bad one is reported in its place);
${STRICT_EXIT_HELP}.
`;

interface Args {
  readonly inputs: string[];
  readonly from?: string;
  readonly to?: string;
  readonly port?: string;
  readonly protocol?: string;
  readonly queries?: string;
  readonly json: boolean;
  readonly strict?: boolean;
  readonly settings: CommonArgs['settings'];
  readonly clusterName?: string;
  readonly namespace?: string;
}

/** The arguments (the CLI's one argument parser), or the exit status when done. */
function parseArgs(argv: readonly string[], io: CliIo): Args | number {
  const query: { from?: string; to?: string; port?: string; protocol?: string; queries?: string } = {};
  let auditMode = false;
  let allowLocalhost: EngineSettings['allowLocalhost'] | undefined;
  const own: OwnOption = (av, i) => {
    if (av[i] === '--audit') {
      auditMode = true;
      return 1;
    }
    const o = valuedOption(av, i, ['--from', '--to', '--port', '--protocol', '--queries', '--allow-localhost']);
    if (o === null || 'error' in o) return o ?? 0;
    const flag = splitFlag(av[i] as string).flag;
    if (flag === '--allow-localhost') {
      if (o.value !== 'always' && o.value !== 'policy') return { error: `--allow-localhost must be always or policy, not "${o.value}"` };
      allowLocalhost = o.value;
    } else query[flag.slice(2) as keyof typeof query] = o.value;
    return o.used;
  };
  const args = parseCommandArgs('explain', HELP, argv, io, own);
  if (typeof args === 'number') return args;
  if (auditMode) args.settings.auditMode = true;
  if (allowLocalhost !== undefined) args.settings.allowLocalhost = allowLocalhost;
  if (args.inputs.length === 0) {
    io.err(`netpol-viz explain: no input files\n\n${HELP}`);
    return 2;
  }
  if (query.queries === '-' && args.inputs.includes('-')) {
    io.err('netpol-viz explain: standard input ("-") can be read only once: give the inputs or the queries (--queries FILE) as a file\n');
    return 2;
  }
  if (query.queries === undefined && (query.from === undefined || query.to === undefined)) {
    io.err(`netpol-viz explain: --from and --to are required (or --queries FILE.jsonl)\n\n${HELP}`);
    return 2;
  }
  return { ...args, ...query };
}

const PROTOCOLS: Readonly<Record<string, QueryProtocol>> = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP', icmp: 'ICMP', icmpv6: 'ICMPv6', any: 'ANY' };

/** `8080`, `8080/TCP`, `http`, `8/ICMP`, `53/udp`; null port = every port. */
export function parsePortSpec(port: unknown, protocol: unknown): { ok: true; port: number | string | null; protocol: QueryProtocol } | { ok: false; error: string } {
  let proto: QueryProtocol | null = null;
  if (protocol !== undefined && protocol !== null) {
    const p = PROTOCOLS[String(protocol).toLowerCase()];
    if (!p) return { ok: false, error: `unknown protocol "${String(protocol)}" (TCP, UDP, SCTP, ICMP, ICMPv6, ANY)` };
    proto = p;
  }
  if (port === undefined || port === null || port === '') return { ok: true, port: null, protocol: proto ?? 'ANY' };
  if (typeof port === 'number') {
    if (!Number.isInteger(port) || port < 0 || port > 65535) return { ok: false, error: `port ${port} is out of range` };
    return { ok: true, port, protocol: proto ?? 'TCP' };
  }
  if (typeof port !== 'string') return { ok: false, error: 'port must be a number or a string' };
  const [head, tail] = port.split('/') as [string, string | undefined];
  if (tail !== undefined) {
    const p = PROTOCOLS[tail.toLowerCase()];
    if (!p) return { ok: false, error: `unknown protocol "${tail}" in --port ${port}` };
    if (proto !== null && proto !== p) return { ok: false, error: `--port ${port} contradicts protocol ${proto}` };
    proto = p;
  }
  if (/^\d+$/.test(head)) {
    const n = Number(head);
    if (n > 65535) return { ok: false, error: `port ${n} is out of range` };
    return { ok: true, port: n, protocol: proto ?? 'TCP' };
  }
  if (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/i.test(head) && /[a-z]/i.test(head)) return { ok: true, port: head.toLowerCase(), protocol: proto ?? 'TCP' };
  return { ok: false, error: `cannot read port "${port}"; expected N[/PROTO] or a port name` };
}

interface QueryInput {
  readonly from: string;
  readonly to: string;
  readonly port: unknown;
  readonly protocol: unknown;
}

type Answer = { ok: true; query: Query; decision: Decision; portText: string; notes: readonly string[] } | { ok: false; error: string };

function answer(model: EngineModel, q: QueryInput, dns: DnsAddresses): Answer {
  const refs = [q.from, q.to].map((t) => parsePeerRef(t));
  const [fromRef, toRef] = refs as [(typeof refs)[0], (typeof refs)[0]];
  if (!fromRef.ok) return { ok: false, error: `--from: ${fromRef.error}` };
  if (!toRef.ok) return { ok: false, error: `--to: ${toRef.error}` };
  const from = resolvePeerRef(model, fromRef.value);
  if (!from.ok) return { ok: false, error: `--from: ${from.error}` };
  const to = resolvePeerRef(model, toRef.value);
  if (!to.ok) return { ok: false, error: `--to: ${to.error}` };
  const ps = parsePortSpec(q.port, q.protocol);
  if (!ps.ok) return { ok: false, error: ps.error };
  const notes = [...from.value.notes, ...to.value.notes];
  let port = ps.port;
  if (to.value.service !== null && typeof port === 'number') {
    const target = serviceTargetPort(to.value.service, port, ps.protocol);
    if (target !== null) {
      notes.push(`Service port ${port} is translated to target port ${target} before policy is applied`);
      port = target;
    } else notes.push(`Service ${to.value.service.namespace}/${to.value.service.name} has no port ${port}/${ps.protocol}; evaluating port ${port} on the backend`);
  }
  const observed = observedQuery(model, { from: from.value.endpoint, to: to.value.endpoint, port, protocol: ps.protocol }, dns);
  const query: Query = observed.query;
  notes.push(...observed.notes);
  const decision = withFqdnCondition(model, query, decide(model, query));
  const portText = port === null ? (ps.protocol === 'ANY' ? 'all ports' : `all ${ps.protocol} ports`) : ps.protocol === 'ICMP' || ps.protocol === 'ICMPv6' ? `${ps.protocol} type ${port}` : `${port}/${ps.protocol}`;
  return { ok: true, query, decision: { ...decision, notes: [...notes, ...decision.notes] }, portText, notes };
}

function sideJson(s: SideDecision) {
  return {
    verdict: s.verdict,
    reason: s.reason,
    rules: s.rules.map((r) => ({ kind: r.kind, namespace: r.namespace, name: r.name, path: r.path })),
    attribution: s.attribution,
    text: s.text,
    matched: s.matched,
    defaultDenyFrom: s.defaultDenyFrom,
    nearMisses: s.nearMisses,
    l7: s.l7,
    l7Rules: s.l7Rules,
    ...(s.notComputed ? { notComputed: true } : {}),
  };
}

function toJson(q: QueryInput, a: Extract<Answer, { ok: true }>, under: DecidedUnder): string {
  return JSON.stringify({
    from: q.from,
    to: q.to,
    port: a.query.port,
    protocol: a.query.protocol,
    // Not known when Cilium cannot compute an endpoint's policy on the path: then what the
    // policies would decide is apart, and `notComputed` names the endpoints.
    verdict: a.decision.notComputed ? 'not-known' : a.decision.verdict,
    ...(a.decision.notComputed ? { notComputed: a.decision.notComputed, policiesWouldDecide: a.decision.verdict } : {}),
    decidedUnder: under,
    egress: sideJson(a.decision.egress),
    ingress: sideJson(a.decision.ingress),
    ...(a.decision.l7 ? { l7: a.decision.l7 } : {}),
    ...(a.decision.condition ? { condition: { verdict: a.decision.condition.verdict, text: a.decision.condition.text, rules: a.decision.condition.rules } } : {}),
    audit: a.decision.audit,
    notes: a.decision.notes,
  });
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, io);
  if (typeof args === 'number') return args;
  // The Cilium version also changes how policies are imported (namespace-label peers, the
  // cluster filter, fromRequires), so the loader needs it, not just the engine.
  const ingest = new FlowIngest();
  const loader = new Loader({
    ...(args.clusterName ? { clusterName: args.clusterName } : {}),
    ...(args.namespace ? { defaultNamespace: args.namespace } : {}),
    ...(args.settings.ciliumVersion ? { ciliumVersion: args.settings.ciliumVersion } : {}),
    // Settings given here win over the cluster's, and the explanation says they were set by hand.
    agentSettings: agentSettingsOf(args.settings),
    // Hubble flows among the inputs name the addresses DNS names were seen at (a query to a name).
    flowSink: flowSinkFor(ingest.aggregator),
  });
  await readInputs(args.inputs, loader, io);
  const loaded = loader.finish();
  const dns = observedDnsAddresses(ingest.finish());
  if (reportInputErrors(loaded.diagnostics, io)) {
    io.err('netpol-viz explain: an input could not be read\n');
    return 2;
  }
  const model = compile(loaded.cluster, args.settings);

  let inputs: QueryInput[];
  if (args.queries !== undefined) {
    let text: string;
    try {
      text = args.queries === '-' ? new TextDecoder().decode(await io.stdin()) : await readFile(path.resolve(io.cwd, args.queries), 'utf8');
    } catch (err) {
      io.err(`netpol-viz explain: cannot read ${args.queries}: ${err instanceof Error ? err.message : String(err)}\n`);
      return 2;
    }
    inputs = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = (lines[i] as string).trim();
      if (line === '' || line.startsWith('#')) continue;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        io.err(`netpol-viz explain: ${args.queries}:${i + 1}: not a JSON object\n`);
        return 2;
      }
      if (typeof v !== 'object' || v === null || typeof (v as { from?: unknown }).from !== 'string' || typeof (v as { to?: unknown }).to !== 'string') {
        io.err(`netpol-viz explain: ${args.queries}:${i + 1}: needs string "from" and "to"\n`);
        return 2;
      }
      const o = v as { from: string; to: string; port?: unknown; protocol?: unknown };
      inputs.push({ from: o.from, to: o.to, port: o.port, protocol: o.protocol });
    }
  } else {
    inputs = [{ from: args.from as string, to: args.to as string, port: args.port, protocol: args.protocol }];
  }

  const answers = inputs.map((q) => ({ q, a: answer(model, q, dns) }));
  // One bad query line is reported in place; a bad single query is unusable input.
  if (args.queries === undefined && answers[0] && !answers[0].a.ok) {
    io.err(`netpol-viz explain: ${answers[0].a.error}\n`);
    return 2;
  }
  const under = decidedUnderFields(model);
  for (const { q, a } of answers) {
    if (!a.ok) {
      if (args.json) io.out(JSON.stringify({ from: q.from, to: q.to, error: a.error }) + '\n');
      else io.out(`${q.from} → ${q.to}: error: ${a.error}\n\n`);
      continue;
    }
    if (args.json) io.out(toJson(q, a, under) + '\n');
    else io.out(explainText({ from: a.query.from.display, to: a.query.to.display, what: a.portText, decidedUnder: under.text }, a.decision, model) + (answers.length > 1 ? '\n' : ''));
  }
  if (answers.some((x) => !x.a.ok)) return 2;
  return strictStatus('explain', 0, args, loaded.diagnostics, io);
}
