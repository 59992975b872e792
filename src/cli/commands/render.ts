/**
 * `netpol-viz render <inputs…> --out FILE.svg|FILE.png [--tenant T] [--customer] [--from P --to P --port N/PROTO]`
 * The picture the app exports, without a browser for SVG (the pure core writer) and with
 * headless Chromium for PNG (the same SVG, rasterised at 2x). Deterministic: the same inputs
 * and options give the same SVG bytes (no time unless `--time`).
 * @public
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fsp } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CliIo } from '../io.ts';
import { commonOptionsHelp, parseCommandArgs, splitFlag, STRICT_EXIT_HELP, STRICT_OPTION_HELP, valuedOption, type CommonArgs, type OwnOption, parserSettingsOf } from '../args.ts';
import { INPUT_EXTENSIONS_TEXT, inputFiles, readInputs, reportInputErrors, strictStatus } from '../readInputs.ts';
import { compile } from '../../core/engine/compile.ts';
import { peerGrammar } from '../../core/engine/peerRef.ts';
import { inputsDigest } from '../../core/export/digest.ts';
import { exportView, type ViewExport } from '../../core/export/exportView.ts';
import { withPngText } from '../../core/export/png.ts';
import { buildGraph } from '../../core/graph/buildGraph.ts';
import { graphInputsOf } from '../../core/graph/graphInputs.ts';
import { groupIds, initialViewState, viewReducer } from '../../core/graph/viewState.ts';
import { tenantGroupId, tenantOfGroup } from '../../core/graph/grouping.ts';
import { leakReport, leaksIn, otherTenantSecrets } from '../../core/graph/leaks.ts';
import { FlowIngest } from '../../core/flows/ingest.ts';
import { flowSinkFor } from '../../core/flows/sink.ts';
import { Loader } from '../../core/load/loader.ts';
import type { GraphInputs, GraphModel, ViewState } from '../../core/graph/types.ts';
import { chooseOpening, type CanvasSize } from '../../core/graph/opening.ts';
// The app's own path query and highlight (pure modules), so the CLI lights up the same path.
import { pathHighlight } from '../../core/query/pathHighlight.ts';
import { runQuery } from '../../core/query/runQuery.ts';
import { observedDnsAddresses } from '../../core/query/dnsAddresses.ts';
import { plural } from '../../core/util/plural.ts';

export const HELP = `Usage: netpol-viz render <inputs…> --out FILE.svg|FILE.png [options]

Draws the connectivity graph of the inputs as the app exports it: title, provenance (a digest of
the inputs), the graph and the legend. SVG is written directly; PNG is the same picture rendered
at 2x by headless Chromium (/usr/bin/chromium when present).

  <inputs>                   policy, inventory and Hubble flow files, archives (a sysdump) or folders
                             (${INPUT_EXTENSIONS_TEXT})
  --out FILE                 output file; the extension picks the format (.svg or .png)
  --tenant T                 show tenant T's workloads and whoever they talk to (support view)
  --customer                 with --tenant: the customer view of T (every other tenant is one anonymous
                             node, platform services have generic names; nothing else is named)
  --from PEER --to PEER [--port N[/PROTO]]
                             highlight a path and explain it under the picture (PEER: ${peerGrammar})
  --collapse G,G             draw these tenants (or "all") as one node each
  --size WxH                 the window the picture is read in (default 1920x1080): without --collapse,
                             the graph is drawn at the level the app opens at in that window (the most
                             detail whose names are all readable, else tenants collapsed)
  --title TEXT               title instead of the default
  --time                     print the current time in the picture (off by default: same inputs, same file)
  --scale N                  PNG pixel ratio (default 2)
${commonOptionsHelp(['--json'])}
${STRICT_OPTION_HELP}

Exit status: 0 when the file was written, 2 on a usage error or unusable input, 3 when a customer
view would have named another tenant (nothing is written);
${STRICT_EXIT_HELP}.
`;

interface Args {
  readonly inputs: string[];
  readonly out: string;
  readonly tenant: string | null;
  readonly customer: boolean;
  readonly from: string | null;
  readonly to: string | null;
  readonly port: string;
  readonly collapse: string[];
  readonly title: string | null;
  readonly time: boolean;
  readonly scale: number;
  readonly namespace: string | null;
  readonly clusterName: string | null;
  /** The window the picture is read in (chooses the opening level, as the app's canvas does). */
  readonly size: CanvasSize;
  readonly strict: boolean;
  /** The Cilium settings the verdicts follow (over the cluster's cilium-config and version). */
  readonly settings: CommonArgs['settings'];
}

export const DEFAULT_SIZE: CanvasSize = { w: 1920, h: 1080 };

const VALUED = ['--out', '-o', '--tenant', '--from', '--to', '--port', '--collapse', '--title', '--scale', '--size'];

