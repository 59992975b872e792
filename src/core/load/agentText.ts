import type { Diagnostic } from '../model/diagnostic.ts';
import { lineDiagnostic } from './diagnostics.ts';
import { EmbeddedDocument } from './agentOutputs.ts';
import type { SourceDocument } from './sourceDocument.ts';

/**
 * The Cilium agent's outputs for people that carry what netpol-viz uses, read as documents of the
 * shape their `-o json` twin has, so the loader reads both alike. A rare reader (rareReaders.ts).
 *
 * `cilium-dbg identity list` (cilium/cilium cilium-dbg/cmd/identity_list.go printIdentities, a
 * tabwriter with padding 3): an `ID   LABELS` header, then each identity's number with its first
 * label, its other labels alone on the lines below (`labels.GetPrintableModel`: `source:key=value`,
 * sorted). bugtool saves it as `cmd/cilium-dbg-identity-list.md` (`cilium-identity-list.md` before
 * 1.15); `--endpoints` adds a REFCOUNT column. Each document is `{id, labels}` as models.Identity
 * has them (`cilium-dbg identity list -o json`).
 *
 * `cilium-dbg ip list -n` (cilium-dbg/cmd/ip_list.go printIPcacheEntries, a tabwriter with
 * minwidth 5 and padding 3): an `IP   IDENTITY   SOURCE` header (`-v` adds `HOST   ENCRYPT_KEY`),
 * then one row per entry: the prefix, the identity number (`-n`), where the agent learnt it
 * (models.IPListEntryMetadata `source`, empty when none). Each document is the entry as
 * `cilium-dbg ip list -n -o json` has it (models.IPListEntry `{cidr, identity, metadata: {source},
 * hostIP}`), without the pod (the text does not print it). Without `-n` the identity column holds
 * labels, not numbers: not read, and said once.
 *
 * `cilium-dbg bpf ipcache list` (`cilium bpf ipcache list` before 1.15; cilium/cilium
 * cilium-dbg/cmd/bpf_ipcache_list.go at 08f0582558145ee64c65d0c49d9428b5ac59375b, printed by
 * cilium-dbg/cmd/helpers.go TablePrinter at 00f6b4777dccba2d64b5d628309a82effef3d5f7: a tabwriter with
 * minwidth 5 and padding 3, an `IP PREFIX/ADDRESS   IDENTITY` header, then one row per BPF map key in
 * Go's map order): the datapath's copy of the ipcache. The key is the prefix (pkg/maps/ipcache
 * ipcache.go Key.String at 0141cb1c42e3e2bde5f70f8ca1bea8ac9866eac4: `<unknown>` for a key of no
 * address family, `prefix@<cluster id>` for a ClusterMesh cluster's own, pkg/clustermesh/types
 * PrefixCluster.String); the value RemoteEndpointInfo.String, `identity=N encryptkey=K
 * tunnelendpoint=IP` and, by release, `flags=…` (1.15 and later), `nodeid=N` or `vtepmac=…` before.
 * Each document is an IPListEntry as above (`hostIP`: the tunnel endpoint, none when 0.0.0.0 or ::)
 * marked `datapath` (AgentIpcacheEntry origin `cilium-dbg bpf ipcache list`). A cluster-keyed
 * prefix is not read (an address alone, as flows give it, cannot tell it from the local cluster's),
 * said once; `No entries found.` (the command's whole output for an empty map) is said too.
 *
 * Lines are cut to a bounded length and matched by patterns without nested repetition: linear in
 * the text.
 * @internal
 */

const MAX_LINE = 4096;
const HEADER = /^ID {2,}LABELS(?: {2,}REFCOUNT)?\s*$/;
/** A row: the number, spaces, a label, and the refcount when listed with --endpoints. */
const ROW = /^(\d{1,10}) +(\S+)(?: +\d+)?\s*$/;
const MORE = /^ +(\S+)\s*$/;
/** `cilium-dbg ip list` (`-v`: HOST and ENCRYPT_KEY too); the columns are where the header's titles start. */
const IP_HEADER = /^IP {3,}IDENTITY {3,}SOURCE(?: {3,}HOST {3,}ENCRYPT_KEY)? *$/;
/** `cilium-dbg bpf ipcache list`; older releases padded the last title too. */
const BPF_HEADER = /^IP PREFIX\/ADDRESS {3,}IDENTITY *$/;
/** A key: the prefix, and the cluster ID of a ClusterMesh cluster's own entry. */
const BPF_KEY = /^(\S+?)(?:@(\d{1,5}))?$/;

