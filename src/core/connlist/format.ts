import { formatPortSet } from '../engine/PortSet.ts';
import type { PortSet } from '../engine/PortSet.ts';
import { compareGo, goCsvField, goJsonString, goQuote } from './goText.ts';
import { peerLabel, peerName } from './peer.ts';
import type { ConnlistPeer } from './peer.ts';
import { assertNever } from '../util/assertNever.ts';

/**
 * netpol-analyzer's five `list` output formats, reproduced byte for byte (trailing newlines
 * included: txt, csv and md end with one, json and dot do not — as upstream's files).
 * @public
 */
export type ConnlistFormat = 'txt' | 'json' | 'csv' | 'md' | 'dot';
export const connlistFormats: readonly ConnlistFormat[] = ['txt', 'json', 'csv', 'md', 'dot'];

export function isConnlistFormat(s: string): s is ConnlistFormat {
  return (connlistFormats as readonly string[]).includes(s);
}

/**
 * One allowed connection: a pair with at least one allowed TCP, UDP or SCTP port. ICMP in
 * `conns` is ignored by every format (netpol-analyzer has no ICMP).
 */
export interface Connection {
  readonly src: ConnlistPeer;
  readonly dst: ConnlistPeer;
  readonly conns: PortSet;
}

/** `All Connections`, or `TCP 1-8079,8081-65535`-style groups (upstream's `ConnectionSet.String()`). */
export function connString(conns: PortSet): string {
  return formatPortSet(conns, { ignoreIcmp: true });
}

export interface Connlist {
  readonly connections: readonly Connection[];
  /** Every workload of the analysed cluster (dot draws them even without connections). */
  readonly workloads: readonly ConnlistPeer[];
}

interface Row {
  readonly src: string;
  readonly dst: string;
  readonly conn: string;
}

/** Rows sorted by source then destination name, as upstream's `sortConnFields`. */
export function connlistRows(list: Connlist): Row[] {
  return list.connections
    .map((c) => ({ src: peerName(c.src), dst: peerName(c.dst), conn: connString(c.conns) }))
    .sort((a, b) => compareGo(a.src, b.src) || compareGo(a.dst, b.dst));
}

export function formatTxt(list: Connlist): string {
  return connlistRows(list)
    .map((r) => `${r.src} => ${r.dst} : ${r.conn}\n`)
    .join('');
}

/** `json.MarshalIndent(rows, "", "  ")`. */
export function formatJson(list: Connlist): string {
  const rows = connlistRows(list);
  if (rows.length === 0) return '[]';
  const items = rows.map(
    (r) =>
      `  {\n    "src": ${goJsonString(r.src)},\n    "dst": ${goJsonString(r.dst)},\n    "conn": ${goJsonString(r.conn)}\n  }`,
  );
  return `[\n${items.join(',\n')}\n]`;
}

export function formatCsv(list: Connlist): string {
  const lines = [['src', 'dst', 'conn'], ...connlistRows(list).map((r) => [r.src, r.dst, r.conn])];
  return lines.map((fields) => fields.map(goCsvField).join(',') + '\n').join('');
}

export function formatMd(list: Connlist): string {
  const lines = ['| src | dst | conn |', '|-----|-----|------|', ...connlistRows(list).map((r) => `| ${r.src} | ${r.dst} | ${r.conn} |`)];
  return lines.join('\n') + '\n';
}

const dotNodeLine = (p: ConnlistPeer, color: string): string =>
  `${goQuote(peerName(p))} [label=${goQuote(peerLabel(p))} color=${goQuote(color)} fontcolor=${goQuote(color)}]`;

/**
 * Graphviz digraph: one subgraph per namespace holding its workloads (every workload of the
 * cluster, connected or not), then the peers outside namespaces, then the edges; each group
 * sorted as whole lines. Edge weight is 0.5 when src ≤ dst by name, else 1 (upstream's
 * `GetEdgeLine`), which keeps opposite edges of a pair from pulling the layout twice.
 */
export function formatDot(list: Connlist): string {
  const byNamespace = new Map<string, string[]>();
  const outside: string[] = [];
  const seen = new Set<string>();
  const addPeer = (p: ConnlistPeer): void => {
    const name = peerName(p);
    if (seen.has(name)) return;
    seen.add(name);
    switch (p.kind) {
      case 'workload': {
        const lines = byNamespace.get(p.namespace) ?? [];
        lines.push(`\t\t${dotNodeLine(p, 'blue')}`);
        byNamespace.set(p.namespace, lines);
        return;
      }
      case 'external':
        outside.push(`\t${dotNodeLine(p, 'red2')}`);
        return;
      case 'ingress-controller':
        outside.push(`\t${dotNodeLine(p, 'blue')}`);
        return;
      default:
        assertNever(p, 'connlist peer');
    }
  };
  const edges: string[] = [];
  for (const c of list.connections) {
    const src = peerName(c.src);
    const dst = peerName(c.dst);
    const weight = compareGo(src, dst) <= 0 ? '0.5' : '1';
    edges.push(`\t${goQuote(src)} -> ${goQuote(dst)} [label=${goQuote(connString(c.conns))} color="gold2" fontcolor="darkgreen" weight=${weight}]`);
    addPeer(c.src);
    addPeer(c.dst);
  }
  for (const w of list.workloads) if (w.kind === 'workload') addPeer(w);

  const lines = ['digraph {'];
  for (const ns of [...byNamespace.keys()].sort(compareGo)) {
    const group = `${ns}[namespace]`;
    lines.push(`\tsubgraph ${goQuote(`cluster_${group}`)} {`, '\t\tcolor="black"', '\t\tfontcolor="black"');
    lines.push(...(byNamespace.get(ns) ?? []).sort(compareGo));
    lines.push(`\t\tlabel=${goQuote(group)}`, '\t}');
  }
  lines.push(...outside.sort(compareGo), ...edges.sort(compareGo), '}');
  return lines.join('\n');
}

export function formatConnlist(list: Connlist, format: ConnlistFormat): string {
  switch (format) {
    case 'txt':
      return formatTxt(list);
    case 'json':
      return formatJson(list);
    case 'csv':
      return formatCsv(list);
    case 'md':
      return formatMd(list);
    case 'dot':
      return formatDot(list);
    default:
      return assertNever(format, 'connlist format');
  }
}
