/**
 * What a what-if changes, as text: the observed connections whose verdict flips (the ones an
 * incident would be about) and every path whose allowed ports change, grouped like the CLI's
 * `netpol-viz diff` (same source, same change), with the rules deciding a sample port before and
 * after.
 */
import { memo, useMemo, useState } from 'react';
import { decisionText, groupChanges } from '../../core/diff/format.ts';
import type { Change, ObservedChange } from '../../core/diff/types.ts';
import { portsText } from '../../core/graph/portsText.ts';
import { isEmpty } from '../../core/engine/PortSet.ts';

const KIND: Readonly<Record<Change['kind'], string>> = { 'newly-allowed': 'newly allowed', 'newly-denied': 'newly denied', 'ports-changed': 'ports changed' };
const PAGE = 60;

export const ObservedChanges = memo(function ObservedChanges({ observed }: { readonly observed: readonly ObservedChange[] }) {
  const [shown, setShown] = useState(PAGE);
  if (observed.length === 0) return <p className="muted" data-testid="whatif-observed-none">No observed connection changes verdict.</p>;
  return (
    <>
    <table className="whatif-observed" data-testid="whatif-observed">
      <thead>
        <tr>
          <th scope="col">Observed connection</th>
          <th scope="col" className="num">
            Flows
          </th>
          <th scope="col">Would</th>
        </tr>
      </thead>
      <tbody>
        {observed.slice(0, shown).map((o) => (
          <tr key={`${o.source}|${o.destination}|${o.port}|${o.protocol}`} className={`obs-${o.effect}`} data-testid="whatif-observed-row">
            <td className="mono">
              {o.source} → {o.destination} <b>{`${o.port}/${o.protocol}`}</b>
            </td>
            <td className="num">{o.flows.toLocaleString('en-US')}</td>
            <td>
              {o.effect === 'breaks' ? (
                <span className="effect effect-breaks">be dropped ({o.passed.toLocaleString('en-US')} passed before)</span>
              ) : (
                <span className="effect effect-unblocks">now pass ({o.dropped.toLocaleString('en-US')} dropped before)</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
    {observed.length > shown ? (
      <button type="button" className="btn small" onClick={() => setShown((n) => n + PAGE * 5)}>
        Show more ({(observed.length - shown).toLocaleString('en-US')} more connections)
      </button>
    ) : null}
    </>
  );
});

/** Memoised: the editor re-renders the panel on every keystroke, and a change list can hold thousands. */
export const ChangeList = memo(function ChangeList({ changes }: { readonly changes: readonly Change[] }) {
  const [shown, setShown] = useState(PAGE);
  const all = useMemo(() => groupChanges(changes), [changes]);
  if (changes.length === 0) return <p className="muted">No path changes.</p>;
  return (
    <>
      <ul className="whatif-changes" data-testid="whatif-changes">
        {all.slice(0, shown).map((g) => {
          const c = g[0] as Change;
          return (
            <li key={`${c.from.key}|${c.to.key}`} className={`change change-${c.kind}`} data-testid="whatif-change">
              <div className="change-head">
                <span className={`change-kind kind-${c.kind}`}>{KIND[c.kind]}</span>{' '}
                <span className="mono change-path">
                  {c.from.display} → {g.map((x) => x.to.display).join(', ')}
                </span>
              </div>
              <div className="change-ports">
                {!isEmpty(c.opened) ? <span className="opened">+ {portsText(c.opened)}</span> : null}
                {!isEmpty(c.closed) ? <span className="closed">− {portsText(c.closed)}</span> : null}
              </div>
              {c.samples.length > 0 ? (
                <details className="change-why">
                  <summary>Why</summary>
                  {c.samples.map((s) => (
                    <dl key={`${s.port}|${s.opened}`} className="facts">
                      <dt>{s.port} before</dt>
                      <dd>{decisionText(s.before)}</dd>
                      <dt>after</dt>
                      <dd>{decisionText(s.after)}</dd>
                    </dl>
                  ))}
                </details>
              ) : null}
            </li>
          );
        })}
      </ul>
      {all.length > shown ? (
        <button type="button" className="btn small" onClick={() => setShown((n) => n + PAGE * 5)}>
          Show more ({(all.length - shown).toLocaleString('en-US')} more groups)
        </button>
      ) : null}
    </>
  );
});