export interface AgentTextRead {
  readonly documents: readonly SourceDocument[];
  readonly diagnostics: readonly Diagnostic[];
}

/** The documents of an identity list; null when the text is not one (its first line is not the header). */
export function agentTextDocuments(file: string, text: string): AgentTextRead | null {
  let pos = 0;
  let lineNo = 0;
  const next = (): string | null => {
    if (pos >= text.length) return null;
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(pos, Math.min(end, pos + MAX_LINE)).replace(/\r$/, '');
    pos = end + 1;
    lineNo++;
    return line;
  };
  let header: string | null = next();
  while (header !== null && header.trim() === '') header = next();
  if (header !== null && IP_HEADER.test(header)) return ipListDocuments(file, header, next, () => lineNo);
  if (header !== null && BPF_HEADER.test(header)) return bpfIpcacheDocuments(file, next, () => lineNo);
  if (header === 'No entries found.' && /bpf-ipcache-list/.test(file)) {
    const message = "The agent's datapath ipcache (`cilium-dbg bpf ipcache list`) printed `No entries found.`: the map was empty or, on Linux 4.11 to 4.15, could not be listed. Nothing here to read.";
    return { documents: [], diagnostics: [lineDiagnostic(file, -1, lineNo, 1, 'info', 'agent-ipcache-empty', message)] };
  }
  if (header === null || !HEADER.test(header)) return null;
  const rows: { id: number; labels: string[]; line: number }[] = [];
  const diagnostics: Diagnostic[] = [];
  for (let line = next(); line !== null; line = next()) {
    if (line.trim() === '') continue;
    const row = ROW.exec(line);
    if (row) {
      rows.push({ id: Number(row[1]), labels: [row[2] as string], line: lineNo });
      continue;
    }
    const more = MORE.exec(line);
    const last = rows[rows.length - 1];
    if (more && last) {
      last.labels.push(more[1] as string);
      continue;
    }
    diagnostics.push(lineDiagnostic(file, -1, lineNo, 1, 'warning', 'agent-identity-unreadable', `This line of \`cilium-dbg identity list\` is neither an identity (its number and first label) nor a further label of the one above: skipped. The identities beside it are read.`));
  }
  const documents = rows.map((r, i) => new EmbeddedDocument(file, i, '', { id: r.id, labels: r.labels }, { line: r.line, column: 1 }));
  return { documents, diagnostics };
}

/** The cell of `line` that starts at `from` and ends before `to` (undefined: the end of the line), trimmed. */
function cell(line: string, from: number, to: number | undefined): string {
  return line.slice(from, to).trim();
}

/**
 * The entries of `cilium-dbg ip list -n` (see above), cut at the header's column starts (a
 * tabwriter aligns every row's cells with the titles; an empty cell is spaces).
 */
function ipListDocuments(file: string, header: string, next: () => string | null, lineNo: () => number): AgentTextRead {
  const titles = ['IP', 'IDENTITY', 'SOURCE', 'HOST', 'ENCRYPT_KEY'].map((t) => header.indexOf(t)).filter((i) => i >= 0);
  const [ip = 0, identity = 0, source = 0, host] = titles;
  const documents: SourceDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  let labelled = 0;
  let firstLabelled = 0;
  for (let line = next(); line !== null; line = next()) {
    if (line.trim() === '') continue;
    const cidr = cell(line, ip, identity);
    const id = cell(line, identity, source);
    if (cidr === '' || !/^\d{1,10}$/.test(id)) {
      // Without -n: the identity's labels, one per line under the row's first.
      if (labelled++ === 0) firstLabelled = lineNo();
      continue;
    }
    const learnt = cell(line, source, host);
    const hostIP = host === undefined ? '' : cell(line, host, titles[4]);
    const value = { cidr, identity: Number(id), metadata: learnt === '' ? {} : { source: learnt }, ...(hostIP === '' ? {} : { hostIP }) };
    documents.push(new EmbeddedDocument(file, documents.length, '', value, { line: lineNo(), column: 1 }));
  }
  if (labelled > 0) {
    diagnostics.push(lineDiagnostic(file, -1, firstLabelled, 1, 'warning', 'agent-ipcache-text-labels', `${labelled === 1 ? 'A line' : `${labelled} lines`} of this \`cilium-dbg ip list\` give${labelled === 1 ? 's' : ''} an identity by its labels, not its number (the list was printed without -n): not read, so those addresses name no identity here. \`cilium-dbg ip list -n\` (or \`-n -o json\`) prints the numbers.`));
  }
  return { documents, diagnostics };
}

