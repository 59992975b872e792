/**
 * The diagnostics panel's order: one group per file, the files with errors first, then those with
 * warnings, then the rest, each in input order; a file's diagnostics by line. A sysdump gives a
 * few notes per archive (what was skipped, a bugtool archive read): listed in input order they
 * filled a laptop's panel and pushed the errors below it.
 */
import { worstSeverity, type Diagnostic, type Severity } from '../../core/model/diagnostic.ts';

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
