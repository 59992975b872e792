import { createReadStream, promises as fsp } from 'node:fs';
import { createGunzip, gunzipSync, constants as zc } from 'node:zlib';
import type { CliIo } from '../io.ts';
import { commonOptionsHelp, parseCommandArgs, STRICT_EXIT_HELP, STRICT_OPTION_HELP, valuedOption, type CommonArgs, parserSettingsOf } from '../args.ts';
import { INPUT_EXTENSIONS_TEXT, inputFiles, readInputs, reportInputErrors, strictStatus } from '../readInputs.ts';
import { Loader } from '../../core/load/loader.ts';
import { isGzip } from '../../core/load/decode.ts';
import { compile } from '../../core/engine/compile.ts';
import { parseFlowRecord } from '../../core/hubble/parseFlow.ts';
import { FlowIngest } from '../../core/flows/ingest.ts';
import { flowSinkFor } from '../../core/flows/sink.ts';
import { crossCheck, type CheckedEdge, type CrossCheckResult } from '../../core/flows/crossCheck.ts';
import type { FlowAggregate, FlowEdge } from '../../core/flows/types.ts';
import { recordedAttribution } from '../../core/flows/attribution.ts';
import { aggregateFileText, mergeAggregates, parseAggregateFile } from '../../core/flows/aggregateFile.ts';
import { isAggregateHead } from '../../core/flows/savedAggregates.ts';
import { DEFAULT_SAMPLE_SIZE } from '../../core/flows/sample.ts';
import { resolve } from 'node:path';
import type { Diagnostic } from '../../core/model/diagnostic.ts';
import { plural } from '../../core/util/plural.ts';

/**
 * `netpol-viz flows <inputs…> [--json]`: aggregates Hubble exports into edges (source,
 * destination, port, protocol) with counts by verdict and drop reason, and, when policies are
 * among the inputs, the engine's predicted verdict for each edge and whether they disagree.
 * Flow exports are streamed (gzip too) and never held whole; policies and inventory go to the loader.
 * @public
 */
export const HELP = `Usage: netpol-viz flows <inputs…> [--json] [--namespace NS] [--cluster-name NAME] [--policy-audit-mode]
                          [--cilium-version X.Y] [--enforcement MODE] [--save-aggregate OUT.json]

Summarises Hubble flow exports (hubble observe -o json / jsonpb, exporter files; JSON lines,
optionally gzip-compressed) per edge: source, destination, port and protocol, with counts by
verdict and drop reason, TCP flags, replies and the policies Cilium recorded for them
(egress/ingress_allowed_by, *_denied_by, policy_log; JSON: recordedAllowedBy, recordedDeniedBy).
When policies (and inventory) are among the inputs, each edge also gets the verdict the policies
predict, a mismatch class (observed-allowed-predicted-denied, observed-denied-predicted-allowed,
recorded-policy-differs: same verdict but Cilium names another policy, non-policy-drop,
unknown-endpoint, not-evaluated, match) and, for every class but match, a likely cause.

  <inputs>                   flow exports, policy and inventory files, archives (a sysdump) or folders
                             (${INPUT_EXTENSIONS_TEXT}); "-" reads standard input. Files whose first line is a Hubble
                             record are streamed as flow exports; the others are loaded as policies
                             and inventory.
${commonOptionsHelp()}
  --policy-audit-mode        predict as Cilium does with policy-audit-mode (AUDIT flows then match)
  --save-aggregate OUT       write the flows' aggregate (edges, counts, verdicts, drop reasons, times,
                             replies, recorded attribution) to OUT instead of the summary; no policies
                             needed. Saved aggregates are inputs like exports and merge exactly, so
                             each exporter file can be reduced where it lies (docs/flow-aggregates.md).
${STRICT_OPTION_HELP}

Errors (a path that cannot be read, damaged gzip, a document not loaded) are also printed on stderr.
Exit status: 0 when flows were read (or an aggregate saved), 2 when none were, when an input path
could not be read (nothing is printed or saved then), or on a usage error;
${STRICT_EXIT_HELP}.
`;

const CHUNK = 1024 * 1024;

interface Args {
  readonly paths: string[];
  readonly json: boolean;
  readonly namespace: string | null;
  readonly clusterName: string | null;
  readonly auditMode: boolean;
  readonly saveAggregate: string | null;
  readonly strict: boolean;
  /** The Cilium settings the predicted verdicts follow (over the cluster's cilium-config). */
  readonly settings: CommonArgs['settings'];
}

