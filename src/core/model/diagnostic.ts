/**
 * Errors are values. Every problem found in the user's input becomes a Diagnostic that names
 * where it is (file, document, line, column, field path) and what Cilium would do with it.
 * @public
 */
export type Severity = 'error' | 'warning' | 'info';

/** The worst severity among items (diagnostics, lint findings); null for none. */
export function worstSeverity(items: readonly { readonly severity: Severity }[]): Severity | null {
  if (items.some((d) => d.severity === 'error')) return 'error';
  if (items.some((d) => d.severity === 'warning')) return 'warning';
  return items.length > 0 ? 'info' : null;
}

export interface Diagnostic {
  /** File name as the user gave it (or "<paste>", "<stdin>"). */
  readonly file: string;
  /** 0-based index of the document in the file (YAML document, List item's parent, JSON line); -1 for the whole file. */
  readonly document: number;
  /** 1-based line and column; 0 when unknown. */
  readonly line: number;
  readonly column: number;
  /** Field path inside the document, e.g. `spec.egress[1].toPorts[0].ports[0].port`; '' for the whole document. */
  readonly path: string;
  readonly severity: Severity;
  /** Stable machine-readable class, e.g. `yaml-syntax`, `unknown-kind`, `invalid-port`. */
  readonly code: string;
  /** What is wrong and what Cilium does with it ("Cilium rejects the whole policy", "field ignored"). */
  readonly message: string;
}

/** Where a domain object came from, so panels can point back at the user's input. @public */
export interface SourceRef {
  readonly file: string;
  readonly document: number;
  readonly line: number;
}