/** A tunnel endpoint as the value prints it; null for none (the unspecified address). */
function tunnelEndpoint(text: string | undefined): string | null {
  return text === undefined || text === '0.0.0.0' || text === '::' || text === '<nil>' ? null : text;
}

/**
 * The rows of `cilium-dbg bpf ipcache list` (see above) as documents: the key, then the value's
 * `name=value` fields. A row whose identity is missing or not a number is a document all the same,
 * so the loader says it at its field (agent-ipcache-entry-unreadable).
 */
function bpfIpcacheDocuments(file: string, next: () => string | null, lineNo: () => number): AgentTextRead {
  const documents: SourceDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  const keyed: { key: string; line: number }[] = [];
  for (let line = next(); line !== null; line = next()) {
    if (line.trim() === '') continue;
    if (/^\s/.test(line)) {
      // TablePrinter's further value of the key above: the ipcache has one per key.
      diagnostics.push(lineDiagnostic(file, -1, lineNo(), 1, 'warning', 'agent-ipcache-text-unreadable', 'This line of `cilium-dbg bpf ipcache list` has a value but no prefix (a second value of the row above, which the ipcache never has): skipped. The rows beside it are read.'));
      continue;
    }
    const text = line.trim();
    const space = text.search(/\s/);
    const rawKey = space < 0 ? text : text.slice(0, space);
    const key = BPF_KEY.exec(rawKey);
    if (key?.[2] !== undefined && key[2] !== '0') {
      keyed.push({ key: rawKey, line: lineNo() });
      continue;
    }
    const fields = new Map<string, string>();
    for (const f of (space < 0 ? '' : text.slice(space)).trim().split(/\s+/)) {
      const eq = f.indexOf('=');
      if (eq > 0) fields.set(f.slice(0, eq), f.slice(eq + 1));
    }
    const id = fields.get('identity');
    const key2 = fields.get('encryptkey');
    const hostIP = tunnelEndpoint(fields.get('tunnelendpoint'));
    const value = {
      cidr: key?.[1] ?? rawKey,
      identity: id !== undefined && /^\d{1,10}$/.test(id) ? Number(id) : (id ?? null),
      ...(key2 !== undefined && /^\d{1,3}$/.test(key2) ? { encryptKey: Number(key2) } : {}),
      ...(hostIP === null ? {} : { hostIP }),
      datapath: true,
    };
    documents.push(new EmbeddedDocument(file, documents.length, '', value, { line: lineNo(), column: 1 }));
  }
  const first = keyed[0];
  if (first !== undefined) {
    const shown = keyed.slice(0, 3).map((k) => k.key).join(', ');
    diagnostics.push(
      lineDiagnostic(file, -1, first.line, 1, 'info', 'agent-ipcache-cluster-keyed', `${keyed.length === 1 ? 'One prefix' : `${keyed.length} prefixes`} of this \`bpf ipcache list\` ${keyed.length === 1 ? 'is' : 'are'} keyed by a ClusterMesh cluster's ID (${shown}${keyed.length > 3 ? ', …' : ''}: clusters whose pod addresses overlap): an address alone, as flows and path queries give it, cannot tell ${keyed.length === 1 ? 'it' : 'them'} from the local cluster's, so ${keyed.length === 1 ? 'it is' : 'they are'} not read.`),
    );
  }
  return { documents, diagnostics };
}
