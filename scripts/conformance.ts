/**
 * `npm run conformance [-- --quiet] [-- --strict] [corpus]`: runs our `connlist` on every
 * np-guard/netpol-analyzer test directory in test/corpora/npguard that uses only Kubernetes
 * NetworkPolicy, with hostNetwork pods modelled as netpol-analyzer models them (`hostNetwork:
 * 'pod'`, ordinary pods), and requires a byte-for-byte match with upstream's expected file for
 * every format upstream recorded. Prints a dir × format table and, for failures, the lines only
 * one side has. Exit 1 on any failure.
 *
 * Each case is also run in the product's default, Cilium's modelling (`hostNetwork: 'node'`: a
 * hostNetwork pod is its node, no pod policy applies to it). Where that output differs from
 * upstream the report says, as information, how many lines differ and why; it fails the run only
 * with `--strict`. `--quiet` leaves out the differing lines of those and the notes.
 *
 * Directories using AdminNetworkPolicy/BaselineAdminNetworkPolicy (`policy.networking.k8s.io/v1alpha1`)
 * run with `tiersAs: 'netpol-analyzer'` (the CLI's `--tiers-as netpol-analyzer`): no Cilium release
 * reads v1alpha1 (Cilium 1.20 reads ClusterNetworkPolicy v1alpha2; src/core/engine/tiers.ts), so by
 * default they change no verdict, and this reading is the one netpol-analyzer's outputs record.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { connlistFromInputs } from '../src/core/connlist/fromInputs.ts';
import type { InputFile } from '../src/core/load/types.ts';
import { connlistFormats, formatConnlist, formatTxt, type ConnlistFormat } from '../src/core/connlist/format.ts';
import { assertNever } from '../src/core/util/assertNever.ts';
import { npguardDir } from '../test/paths.ts';

export const defaultCorpus = npguardDir;

/**
 * Old-format artefacts that upstream keeps inside some input directories (README: "not the
 * oracle"). They are expected outputs, not Kubernetes objects: `connlist_output.json` is a JSON
 * array of {src,dst,conn}, the `.txt`/`.md`/`.dot` ones are not YAML at all. Upstream's scanner
 * drops them silently as non-Kubernetes documents; our loader would report each as an input
 * problem, so they are never fed to it.
 */
export function isLegacyArtefact(fileName: string): boolean {
  return /^(connlist_output|connections_map_output)/.test(fileName);
}

/** Upstream reads YAML and JSON manifests only (`fsscanner`); so do we. */
const MANIFEST = /\.(ya?ml|json)$/i;

