import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fullPortSet, portRange, union, emptyPortSet, allPortsOf, l4Protocols } from '../engine/PortSet.ts';
import type { PortSet } from '../engine/PortSet.ts';
import { connString, formatConnlist, formatCsv, formatDot, formatJson, formatMd, formatTxt, isConnlistFormat } from './format.ts';
import type { Connection, Connlist } from './format.ts';
import { workloadPeer } from './peer.ts';
import type { ConnlistPeer } from './peer.ts';
import { npguardDir } from '../../../test/paths.ts';

const front = workloadPeer({ namespace: 'default', name: 'frontend', kind: 'Deployment' });
const back = workloadPeer({ namespace: 'default', name: 'backend', kind: 'Deployment' });
const world: ConnlistPeer = { kind: 'external', start: 0, end: 0xffffffff };
const tcp = (p: number) => portRange('TCP', p);

// Deliberately unsorted: the formatters sort.
const minimal: Connlist = {
  connections: [
    { src: front, dst: back, conns: tcp(9090) },
    { src: world, dst: front, conns: tcp(8080) },
    { src: front, dst: world, conns: portRange('UDP', 53) },
  ],
  workloads: [back, front],
};

describe('connlist formats (hand-made input)', () => {
  it('txt: sorted `src => dst : conns` lines, each ending in a newline', () => {
    expect(formatTxt(minimal)).toBe(
      '0.0.0.0-255.255.255.255[External] => default/frontend[Deployment] : TCP 8080\n' +
        'default/frontend[Deployment] => 0.0.0.0-255.255.255.255[External] : UDP 53\n' +
        'default/frontend[Deployment] => default/backend[Deployment] : TCP 9090\n',
    );
    expect(formatTxt({ connections: [], workloads: [] })).toBe('');
  });

  it('json: indented array without a trailing newline; [] when empty', () => {
    const out = formatJson(minimal);
    expect(JSON.parse(out)).toEqual([
      { src: '0.0.0.0-255.255.255.255[External]', dst: 'default/frontend[Deployment]', conn: 'TCP 8080' },
      { src: 'default/frontend[Deployment]', dst: '0.0.0.0-255.255.255.255[External]', conn: 'UDP 53' },
      { src: 'default/frontend[Deployment]', dst: 'default/backend[Deployment]', conn: 'TCP 9090' },
    ]);
    expect(out.startsWith('[\n  {\n    "src": ')).toBe(true);
    expect(out.endsWith('\n  }\n]')).toBe(true);
    expect(formatJson({ connections: [], workloads: [] })).toBe('[]');
  });

  it('csv: header, quoting of multi-protocol port sets', () => {
    const list: Connlist = { connections: [{ src: front, dst: back, conns: union(tcp(80), portRange('UDP', 80)) }], workloads: [] };
    expect(formatCsv(list)).toBe('src,dst,conn\ndefault/frontend[Deployment],default/backend[Deployment],"TCP 80,UDP 80"\n');
  });

  it('md: table header and rows', () => {
    expect(formatMd({ connections: [{ src: front, dst: back, conns: allPortsOf(l4Protocols) }], workloads: [] })).toBe(
      '| src | dst | conn |\n|-----|-----|------|\n| default/frontend[Deployment] | default/backend[Deployment] | All Connections |\n',
    );
  });

  it('dot: namespaces as subgraphs, unconnected workloads drawn, edge weights by name order', () => {
    const lonely = workloadPeer({ namespace: 'other', name: 'idle', kind: 'Pod' });
    const out = formatDot({ ...minimal, workloads: [back, front, lonely] });
    const lines = out.split('\n');
    expect(lines[0]).toBe('digraph {');
    expect(lines).toContain('\tsubgraph "cluster_other[namespace]" {');
    expect(lines).toContain('\t\t"other/idle[Pod]" [label="idle[Pod]" color="blue" fontcolor="blue"]');
    expect(lines).toContain('\t"0.0.0.0-255.255.255.255[External]" [label="0.0.0.0-255.255.255.255[External]" color="red2" fontcolor="red2"]');
    expect(lines).toContain('\t"default/frontend[Deployment]" -> "default/backend[Deployment]" [label="TCP 9090" color="gold2" fontcolor="darkgreen" weight=1]');
    expect(lines).toContain('\t"0.0.0.0-255.255.255.255[External]" -> "default/frontend[Deployment]" [label="TCP 8080" color="gold2" fontcolor="darkgreen" weight=0.5]');
    expect(out.endsWith('\n}')).toBe(true);
  });

  it('prints port sets as upstream, ignoring ICMP', () => {
    expect(connString(fullPortSet)).toBe('All Connections');
    expect(connString(allPortsOf(l4Protocols))).toBe('All Connections');
    expect(connString(union(portRange('TCP', 1, 8079), portRange('TCP', 8081, 65535)))).toBe('TCP 1-8079,8081-65535');
    expect(connString(union(portRange('UDP', 10053), tcp(10053)))).toBe('TCP 10053,UDP 10053');
    expect(connString(union(allPortsOf(['SCTP', 'TCP']), union(portRange('UDP', 1, 79), portRange('UDP', 81, 65535))))).toBe(
      'SCTP 1-65535,TCP 1-65535,UDP 1-79,81-65535',
    );
  });

  it('validates format names', () => {
    expect(isConnlistFormat('md')).toBe(true);
    expect(isConnlistFormat('svg')).toBe(false);
  });
});