/** The arguments (the CLI's one argument parser), or the exit status when done (errors printed). */
export function parseArgs(argv: readonly string[], io: CliIo): Args | number {
  const v: Record<string, string> = {};
  let customer = false;
  let time = false;
  const own: OwnOption = (av, i) => {
    if (av[i] === '--customer') customer = true;
    else if (av[i] === '--time') time = true;
    else {
      const o = valuedOption(av, i, VALUED);
      if (o === null || 'error' in o) return o ?? 0;
      const flag = splitFlag(av[i] as string).flag;
      v[flag === '-o' ? '--out' : flag] = o.value;
      return o.used;
    }
    return 1;
  };
  const args = parseCommandArgs('render', HELP, argv, io, own, undefined, { refuse: ['--json'] });
  if (typeof args === 'number') return args;
  const checked = checkArgs(args, v, customer, time);
  if (typeof checked === 'string') {
    io.err(`netpol-viz render: ${checked}\n\n${HELP}`);
    return 2;
  }
  return checked;
}

/** The options' values checked and combined, or what is wrong with them. */
function checkArgs(args: CommonArgs, v: Readonly<Record<string, string>>, customer: boolean, time: boolean): Args | string {
  const { inputs } = args;
  const out = v['--out'];
  if (inputs.length === 0) return 'no inputs given';
  if (out === undefined) return '--out FILE.svg or --out FILE.png is required';
  if (!/\.(svg|png)$/i.test(out)) return `--out must end in .svg or .png, not "${out}"`;
  if (customer && v['--tenant'] === undefined) return '--customer needs --tenant T';
  if ((v['--from'] === undefined) !== (v['--to'] === undefined)) return '--from and --to go together';
  const scale = v['--scale'] === undefined ? 2 : Number(v['--scale']);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 8) return '--scale must be a number between 0 and 8';
  const sizeText = v['--size'];
  const sized = sizeText === undefined ? null : /^(\d{2,5})x(\d{2,5})$/i.exec(sizeText);
  if (sizeText !== undefined && sized === null) return `--size must be WIDTHxHEIGHT in px (like 1280x720), not "${sizeText}"`;
  const size = sized ? { w: Number(sized[1]), h: Number(sized[2]) } : DEFAULT_SIZE;
  return {
    inputs,
    out,
    tenant: v['--tenant'] ?? null,
    customer,
    from: v['--from'] ?? null,
    to: v['--to'] ?? null,
    port: v['--port'] ?? '',
    collapse: (v['--collapse'] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''),
    title: v['--title'] ?? null,
    time,
    scale,
    namespace: args.namespace ?? null,
    clusterName: args.clusterName ?? null,
    size,
    strict: args.strict === true,
    settings: args.settings,
  };
}

/** Every input file's bytes, in the order readInputs reads them (the CLI's one folder walker). */
async function inputBytes(args: readonly string[], cwd: string): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  // Unreadable paths are reported by the load itself.
  const quiet = { addUnreadable: () => {}, addDiagnostic: () => {} };
  for (const a of args) {
    if (a === '-') continue;
    for (const f of await inputFiles(a, cwd, quiet)) {
      const b = await fsp.readFile(f.abs).catch(() => null);
      if (b !== null) out.push(new Uint8Array(b));
    }
  }
  return out;
}

const sha256 = async (b: Uint8Array): Promise<string> => createHash('sha256').update(b).digest('hex');

/** The view the options ask for, or why they cannot be met. */
function viewFor(args: Args, base: ViewState, groups: readonly string[]): ViewState | string {
  let view = base;
  if (args.tenant !== null) {
    const g = tenantGroupId(args.tenant);
    if (!groups.includes(g)) {
      const known = groups.map(tenantOfGroup).filter((t): t is string => t !== null);
      return `no tenant "${args.tenant}" in the inputs (tenants: ${known.join(', ') || 'none'})`;
    }
    view = args.customer ? viewReducer(view, { type: 'set-customer-tenant', tenant: args.tenant }) : viewReducer(view, { type: 'set-filters', filters: { groups: [g] } });
  }
  if (args.collapse.length > 0) {
    const wanted = args.collapse.includes('all') ? groups : args.collapse.map((c) => (c === 'platform' ? 'g:platform' : c.startsWith('g:') ? c : tenantGroupId(c)));
    view = viewReducer(view, { type: 'collapse-all', groups: wanted });
  }
  return view;
}

/**
 * The graph at the level the app opens at in a window of `args.size` (core/graph/opening.ts):
 * unless the options chose what is collapsed (or the cluster is big enough to open collapsed).
 */
