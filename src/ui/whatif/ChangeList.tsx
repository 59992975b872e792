/**
 * What a what-if changes, as text: the observed connections whose verdict flips (the ones an
 * incident would be about) and every path whose allowed ports change, grouped like the CLI's
 * `netpol-viz diff` (same source, same change), with the rules deciding a sample port before and
 * after.
 */
import { memo, useMemo, useState } from 'react';
import { decisionText, groupChanges } from '../../core/diff/format.ts';
import type { PeerName } from '../../core/diff/peerNames.ts';
import type { Change, DiffPeer, ObservedChange } from '../../core/diff/types.ts';
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

type Names = Readonly<Record<string, PeerName>>;

const nameOf = (names: Names, p: DiffPeer): PeerName => names[p.key] ?? { name: p.display, detail: null };

/** A group's destinations by what the graph calls them (ranges of the internet are one `internet`), each with its address ranges. */
function destinations(group: readonly Change[], names: Names): { readonly name: string; readonly details: readonly string[] }[] {
  const by = new Map<string, string[]>();
  for (const c of group) {
    const n = nameOf(names, c.to);
    const list = by.get(n.name) ?? [];
    if (n.detail !== null && !list.includes(n.detail)) list.push(n.detail);
    by.set(n.name, list);
  }
  return [...by].map(([name, details]) => ({ name, details }));
}

const DETAILS_SHOWN = 4;

/** The secondary text of a path's ends: entity, DNS name, address ranges. */
function PeerDetails({ from, to }: { readonly from: PeerName; readonly to: readonly { readonly name: string; readonly details: readonly string[] }[] }) {
  const parts = [...(from.detail !== null ? [`${from.name}: ${from.detail}`] : []), ...to.filter((t) => t.details.length > 0).map((t) => `${t.name}: ${t.details.slice(0, DETAILS_SHOWN).join('; ')}${t.details.length > DETAILS_SHOWN ? `; and ${t.details.length - DETAILS_SHOWN} more ranges` : ''}`)];
  if (parts.length === 0) return null;
  return (
    <div className="change-peers muted mono" data-testid="whatif-change-peers">
      {parts.join(' · ')}
    </div>
  );
}

/** Memoised: the editor re-renders the panel on every keystroke, and a change list can hold thousands. */
export const ChangeList = memo(function ChangeList({ changes, names }: { readonly changes: readonly Change[]; readonly names: Names }) {
  const [shown, setShown] = useState(PAGE);
  const all = useMemo(() => groupChanges(changes), [changes]);
  if (changes.length === 0) return <p className="muted">No path changes.</p>;
  return (
    <>
      <ul className="whatif-changes" data-testid="whatif-changes">
        {all.slice(0, shown).map((g) => {
          const c = g[0] as Change;
          const from = nameOf(names, c.from);
          const to = destinations(g, names);
          return (
            <li key={`${c.from.key}|${c.to.key}`} className={`change change-${c.kind}`} data-testid="whatif-change">
              <div className="change-head">
                <span className={`change-kind kind-${c.kind}`}>{KIND[c.kind]}</span>{' '}
                <span className="mono change-path">
                  {from.name} → {to.map((t) => t.name).join(', ')}
                </span>
              </div>
              <PeerDetails from={from} to={to} />
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