export function inputFilesOf(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (MANIFEST.test(name) && !isLegacyArtefact(name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

const ADMIN_KINDS = /^\s*"?kind"?\s*:\s*"?(AdminNetworkPolicy|BaselineAdminNetworkPolicy)\b/m;

export type CellResult = { readonly kind: 'pass' } | { readonly kind: 'fail'; readonly diff: string } | { readonly kind: 'absent' };

/** How the default (Cilium) output of one format differs from upstream's expected file. */
export interface CiliumDifference {
  readonly format: ConnlistFormat;
  /** Lines only upstream has, and lines only ours has. */
  readonly onlyExpected: number;
  readonly onlyActual: number;
  readonly diff: string;
}

/**
 * The default Cilium mode against upstream: the same output, or the formats that differ, with
 * the reason (hostNetwork workloads are the only modelling difference between the two runs).
 */
export type CiliumComparison =
  | { readonly kind: 'same' }
  | { readonly kind: 'differs'; readonly reason: string; readonly formats: readonly CiliumDifference[] };

export type DirResult =
  | { readonly dir: string; readonly kind: 'skipped'; readonly reason: string }
  | {
      readonly dir: string;
      readonly kind: 'compared';
      /** netpol-analyzer's modelling (`hostNetwork: 'pod'`), which must match upstream exactly. */
      readonly cells: Readonly<Record<ConnlistFormat, CellResult>>;
      readonly cilium: CiliumComparison;
      /** Notes of the default (Cilium) run. */
      readonly notes: readonly string[];
    };

const HOST_NETWORK =
  'hostNetwork pods are their node to Cilium (reference B.1, B.8): they have no identity of their own, pod policies ' +
  '(NetworkPolicy podSelector) do not apply to them, so their ingress is unrestricted and their traffic carries the ' +
  'host/remote-node identity; netpol-analyzer treats them as ordinary pods selected by the policies ' +
  '(Kubernetes leaves NetworkPolicy behaviour for hostNetwork pods undefined).';

/**
 * Why the default Cilium output differs from netpol-analyzer's modelling, from the two txt
 * outputs: the hostNetwork workloads (`ns/name`) at an end of a differing connection. Lines
 * with no hostNetwork workload at either end would be a difference this does not explain
 * (by construction there are none: the two runs differ only in the hostNetwork transform).
 */
export function ciliumReason(asPodsTxt: string, ciliumTxt: string, hostNetworkWorkloads: readonly string[]): string {
  const hostNetwork = new Set(hostNetworkWorkloads);
  const a = new Set(asPodsTxt.split('\n'));
  const b = new Set(ciliumTxt.split('\n'));
  const differing = [...[...a].filter((l) => !b.has(l)), ...[...b].filter((l) => !a.has(l))].filter((l) => l !== '');
  const ends = (l: string) => (/^(.+) => (.+) : /.exec(l)?.slice(1, 3) ?? []).map((p) => p.replace(/\[[^\]]*\]$/, ''));
  const involved = new Set<string>();
  let unexplained = 0;
  for (const l of differing) {
    const hn = ends(l).filter((e) => hostNetwork.has(e));
    hn.forEach((e) => involved.add(e));
    if (hn.length === 0) unexplained++;
  }
  const names = [...involved].sort();
  const parts: string[] = [];
  if (names.length > 0) parts.push(`${HOST_NETWORK} Here: ${names.slice(0, 5).join(', ')}${names.length > 5 ? `, … (${names.length})` : ''}.`);
  if (unexplained > 0) parts.push(`${unexplained} differing connection(s) involve no hostNetwork workload: not explained by the hostNetwork modelling.`);
  if (parts.length === 0) parts.push('the connections agree; only the layout of this format differs.');
  return parts.join(' ');
}

/**
 * The lines only one side has (the outputs are sorted, so a set difference reads better than a
 * positional diff), at most `maxLines` of each, and the first positional difference when the
 * line sets agree but the bytes do not (order, trailing newline).
 */
export function compactDiff(expected: string, actual: string, maxLines = 8): string {
  const e = expected.split('\n');
  const a = actual.split('\n');
  const eSet = new Set(e);
  const aSet = new Set(a);
  const onlyE = e.filter((l) => !aSet.has(l));
  const onlyA = a.filter((l) => !eSet.has(l));
  const out: string[] = [];
  for (const l of onlyE.slice(0, maxLines)) out.push(`    - ${l}`);
  if (onlyE.length > maxLines) out.push(`    - … ${onlyE.length - maxLines} more`);
  for (const l of onlyA.slice(0, maxLines)) out.push(`    + ${l}`);
  if (onlyA.length > maxLines) out.push(`    + … ${onlyA.length - maxLines} more`);
  if (onlyE.length === 0 && onlyA.length === 0) {
    const i = e.findIndex((l, k) => l !== a[k]);
    out.push(`    same lines, different bytes from line ${i + 1}: - ${JSON.stringify(e[i] ?? '<end>')} + ${JSON.stringify(a[i] ?? '<end>')}`);
  }
  out.push(`    (${e.length} expected lines, ${a.length} actual; ${onlyE.length} only expected, ${onlyA.length} only actual)`);
  return out.join('\n');
}

/** Lines only upstream has and lines only ours has (sets: the outputs are sorted). */
export function lineDifference(expected: string, actual: string): { onlyExpected: number; onlyActual: number } {
  const e = expected.split('\n');
  const a = actual.split('\n');
  const eSet = new Set(e);
  const aSet = new Set(a);
  return { onlyExpected: e.filter((l) => !aSet.has(l)).length, onlyActual: a.filter((l) => !eSet.has(l)).length };
}

export async function runDir(corpus: string, dir: string): Promise<DirResult> {
  const dirPath = path.join(corpus, 'tests', dir);
  const files = inputFilesOf(dirPath);
  const inputs: InputFile[] = files.map((f) => ({ name: path.relative(dirPath, f), data: readFileSync(f, 'utf8') }));
  // AdminNetworkPolicy/BaselineAdminNetworkPolicy (v1alpha1): no Cilium release reads them, so they
  // apply only in netpol-analyzer's reading (`--tiers-as netpol-analyzer`).
  const settings = inputs.some((i) => typeof i.data === 'string' && ADMIN_KINDS.test(i.data)) ? { tiersAs: 'netpol-analyzer' as const } : {};
  const asUpstream = connlistFromInputs(inputs, { hostNetwork: 'pod', settings });
  const cilium = connlistFromInputs(inputs, { hostNetwork: 'node', settings });
  const cells = {} as Record<ConnlistFormat, CellResult>;
  const ciliumFormats: CiliumDifference[] = [];
  for (const format of connlistFormats) {
    const expectedFile = path.join(corpus, 'test_outputs', 'connlist', `${dir}_connlist_output.${format}`);
    if (!existsSync(expectedFile)) {
      cells[format] = { kind: 'absent' };
      continue;
    }
    const expected = readFileSync(expectedFile, 'utf8');
    const output = formatConnlist(asUpstream.list, format);
    cells[format] = output === expected ? { kind: 'pass' } : { kind: 'fail', diff: compactDiff(expected, output) };
    const ours = formatConnlist(cilium.list, format);
    if (ours !== expected) ciliumFormats.push({ format, ...lineDifference(expected, ours), diff: compactDiff(expected, ours) });
  }
  return {
    dir,
    kind: 'compared',
    cells,
    cilium: ciliumFormats.length === 0 ? { kind: 'same' } : { kind: 'differs', reason: ciliumReason(formatTxt(asUpstream.list), formatTxt(cilium.list), cilium.hostNetworkWorkloads), formats: ciliumFormats },
    notes: cilium.notes,
  };
}

export async function runConformance(corpus = defaultCorpus): Promise<DirResult[]> {
  const testsDir = path.join(corpus, 'tests');
  const dirs = readdirSync(testsDir)
    .filter((d) => statSync(path.join(testsDir, d)).isDirectory())
    .sort();
  const out: DirResult[] = [];
  for (const dir of dirs) out.push(await runDir(corpus, dir));
  return out;
}

const CELL: Record<CellResult['kind'], string> = { pass: 'pass', fail: 'FAIL', absent: '-' };

const lineCount = (d: CiliumDifference): number => d.onlyExpected + d.onlyActual;

/** The table's last column: how the default Cilium output compares with upstream. */
function ciliumCell(c: CiliumComparison): string {
  switch (c.kind) {
    case 'same':
      return 'same';
    case 'differs':
      return `differs: ${c.formats.map((d) => `${d.format} ${lineCount(d)} lines`).join(', ')}`;
    default:
      return assertNever(c, 'Cilium comparison');
  }
}

/**
 * Failed cells (netpol-analyzer's modelling must match upstream exactly). With `strict`, every
 * format whose default Cilium output differs from upstream counts too.
 */
export function failures(results: readonly DirResult[], strict = false): number {
  let n = 0;
  for (const r of results) {
    if (r.kind !== 'compared') continue;
    for (const f of connlistFormats) if (r.cells[f].kind === 'fail') n++;
    if (strict && r.cilium.kind === 'differs') n += r.cilium.formats.length;
  }
  return n;
}

export function renderReport(results: readonly DirResult[], quiet = false, strict = false): string {
  const width = Math.max(...results.map((r) => r.dir.length), 10);
  const lines = [`${'directory'.padEnd(width)}  ${connlistFormats.map((f) => f.padEnd(5)).join(' ')}  default Cilium mode (information)`];
  for (const r of results) {
    if (r.kind === 'skipped') lines.push(`${r.dir.padEnd(width)}  skipped: ${r.reason}`);
    else lines.push(`${r.dir.padEnd(width)}  ${connlistFormats.map((f) => CELL[r.cells[f].kind].padEnd(5)).join(' ')}  ${ciliumCell(r.cilium)}`);
  }
  const compared = results.flatMap((r) => (r.kind === 'compared' ? [r] : []));
  const cells = compared.flatMap((r) => connlistFormats.map((f) => r.cells[f]));
  const count = (k: CellResult['kind']) => cells.filter((c) => c.kind === k).length;
  const differing = compared.filter((r) => r.cilium.kind === 'differs');
  lines.push(
    '',
    `${count('pass')} passed, ${count('fail')} failed (hostNetwork pods as ordinary pods, netpol-analyzer's modelling: --host-network pod), ` +
      `${results.length - compared.length} directories skipped.`,
    `Default Cilium mode (--host-network node): ${differing.length} of ${compared.length} cases differ from netpol-analyzer ` +
      (strict ? '(counted as failures: --strict).' : '(information, not a failure; --strict counts them).'),
  );
  for (const r of compared) {
    for (const f of connlistFormats) {
      const c = r.cells[f];
      if (c.kind === 'fail') lines.push('', `FAIL ${r.dir} (${f}):`, c.diff);
    }
  }
  for (const r of differing) {
    if (r.cilium.kind !== 'differs') continue;
    lines.push('', `info: ${r.dir} in the default Cilium mode:`);
    for (const d of r.cilium.formats) {
      lines.push(`  ${d.format}: ${lineCount(d)} lines differ (${d.onlyExpected} only in upstream's, ${d.onlyActual} only in ours)`);
      if (!quiet) lines.push(d.diff);
    }
    lines.push(`  why: ${r.cilium.reason}`);
  }
  if (!quiet) {
    for (const r of compared) if (r.notes.length > 0) lines.push('', `notes for ${r.dir}:`, ...r.notes.map((n) => `    ${n}`));
  }
  return lines.join('\n') + '\n';
}

async function main(argv: readonly string[]): Promise<number> {
  const quiet = argv.includes('--quiet');
  const strict = argv.includes('--strict');
  const corpusArg = argv.find((a) => !a.startsWith('--'));
  const corpus = corpusArg ? path.resolve(corpusArg) : defaultCorpus;
  if (!existsSync(path.join(corpus, 'tests'))) {
    process.stderr.write(`conformance: no corpus at ${corpus} (expected ${path.join(corpus, 'tests')})\n`);
    return 2;
  }
  const results = await runConformance(corpus);
  process.stdout.write(renderReport(results, quiet, strict));
  return failures(results, strict) > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
