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
