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
 * Lines are cut to a bounded length and matched by patterns without nested repetition: linear in
 * the text.
 * @internal
 */

const MAX_LINE = 4096;
const HEADER = /^ID {2,}LABELS(?: {2,}REFCOUNT)?\s*$/;
/** A row: the number, spaces, a label, and the refcount when listed with --endpoints. */
const ROW = /^(\d{1,10}) +(\S+)(?: +\d+)?\s*$/;
const MORE = /^ +(\S+)\s*$/;

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
