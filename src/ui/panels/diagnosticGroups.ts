/**
 * The diagnostics panel's order: one group per file, the files with errors first, then those with
 * warnings, then the rest, each in input order; a file's diagnostics by line. A sysdump gives a
 * few notes per archive (what was skipped, a bugtool archive read): listed in input order they
 * filled a laptop's panel and pushed the errors below it.
 */
import { worstSeverity, type Diagnostic, type Severity, type SourceRef } from '../../core/model/diagnostic.ts';

export interface FileGroup {
  readonly file: string;
  readonly items: readonly Diagnostic[];
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** `files`: the loaded files' names in input order (files named only by a diagnostic follow). */
export function groupByFile(files: readonly string[], diagnostics: readonly Diagnostic[]): FileGroup[] {
  const groups = new Map<string, Diagnostic[]>();
  for (const f of files) groups.set(f, []);
  for (const d of diagnostics) {
    const list = groups.get(d.file);
    if (list) list.push(d);
    else groups.set(d.file, [d]);
  }
  return [...groups.entries()]
    .filter(([, items]) => items.length > 0)
    .map(([file, items], order) => ({ file, items: items.sort((a, b) => a.line - b.line || a.column - b.column), order, rank: RANK[worstSeverity(items) ?? 'info'] }))
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map(({ file, items }) => ({ file, items }));
}

/**
 * Where a diagnostic is: `document 2, line 27, column 9`. The document is named when its file holds
 * several (`documents`, from the file's source summary): a policy rejected in a multi-document file
 * is found by it as `inspect --json` names it.
 */
export function diagnosticLocation(d: Diagnostic, documents: number | undefined): string {
  if (d.line <= 0) return d.document >= 0 ? `document ${d.document + 1}` : 'whole file';
  const at = d.column > 0 ? `line ${d.line}, column ${d.column}` : `line ${d.line}`;
  return documents !== undefined && documents > 1 && d.document >= 0 ? `document ${d.document + 1}, ${at}` : at;
}

/** The policies by file and document, for policyOfDiagnostic (built once per load, not per diagnostic). */
export function policiesByDocument<P extends { readonly source: SourceRef }>(policies: readonly P[]): ReadonlyMap<string, readonly P[]> {
  const out = new Map<string, P[]>();
  for (const p of policies) {
    const key = `${p.source.document}\u0000${p.source.file}`;
    const list = out.get(key);
    if (list) list.push(p);
    else out.set(key, [p]);
  }
  return out;
}

/**
 * The loaded policy a diagnostic is in, for its "Open policy": of the policies of its file and
 * document, the last whose first line is at or before the diagnostic's (a List holds several in
 * one document). None for a diagnostic of a whole file, or of a document no loaded policy
 * comes from (a policy rejected whole is not loaded; its excerpt shows its lines).
 */
export function policyOfDiagnostic<P extends { readonly source: SourceRef }>(byDocument: ReadonlyMap<string, readonly P[]>, d: Diagnostic): P | null {
  let best: P | null = null;
  for (const p of byDocument.get(`${d.document}\u0000${d.file}`) ?? []) {
    if (d.line > 0 && p.source.line > d.line) continue;
    if (best === null || p.source.line > best.source.line) best = p;
  }
  return best;
}