// Round trip through upstream's own expected files: parse each txt oracle back into a Connlist
// and check that every other format upstream recorded for that directory comes out byte-identical.
// This pins the formatters independently of the engine.
const corpus = path.join(npguardDir, 'test_outputs/connlist');

function parsePeer(s: string): ConnlistPeer {
  if (s === '{ingress-controller}') return { kind: 'ingress-controller' };
  const ext = /^(\d+)\.(\d+)\.(\d+)\.(\d+)-(\d+)\.(\d+)\.(\d+)\.(\d+)\[External\]$/.exec(s);
  if (ext) {
    const n = ext.slice(1).map(Number);
    const ip = (a: number[]) => ((a[0] ?? 0) * 2 ** 24 + (a[1] ?? 0) * 2 ** 16 + (a[2] ?? 0) * 2 ** 8 + (a[3] ?? 0));
    return { kind: 'external', start: ip(n.slice(0, 4)), end: ip(n.slice(4)) };
  }
  const wl = /^([^/]+)\/(.+)\[(\w+)\]$/.exec(s);
  if (!wl) throw new Error(`unparsable peer ${s}`);
  return workloadPeer({ namespace: wl[1] as string, name: wl[2] as string, kind: wl[3] as 'Pod' });
}

function parseConns(s: string): PortSet {
  if (s === 'All Connections') return fullPortSet;
  let out = emptyPortSet;
  let proto: 'SCTP' | 'TCP' | 'UDP' = 'TCP';
  for (const tok of s.split(',')) {
    const m = /^(SCTP|TCP|UDP) (.*)$/.exec(tok);
    let ports = tok;
    if (m) {
      proto = m[1] as typeof proto;
      ports = m[2] as string;
    }
    const [lo, hi] = ports.split('-').map(Number);
    out = union(out, portRange(proto, lo as number, hi ?? (lo as number)));
  }
  return out;
}

function parseTxt(txt: string): Connection[] {
  return txt
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const m = /^(.+) => (.+) : (.+)$/.exec(l);
      if (!m) throw new Error(`unparsable line ${l}`);
      return { src: parsePeer(m[1] as string), dst: parsePeer(m[2] as string), conns: parseConns(m[3] as string) };
    });
}

describe('connlist formats reproduce upstream expected files', () => {
  const txtFiles = readdirSync(corpus).filter((f) => f.endsWith('_connlist_output.txt'));
  it('finds the expected files of every copied upstream directory', () => {
    expect(txtFiles).toHaveLength(17);
  });
  for (const txtFile of txtFiles) {
    const dir = txtFile.replace(/_connlist_output\.txt$/, '');
    it(dir, () => {
      const txt = readFileSync(path.join(corpus, txtFile), 'utf8');
      const dotFile = path.join(corpus, `${dir}_connlist_output.dot`);
      // Only the dot file knows the workloads without connections.
      const workloads = existsSync(dotFile)
        ? [...readFileSync(dotFile, 'utf8').matchAll(/^\t\t"([^"]+)" \[label=/gm)].map((m) => parsePeer(m[1] as string))
        : [];
      const list: Connlist = { connections: parseTxt(txt), workloads };
      expect(formatConnlist(list, 'txt')).toBe(txt);
      for (const fmt of ['json', 'csv', 'md', 'dot'] as const) {
        const file = path.join(corpus, `${dir}_connlist_output.${fmt}`);
        if (existsSync(file)) expect(formatConnlist(list, fmt), fmt).toBe(readFileSync(file, 'utf8'));
      }
    });
  }
});