function openingGraph(inputs: GraphInputs, view: ViewState, args: Args): GraphModel {
  const graph = buildGraph(inputs, view);
  if (args.collapse.length > 0 || view.collapsed.length > 0) return graph;
  const level = chooseOpening(graph, args.size);
  return level === null ? graph : buildGraph(inputs, viewReducer(view, { type: 'open-at', collapsed: level.collapsed }));
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, io);
  if (typeof args === 'number') return args;
  const ingest = new FlowIngest();
  const loader = new Loader({
    ...(args.namespace ? { defaultNamespace: args.namespace } : {}),
    ...(args.clusterName ? { clusterName: args.clusterName } : {}),
    ...(args.settings.ciliumVersion ? { ciliumVersion: args.settings.ciliumVersion } : {}),
    flowSink: flowSinkFor(ingest.aggregator),
    ...parserSettingsOf(args.settings),
  });
  await readInputs(args.inputs, loader, io);
  const loaded = loader.finish();
  const flows = ingest.finish();
  const cluster = loaded.cluster;
  // Each error with its file and line; a path that cannot be read stops it (nothing written), as in every command.
  if (reportInputErrors([...loaded.diagnostics, ...flows.diagnostics], io)) {
    io.err('netpol-viz render: an input could not be read; nothing written\n');
    return 2;
  }
  if (cluster.workloads.length === 0 && cluster.policies.length === 0 && flows.edges.length === 0) {
    io.err('netpol-viz render: nothing to draw (no workloads, policies or flows in the inputs)\n');
    return 2;
  }
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0) io.err(`netpol-viz render: ${plural(errors, 'input error')} (above); drawing what loaded\n`);

  const model = compile(cluster, args.settings);
  const inputs = graphInputsOf(model, flows.edges.length > 0 ? flows : null);
  const view = viewFor(args, initialViewState(cluster), groupIds(cluster, 'tenant'));
  if (typeof view === 'string') {
    io.err(`netpol-viz render: ${view}\n`);
    return 2;
  }
  const graph = openingGraph(inputs, view, args);
  let highlight = null;
  if (args.from !== null && args.to !== null) {
    const outcome = runQuery(model, { from: args.from, to: args.to, port: args.port }, observedDnsAddresses(flows));
    if (outcome.kind === 'invalid') {
      io.err(`netpol-viz render: --${outcome.field}: ${outcome.message}\n`);
      return 2;
    }
    highlight = pathHighlight(graph, cluster, view, outcome.query, outcome.decision);
  }
  const digest = await inputsDigest(await inputBytes(args.inputs, io.cwd), sha256);
  const exp = exportView({ model: graph, view, clusterName: cluster.name, digest, time: args.time ? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') : null, highlight, flows: flows.edges.length > 0 ? flows.totals : null, ...(args.title !== null ? { title: args.title } : {}) });

  if (args.customer && args.tenant !== null) {
    // Last line of defence: the picture must not name anything of another tenant.
    // The report names the strings for the operator (stderr), never in the picture.
    const leaks = leaksIn(`${exp.picture.svg}\n${exp.pngText().flat().join('\n')}`, otherTenantSecrets(cluster, view.groupingLabel, args.tenant));
    if (leaks.length > 0) {
      io.err(
        `netpol-viz render: the customer view of tenant ${args.tenant} would show ${leaks.length === 1 ? '1 string' : `${leaks.length} strings`} of other tenants; nothing was written:\n` +
          `${leakReport(leaks)}\n` +
          `If a string came from --title, change the title; otherwise this is a bug, please report it.\n`,
      );
      return 3;
    }
  }
  const out = resolve(io.cwd, args.out);
  let bytes: string | Uint8Array = exp.picture.svg;
  if (!/\.svg$/i.test(out)) {
    const png = await rasterize(exp, args.scale);
    if (typeof png === 'string') {
      io.err(`netpol-viz render: ${png}\n`);
      return 2;
    }
    bytes = withPngText(png, exp.pngText());
  }
  try {
    await fsp.mkdir(dirname(out), { recursive: true });
    await fsp.writeFile(out, bytes);
  } catch (e) {
    // A path the user gave (a file where a folder is needed, no permission): theirs to fix, not a bug.
    io.err(`netpol-viz render: cannot write ${args.out}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  io.err(`netpol-viz render: wrote ${args.out} (${exp.picture.width}×${exp.picture.height}, ${plural(graph.nodes.length, 'node')}, ${plural(graph.edges.length, 'edge')})\n`);
  return strictStatus('render', 0, args, [...loaded.diagnostics, ...flows.diagnostics], io);
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** Chromium's largest screenshot side; bigger pictures get a smaller pixel ratio. */
const MAX_SIDE = 16_000;

/** The SVG as PNG, drawn by headless Chromium (the system one when present). */
export async function rasterize(exp: ViewExport, scale: number): Promise<Uint8Array | string> {
  let chromium;
  try {
    ({ chromium } = await import('@playwright/test'));
  } catch {
    return 'PNG output needs @playwright/test (and Chromium); write .svg instead';
  }
  const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  const { width, height } = exp.picture;
  const ratio = Math.min(scale, MAX_SIDE / width, MAX_SIDE / height);
  const browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: ratio, javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;background:#fff}svg{display:block}</style></head><body>${exp.picture.svg}</body></html>`);
    return new Uint8Array(await page.screenshot({ clip: { x: 0, y: 0, width, height }, type: 'png' }));
  } finally {
    await browser.close();
  }
}
