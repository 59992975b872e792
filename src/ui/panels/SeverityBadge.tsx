import type { Severity } from '../../core/model/diagnostic.ts';

const LABEL: Record<Severity, string> = { error: 'Error', warning: 'Warning', info: 'Info' };

/** Severity as icon shape and word, never colour alone. */
export function SeverityBadge({ severity }: { readonly severity: Severity }) {
  return (
    <span className={`sev sev-${severity}`}>
      <svg viewBox="0 0 12 12" aria-hidden="true" focusable="false" className="sev-icon">
        {severity === 'error' ? (
          <>
            <circle cx="6" cy="6" r="5.5" />
            <path d="M4 4l4 4M8 4 4 8" className="glyph" />
          </>
        ) : severity === 'warning' ? (
          <>
            <path d="M6 .8 11.5 11H.5Z" />
            <path d="M6 4.5v3M6 9v.5" className="glyph" />
          </>
        ) : (
          <>
            <circle cx="6" cy="6" r="5.5" />
            <path d="M6 5.5v3.5M6 3v.5" className="glyph" />
          </>
        )}
      </svg>
      {LABEL[severity]}
    </span>
  );
}
