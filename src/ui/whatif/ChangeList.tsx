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
import type { RuleChanges } from '../../core/whatif/byRule.ts';
import { plural } from '../state/summary.ts';
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
    // Only address ranges: an entity's or DNS name's kind is plain from its name.
    if (c.to.kind === 'range' && n.detail !== null && !list.includes(n.detail)) list.push(n.detail);
    by.set(n.name, list);
  }
  return [...by].map(([name, details]) => ({ name, details }));
}

const DETAILS_SHOWN = 2;

/** The secondary text of a path's ends: their address ranges. */
function PeerDetails({ from, to }: { readonly from: { readonly name: string; readonly details: readonly string[] }; readonly to: readonly { readonly name: string; readonly details: readonly string[] }[] }) {
  const parts = [...(from.details.length > 0 ? [`${from.name}: ${from.details.join('; ')}`] : []), ...to.filter((t) => t.details.length > 0).map((t) => `${t.name}: ${t.details.slice(0, DETAILS_SHOWN).join('; ')}${t.details.length > DETAILS_SHOWN ? `; and ${t.details.length - DETAILS_SHOWN} more ranges` : ''}`)];
  if (parts.length === 0) return null;
  return (
    <div className="change-peers muted mono" data-testid="whatif-change-peers">
      {parts.join(' · ')}
    </div>
  );
}

/** Memoised: the editor re-renders the panel on every keystroke, and a change list can hold thousands. */
/** Asked to show a group of changed paths on the graph (expanding the groups that hide them). */
export type OnReveal = (changes: readonly Change[]) => void;

export const ChangeList = memo(function ChangeList({ changes, names, onReveal }: { readonly changes: readonly Change[]; readonly names: Names; readonly onReveal?: OnReveal | undefined }) {
  const [shown, setShown] = useState(PAGE);
  const all = useMemo(() => groupChanges(changes), [changes]);
  if (changes.length === 0) return <p className="muted">No path changes.</p>;
  return (
    <>
      <ul className="whatif-changes" data-testid="whatif-changes">
        {all.slice(0, shown).map((g) => {
          const c = g[0] as Change;
          const fromName = nameOf(names, c.from);
          const from = { name: fromName.name, details: c.from.kind === 'range' && fromName.detail !== null ? [fromName.detail] : [] };
          const to = destinations(g, names);
          return (
            <li key={`${c.from.key}|${c.to.key}`} className={`change change-${c.kind}`} data-testid="whatif-change">
              <div className="change-head">
                <span className={`change-kind kind-${c.kind}`}>{KIND[c.kind]}</span>{' '}
                <span className="mono change-path">
                  {from.name} → {to.map((t) => t.name).join(', ')}
                </span>{' '}
                {onReveal ? (
                  <button type="button" className="link change-show" onClick={() => onReveal(g)} data-testid="whatif-change-show">
                    Show on graph
                  </button>
                ) : null}
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

/** What a group's rule is: an entry, or a rule whose selection turns on default deny, or a whole (tier) policy. */
function ruleText(rule: string): string {
  if (rule === '') return 'the whole policy';
  return /\.(ingress|egress)(Deny)?\[\d+\]$/.test(rule) ? rule : `${rule} (the endpoints it selects: default deny)`;
}

const STATE: Readonly<Record<RuleChanges['state'], string>> = { added: 'new rule', removed: 'removed rule', changed: 'changed rule', unattributed: '' };

/** The paths one rule opens and closes, each list with its own paging. */
function RuleGroup({ group, changes, names, open, onReveal }: { readonly group: RuleChanges; readonly changes: readonly Change[]; readonly names: Names; readonly open: boolean; readonly onReveal: OnReveal | undefined }) {
  const opens = useMemo(() => group.opens.map((i) => changes[i] as Change), [group, changes]);
  const closes = useMemo(() => group.closes.map((i) => changes[i] as Change), [group, changes]);
  const effect = [opens.length > 0 ? `opens ${plural(opens.length, 'path')}` : null, closes.length > 0 ? `closes ${plural(closes.length, 'path')}` : null].filter((x) => x !== null).join(', ');
  return (
    <section className="rule-group" data-testid="whatif-rule-group">
      <h5 className="rule-head">
        {group.state === 'unattributed' ? (
          'Not traced to one changed rule:'
        ) : (
          <>
            <span className="rule-policy">{group.policy}</span> <span className="mono">{ruleText(group.rule)}</span>{' '}
            <span className={`rule-state state-${group.state}`}>{STATE[group.state]}</span>
          </>
        )}{' '}
        <span className="rule-effect" data-testid="whatif-rule-effect">
          {effect}
        </span>
      </h5>
      {opens.length > 0 ? (
        <details open={open} className="rule-paths">
          <summary>Paths it opens ({opens.length.toLocaleString('en-US')})</summary>
          <ChangeList changes={opens} names={names} onReveal={onReveal} />
        </details>
      ) : null}
      {closes.length > 0 ? (
        <details open={open} className="rule-paths">
          <summary>Paths it closes ({closes.length.toLocaleString('en-US')})</summary>
          <ChangeList changes={closes} names={names} onReveal={onReveal} />
        </details>
      ) : null}
    </section>
  );
}

/** Groups shown open; the others are one line each until opened. */
const OPEN_GROUPS = 4;

/**
 * The changed paths by the rule that causes them (core/whatif/byRule.ts): a reviewer sees what
 * each edited rule opens and closes. A path two changed rules explain is under both.
 */
export const ChangesByRule = memo(function ChangesByRule({ changes, byRule, names, onReveal }: { readonly changes: readonly Change[]; readonly byRule: readonly RuleChanges[]; readonly names: Names; readonly onReveal?: OnReveal }) {
  if (changes.length === 0) return <p className="muted">No path changes.</p>;
  return (
    <div className="whatif-byrule" data-testid="whatif-byrule">
      {byRule.map((g, i) => (
        <RuleGroup key={`${g.policy}|${g.rule}`} group={g} changes={changes} names={names} open={i < OPEN_GROUPS} onReveal={onReveal} />
      ))}
    </div>
  );
});
