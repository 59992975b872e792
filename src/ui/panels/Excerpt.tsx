import { Fragment } from 'react';
import { CONTEXT_LINES } from '../../workers/excerpts.ts';

interface ExcerptProps {
  readonly file: string;
  readonly lines: ReadonlyMap<number, string> | undefined;
  readonly line: number;
  readonly column: number;
}

/** The offending input lines, as text, with line numbers; the diagnostic's line is marked. */
export function Excerpt({ file, lines, line, column }: ExcerptProps) {
  if (!lines || line <= 0) return null;
  const rows: { n: number; text: string }[] = [];
  for (let n = Math.max(1, line - CONTEXT_LINES); n <= line + CONTEXT_LINES; n++) {
    const text = lines.get(n);
    if (text !== undefined) rows.push({ n, text });
  }
  if (rows.length === 0) return null;
  const width = String(rows[rows.length - 1]?.n ?? line).length;
  const target = lines.get(line);
  const showCaret = column > 0 && target !== undefined && column <= target.length + 1;
  return (
    <pre className="excerpt" data-file={file}>
      {rows.map(({ n, text }) => (
        <Fragment key={n}>
          <span className={n === line ? 'xl hl' : 'xl'} data-line={n} data-testid={n === line ? 'excerpt-line' : undefined}>
            <span className="xl-mark" aria-hidden="true">
              {n === line ? '>' : ' '}
            </span>
            <span className="xl-n">{String(n).padStart(width, ' ')}</span>
            <span className="xl-text">{text === '' ? ' ' : text}</span>
            {n === line ? <span className="visually-hidden"> (line {n}: the problem is here)</span> : null}
          </span>
          {n === line && showCaret ? (
            <span className="xl caret" aria-hidden="true">
              <span className="xl-mark"> </span>
              <span className="xl-n">{' '.repeat(width)}</span>
              <span className="xl-text">{`${' '.repeat(column - 1)}^`}</span>
            </span>
          ) : null}
        </Fragment>
      ))}
    </pre>
  );
}
