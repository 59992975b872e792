import type { SourceSummary } from '../../core/model/cluster.ts';
import type { LoadedData, LoadedFile } from '../../workers/protocol.ts';
import { formatBytes, plural } from '../state/summary.ts';

interface SourceRow {
  readonly name: string;
  readonly file: LoadedFile | null;
  readonly summary: SourceSummary | null;
  readonly diagnostics: number;
  readonly errors: number;
  /** The name to show: an archive member by its own file name (the full path is the tooltip). */
  readonly shown: string;
  /** For an archive: how many of its members were read. */
  readonly members: number;
}

/** Files in the order given, with the loader's summary of each (files it never mentions included). */
export function sourceRows(data: LoadedData): SourceRow[] {
  const summaries = new Map(data.cluster.sources.map((s) => [s.file, s]));
  const diagnostics = new Map<string, number>();
  const errors = new Map<string, number>();
  for (const d of data.diagnostics) {
    diagnostics.set(d.file, (diagnostics.get(d.file) ?? 0) + 1);
    if (d.severity === 'error') errors.set(d.file, (errors.get(d.file) ?? 0) + 1);
  }
  const names = [...new Set([...data.files.map((f) => f.name), ...summaries.keys()])];
  const archives = new Set(data.files.map((f) => f.name));
  const memberOf = (name: string): string | null => [...archives].find((a) => name.startsWith(`${a}/`)) ?? null;
  return names.map((name) => ({
    name,
    shown: memberOf(name) !== null ? `${name.slice(name.lastIndexOf('/') + 1)}` : name,
    members: names.filter((n) => n.startsWith(`${name}/`)).length,
    file: data.files.find((f) => f.name === name) ?? null,
    summary: summaries.get(name) ?? null,
    diagnostics: diagnostics.get(name) ?? 0,
    errors: errors.get(name) ?? 0,
  }));
}

const sortedCounts = (counts: Readonly<Record<string, number>>): [string, number][] =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

/** Every loaded file: size, documents, objects by kind, and what was skipped. */
export function SourcesPanel({ data }: { readonly data: LoadedData | null }) {
  const rows = data ? sourceRows(data) : [];
  return (
    <section className="panel sources" aria-labelledby="sources-title" data-testid="sources-panel" tabIndex={0}>
      <h2 id="sources-title" className="panel-title">
        Sources{' '}
        <span className="panel-count" title="Time to read and parse">
          {data ? `${plural(rows.length, 'file')} · ${data.durationMs.toLocaleString('en-US')} ms` : ''}
        </span>
      </h2>
      {rows.length === 0 ? (
        <p className="empty">No files loaded.</p>
      ) : (
        <ul className="source-list">
          {rows.map((row) => {
            const counts = row.summary ? sortedCounts(row.summary.counts) : [];
            const skipped = row.summary ? sortedCounts(row.summary.skipped) : [];
            return (
              <li key={row.name} className="source" data-testid="source-item">
                <div className="source-head">
                  {/* A file in a folder: the folder gives way (ellipsis) before the file's own name does. */}
                  <span className="source-name" title={row.name}>
                    {row.shown.includes('/') ? <span className="source-dir">{row.shown.slice(0, row.shown.lastIndexOf('/') + 1)}</span> : null}
                    <span className="source-base">{row.shown.slice(row.shown.lastIndexOf('/') + 1)}</span>
                  </span>
                  {row.diagnostics > 0 ? (
                    <span className={row.errors > 0 ? 'source-diag has-errors' : 'source-diag'} title="Diagnostics in this file">
                      {row.errors === 0
                        ? plural(row.diagnostics, 'diagnostic')
                        : `${plural(row.errors, 'error')}${row.diagnostics > row.errors ? ` + ${row.diagnostics - row.errors} more` : ''}`}
                    </span>
                  ) : null}
                </div>
                <div className="source-meta">
                  {row.file ? formatBytes(row.file.bytes) : row.summary ? formatBytes(row.summary.bytes) : ''}
                  {row.file?.gzip ? ` · gzip, ${formatBytes(row.file.decodedBytes)} unpacked` : ''}
                  {row.summary ? ` · ${plural(row.summary.documents, 'document')}` : ''}
                </div>
                {counts.length > 0 || skipped.length > 0 ? (
                  <ul className="kinds" aria-label={`Contents of ${row.name}`}>
                    {counts.map(([kind, n]) => (
                      <li key={kind} className="kind">
                        <span className="kind-name">{kind}</span> <span className="kind-n">{n.toLocaleString('en-US')}</span>
                      </li>
                    ))}
                    {skipped.map(([kind, n]) => (
                      <li key={`skipped-${kind}`} className="kind skipped" data-testid="source-skipped">
                        <span className="kind-name">{kind}</span> <span className="kind-n">{n.toLocaleString('en-US')} skipped</span>
                      </li>
                    ))}
                  </ul>
                ) : row.members > 0 ? (
                  <p className="source-meta" data-testid="source-archive">
                    Archive: {plural(row.members, 'file')} read (listed below)
                  </p>
                ) : (
                  <p className="source-nothing">Nothing usable was found in this file.</p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