/** The arguments (the CLI's one argument loop, parseCommandArgs), or the exit status when done. */
function parseArgs(argv: readonly string[], io: CliIo): Args | number {
  let auditMode = false;
  let saveAggregate: string | null = null;
  const args = parseCommandArgs('flows', HELP, argv, io, (av, i) => {
    const a = av[i] as string;
    if (a === '--policy-audit-mode') {
      auditMode = true;
      return 1;
    }
    const o = valuedOption(av, i, ['--save-aggregate']);
    if (o === null) return 0;
    if ('error' in o) return { error: '--save-aggregate needs a file name' };
    saveAggregate = o.value;
    return o.used;
  });
  if (typeof args === 'number') return args;
  if (args.inputs.length === 0) {
    io.err(`netpol-viz flows: no inputs given\n\n${HELP}`);
    return 2;
  }
  return {
    paths: args.inputs,
    json: args.json,
    namespace: args.namespace ?? null,
    clusterName: args.clusterName ?? null,
    auditMode,
    saveAggregate,
    strict: args.strict === true,
    settings: args.settings,
  };
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, io);
  if (typeof args === 'number') return args;
  const ingest = new FlowIngest();
  const loader = new Loader({
    ...(args.namespace ? { defaultNamespace: args.namespace } : {}),
    ...(args.clusterName ? { clusterName: args.clusterName } : {}),
    ...(args.settings.ciliumVersion ? { ciliumVersion: args.settings.ciliumVersion } : {}),
    // Flows inside files that are not plain exports (a JSON array from `jq -s`) still count.
    flowSink: flowSinkFor(ingest.aggregator),
    ...parserSettingsOf(args.settings),
  });
  const saved: FlowAggregate[] = [];
  for (const arg of args.paths) {
    if (arg === '-') await readStdin(ingest, loader, io, saved);
    else for (const f of await inputFiles(arg, io.cwd, loader)) await readOne(f, ingest, loader, io, saved);
  }
  const loaded = loader.finish();
  const read = ingest.finish();
  const aggregate = saved.length === 0 ? read : mergeAggregates([read, ...saved]);
  // A path that cannot be read (a mistyped policy file) stops the command, as every command does:
  // a cross-check or a saved aggregate without that input would pass for a whole one.
  if (reportInputErrors([...loaded.diagnostics, ...aggregate.diagnostics], io)) {
    io.err('netpol-viz flows: an input could not be read\n');
    return 2;
  }
  if (args.saveAggregate !== null) {
    const text = aggregateFileText(aggregate, DEFAULT_SAMPLE_SIZE);
    const out = resolve(io.cwd, args.saveAggregate);
    try {
      await fsp.writeFile(out, text);
    } catch (e) {
      io.err(`netpol-viz flows: cannot write ${args.saveAggregate}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
    const t = aggregate.totals;
    io.out(`Saved the aggregate of ${plural(t.flows, 'flow')} (${plural(aggregate.edges.length, 'edge')}, ${aggregate.replyOnlyEdges.length} reply-only) to ${args.saveAggregate}: ${plural(Buffer.byteLength(text), 'byte')} from ${plural(t.bytes, 'byte')} read.\n`);
    for (const d of [...loaded.diagnostics, ...aggregate.diagnostics])
      if (d.severity !== 'error') io.err(`${d.file}${d.line > 0 ? `:${d.line}` : ''} ${d.severity} ${d.code}: ${d.message}\n`); // errors: above
    return strictStatus('flows', 0, args, [...loaded.diagnostics, ...aggregate.diagnostics], io);
  }
  const check = loaded.cluster.policies.length > 0 ? crossCheck(aggregate, compile(loaded.cluster, { ...args.settings, ...(args.auditMode ? { auditMode: true } : {}) })) : null;
  const diagnostics = [...loaded.diagnostics, ...aggregate.diagnostics, ...(check?.diagnostics ?? [])];
  io.out(args.json ? `${JSON.stringify(toJson(aggregate, check, diagnostics), null, 2)}\n` : toText(aggregate, check, diagnostics));
  return aggregate.totals.flows > 0 ? strictStatus('flows', 0, args, diagnostics, io) : 2;
}

/** A saved aggregate's text (read whole: aggregates are small) → `saved`, or a diagnostic. */
function addSaved(text: string, name: string, ingest: FlowIngest, saved: FlowAggregate[]): void {
  const r = parseAggregateFile(text, name);
  if ('diagnostic' in r) ingest.aggregator.addDiagnostic(r.diagnostic);
  else saved.push(r.file.aggregate);
}

/** Whether text starts with a Hubble record (its first non-blank line is one). */
export function looksLikeFlows(head: string): boolean {
  const lines = head.split('\n');
  // The last piece may be an incomplete line (the head is a prefix of the file), unless it is all there is.
  const complete = lines.length > 1 ? lines.slice(0, -1) : lines;
  const first = complete.map((l) => l.trim()).find((l) => l !== '');
  if (first === undefined || !first.startsWith('{')) return false;
  try {
    return parseFlowRecord(JSON.parse(first)).kind !== 'invalid';
  } catch {
    return false;
  }
}

async function readOne(file: { abs: string; name: string }, ingest: FlowIngest, loader: Loader, io: CliIo, saved: FlowAggregate[]): Promise<void> {
  let gz = false;
  try {
    const fh = await fsp.open(file.abs, 'r');
    const buf = new Uint8Array(2);
    await fh.read(buf, 0, 2, 0);
    await fh.close();
    gz = isGzip(buf);
  } catch {
    await readInputs([file.name], loader, io);
    return;
  }
  const source = createReadStream(file.abs, { highWaterMark: CHUNK });
  const input = gz ? source.pipe(createGunzip({ chunkSize: CHUNK })) : source;
  if (gz) source.on('error', (e) => input.destroy(e));
  const it = (input as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let ended = false;
  try {
    // Read until the first line is complete (or 1 MiB): enough to tell an export from a policy file.
    while (headBytes < CHUNK) {
      const r = await it.next();
      if (r.done) {
        ended = true;
        break;
      }
      const b = new Uint8Array(r.value.buffer, r.value.byteOffset, r.value.byteLength);
      head.push(b);
      headBytes += b.byteLength;
      if (b.includes(10)) break;
    }
  } catch {
    ended = true;
  }
  const headText = new TextDecoder().decode(Buffer.concat(head));
  if (isAggregateHead(headText)) {
    try {
      while (!ended) {
        const r = await it.next();
        if (r.done) break;
        head.push(new Uint8Array(r.value.buffer, r.value.byteOffset, r.value.byteLength));
      }
    } catch (e) {
      ingest.aggregator.addDiagnostic({ file: file.name, document: -1, line: 0, column: 0, path: '', severity: 'error', code: gz ? 'gzip-truncated' : 'read-error', message: `Reading this saved flow aggregate failed (${e instanceof Error ? e.message : String(e)}).` });
    }
    addSaved(new TextDecoder().decode(Buffer.concat(head)), file.name, ingest, saved);
    return;
  }
  if (!looksLikeFlows(headText)) {
    await it.return?.();
    input.destroy();
    await readInputs([file.name], loader, io);
    return;
  }
  ingest.beginFile(file.name);
  for (const b of head) ingest.pushBytes(b);
  try {
    while (!ended) {
      const r = await it.next();
      if (r.done) break;
      ingest.pushBytes(new Uint8Array(r.value.buffer, r.value.byteOffset, r.value.byteLength));
    }
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    ingest.aggregator.addDiagnostic({
      file: file.name,
      document: -1,
      line: 0,
      column: 0,
      path: '',
      severity: 'error',
      code: gz ? 'gzip-truncated' : 'read-error',
      message: gz
        ? `The gzip data is damaged or ends early (${why}): the flows decompressed before that point were read; the rest is missing.`
        : `Reading failed part-way (${why}): only the flows read before the error were counted.`,
    });
  }
  ingest.endFile();
}

async function readStdin(ingest: FlowIngest, loader: Loader, io: CliIo, saved: FlowAggregate[]): Promise<void> {
  let data: Uint8Array;
  try {
    data = await io.stdin();
  } catch (e) {
    loader.addUnreadable('<stdin>', `Cannot read standard input: ${e instanceof Error ? e.message : String(e)}.`);
    return;
  }
  if (isGzip(data)) {
    try {
      data = new Uint8Array(gunzipSync(data));
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      const damaged = (message: string) =>
        ingest.aggregator.addDiagnostic({ file: '<stdin>', document: -1, line: 0, column: 0, path: '', severity: 'error', code: 'gzip-truncated', message });
      // Keep what decompresses before the damage: a truncated download still has whole lines.
      try {
        data = new Uint8Array(gunzipSync(data, { finishFlush: zc.Z_SYNC_FLUSH }));
      } catch {
        damaged(`The gzip data on standard input is damaged (${why}): nothing could be decompressed.`);
        return;
      }
      damaged(`The gzip data on standard input is damaged or ends early (${why}): the flows decompressed before that point were read; the rest is missing.`);
    }
  }
  const head = new TextDecoder().decode(data.subarray(0, Math.min(data.byteLength, CHUNK)));
  if (isAggregateHead(head)) {
    addSaved(new TextDecoder().decode(data), '<stdin>', ingest, saved);
    return;
  }
  if (!looksLikeFlows(head)) {
    loader.addFile({ name: '<stdin>', data });
    return;
  }
  ingest.beginFile('<stdin>');
  for (let i = 0; i < data.byteLength; i += CHUNK) ingest.pushBytes(data.subarray(i, i + CHUNK));
  ingest.endFile();
}

function edgeJson(e: FlowEdge, c: CheckedEdge | null) {
  const recorded = c?.attribution?.recorded ?? recordedAttribution(e);
  return {
    source: e.source.key,
    destination: e.destination.key,
    port: e.port,
    protocol: e.protocol,
    verdicts: e.verdicts,
    flows: e.flows,
    predicted: c?.predicted ?? null,
    mismatch: c?.mismatch ?? false,
    mismatchClass: c?.mismatchClass ?? null,
    reason: c?.reason ?? '',
    sourceKind: e.source.kind,
    destinationKind: e.destination.kind,
    drops: e.drops,
    flags: e.flags,
    replies: e.replies,
    policies: e.policies.map((p) => ({ direction: p.direction, effect: p.effect, kind: p.kind, namespace: p.namespace, name: p.name || p.derivedFrom, flows: p.flows })),
    recordedAllowedBy: recorded.allowedBy,
    recordedDeniedBy: recorded.deniedBy,
    policyLog: recorded.policyLog,
    attribution: c?.attribution ? c.attribution.sides.map((s) => ({ side: s.side, recorded: s.recordedText, computed: s.computedText, unexplained: s.unexplained })) : [],
    cause: c?.cause ?? null,
    firstTime: e.firstTime,
    lastTime: e.lastTime,
  };
}

/** The documented shape (flows, skipped, byVerdict, byDropReason, edges[]) plus details. */
export function toJson(a: FlowAggregate, check: CrossCheckResult | null, diagnostics: readonly Diagnostic[]): unknown {
  return {
    flows: a.totals.flows,
    skipped: a.totals.skipped.total,
    byVerdict: a.totals.byVerdict,
    byDropReason: a.totals.byDropReason,
    ...(a.totals.aggregated ? { aggregated: a.totals.aggregated } : {}),
    edges: a.edges.map((e, i) => edgeJson(e, check?.edges[i] ?? null)),
    replies: a.totals.replies,
    skippedByKind: { nodeStatus: a.totals.skipped.nodeStatus, lostEvents: a.totals.skipped.lostEvents, events: a.totals.skipped.events ?? 0, invalid: a.totals.skipped.invalid },
    eventsLost: a.totals.eventsLost,
    firstTime: a.totals.firstTime,
    lastTime: a.totals.lastTime,
    mismatches: check ? check.edges.filter((e) => e.mismatch).length : null,
    checks: check?.counts ?? null,
    replyOnlyEdges: a.replyOnlyEdges.map((e) => ({ source: e.source.key, destination: e.destination.key, port: e.port, protocol: e.protocol, replies: e.replies?.flows ?? 0 })),
    diagnostics: diagnostics.map((d) => ({ file: d.file, document: d.document, line: d.line, column: d.column, path: d.path, severity: d.severity, code: d.code, message: d.message })),
  };
}

function fmt(c: Readonly<Record<string, number | undefined>>): string {
  const parts = Object.entries(c).map(([k, n]) => `${k} ${n ?? 0}`);
  return parts.length === 0 ? '-' : parts.join(', ');
}

const RANK: Record<string, number> = {
  'observed-denied-predicted-allowed': 0,
  'observed-allowed-predicted-denied': 1,
  'recorded-policy-differs': 2,
  'unknown-endpoint': 3,
  'non-policy-drop': 4,
};

/** Mismatches first, then busiest edges, then by key: the same input always prints the same table. */
function ordered(a: FlowAggregate, check: CrossCheckResult | null): { e: FlowEdge; c: CheckedEdge | null }[] {
  const rows = a.edges.map((e, i) => ({ e, c: check?.edges[i] ?? null }));
  return rows.sort((x, y) => {
    const rx = RANK[x.c?.mismatchClass ?? ''] ?? 9;
    const ry = RANK[y.c?.mismatchClass ?? ''] ?? 9;
    if (rx !== ry) return rx - ry;
    if (x.e.flows !== y.e.flows) return y.e.flows - x.e.flows;
    return x.e.key < y.e.key ? -1 : x.e.key > y.e.key ? 1 : 0;
  });
}

export function toText(a: FlowAggregate, check: CrossCheckResult | null, diagnostics: readonly Diagnostic[]): string {
  const t = a.totals;
  const out: string[] = [];
  const ag = t.aggregated ? `; ${t.aggregated.flows} of them in ${t.aggregated.records} Hubble exporter aggregate record${t.aggregated.records === 1 ? '' : 's'}, counted as the flows they stand for` : '';
  out.push(`Flows: ${t.flows} (${t.replies} replies${ag}) from ${t.firstTime ?? '?'} to ${t.lastTime ?? '?'}`);
  out.push(`Skipped lines: ${t.skipped.total} (node_status ${t.skipped.nodeStatus}, lost_events ${t.skipped.lostEvents}, agent/debug events ${t.skipped.events ?? 0}, invalid ${t.skipped.invalid})${t.eventsLost > 0 ? `; Hubble lost ${t.eventsLost} events` : ''}`);
  out.push(`By verdict: ${fmt(t.byVerdict)}`);
  out.push(`By drop reason: ${fmt(t.byDropReason)}`);
  if (a.replyOnlyEdges.length > 0) out.push(`Replies without a captured request: ${plural(a.replyOnlyEdges.length, 'edge')} (connections opened before the capture)`);
  if (check) out.push(`Cross-check against policies: ${fmt(check.counts)}`);
  else out.push('Cross-check: no policies among the inputs, nothing to predict');
  out.push('');
  const rows = ordered(a, check).map(({ e, c }) => [
    e.source.key,
    e.destination.key,
    e.port === null ? `${e.protocol}` : `${e.port}/${e.protocol}`,
    String(e.flows),
    fmt(e.verdicts),
    c?.predicted ?? '-',
    c ? (c.mismatch ? `MISMATCH ${c.mismatchClass}` : c.mismatchClass) : '-',
  ]);
  const head = ['SOURCE', 'DESTINATION', 'PORT', 'FLOWS', 'OBSERVED', 'PREDICTED', 'CHECK'];
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => (r[i] as string).length))));
  const line = (r: string[]) => r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  out.push(line(head));
  for (const r of rows) out.push(line(r));
  const reasons = ordered(a, check).filter(({ c }) => c && c.mismatchClass !== 'match' && c.reason !== '');
  if (reasons.length > 0) {
    out.push('');
    for (const { e, c } of reasons) {
      out.push(`${e.source.key} → ${e.destination.key} ${e.port ?? ''}/${e.protocol}: ${c?.reason}`);
      if (c?.cause) out.push(`  likely cause (${c.cause.title}): ${c.cause.text}`);
      for (const s of c?.attribution?.sides ?? []) if (s.unexplained.length > 0) out.push(`  ${s.side}: Cilium recorded ${s.recordedText}; computed: ${s.computedText}`);
    }
  }
  if (diagnostics.length > 0) {
    out.push('');
    out.push(`Diagnostics (${diagnostics.length}):`);
    for (const d of diagnostics) out.push(`  ${d.file}${d.line > 0 ? `:${d.line}` : ''} ${d.severity} ${d.code}${d.path ? ` [${d.path}]` : ''}: ${d.message}`);
  }
  return `${out.join('\n')}\n`;
}
