/**
 * Notes beside the what-if editor: the edge selected on the proposed graph (what changes on it)
 * and the suggested fix that filled the drafts (why these changes).
 */
import type { EdgeChange, GraphEdge } from '../../core/graph/types.ts';
import type { Fix } from '../../core/fix/types.ts';
import { policyLabel } from '../../core/model/policyLabel.ts';
import { plural } from '../state/summary.ts';

const CHANGE_WORDS: Readonly<Record<EdgeChange['kind'], string>> = {
  added: 'new with the proposed policies',
  ports: 'its ports change',
  removed: 'gone with the proposed policies (drawn faint)',
  paths: 'the same ports, but some of the paths it stands for change',
};

export function SelectedEdge({ edge }: { readonly edge: GraphEdge }) {
  const c = edge.change;
  return (
    <section className="whatif-selected" aria-labelledby="whatif-selected-title" data-testid="whatif-selected">
      <h3 id="whatif-selected-title" className="section-title">
        Selected path
      </h3>
      <dl className="facts">
        <dt>Proposed</dt>
        <dd>
          {c?.kind === 'removed' ? 'not drawn (its ports go by the other paths between these ends)' : `${edge.verdict.replace('-', ' ')} on ${edge.portsText}`}
        </dd>
        <dt>Loaded</dt>
        <dd>{c === undefined ? 'the same' : c.kind === 'added' ? 'not drawn' : `${edge.verdict.replace('-', ' ')} on ${c.before}`}</dd>
        {c ? (
          <>
            <dt>Change</dt>
            <dd>
              {CHANGE_WORDS[c.kind]}
              {c.opened ? `; opens ${c.opened}` : ''}
              {c.closed ? `; closes ${c.closed}` : ''}
            </dd>
          </>
        ) : null}
        {edge.rules.length > 0 && c?.kind !== 'removed' ? (
          <>
            <dt>Decided by</dt>
            <dd>{edge.rules.map((r) => `${policyLabel(r)} ${r.path}`).join(', ')}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}


export type FixState = { readonly state: 'working'; readonly n: number } | { readonly state: 'done'; readonly n: number; readonly fix: Fix; readonly problems: readonly string[] } | { readonly state: 'failed'; readonly n: number; readonly message: string };

export function SuggestedFix({ fix, onDismiss }: { readonly fix: FixState; readonly onDismiss: () => void }) {
  return (
    <section className="whatif-fix" aria-labelledby="whatif-fix-title" data-testid="whatif-fix">
      <div className="section-head">
        <h3 id="whatif-fix-title" className="section-title">
          Suggested fix
        </h3>
        <button type="button" className="btn small" onClick={onDismiss} aria-label="Dismiss the suggested fix note">
          ×
        </button>
      </div>
      {fix.state === 'working' ? (
        <p className="muted" role="status">
          Looking for the smallest change…
        </p>
      ) : fix.state === 'failed' ? (
        <p role="alert">No fix: {fix.message}</p>
      ) : (
        <>
          <p data-testid="whatif-fix-goal">
            {fix.fix.possible
              ? `To ${fix.fix.goal} the path (now ${fix.fix.before}): ${plural(fix.fix.changes.length, 'change')}, loaded below as drafts. What else it touches is listed under "What changes".`
              : `No change found that ${fix.fix.goal}s the path on its own (now ${fix.fix.before}).`}
          </p>
          <ul className="whatif-fix-why">
            {fix.fix.explanation.map((e, i) => (
              <li key={`e${i}`}>{e}</li>
            ))}
            {fix.fix.changes.map((c, i) => (
              <li key={`c${i}`}>
                <b>{c.kind === 'add-policy' ? `New ${policyLabel(c.policy)}` : `Edit ${policyLabel(c.policy)} ${c.path}`}</b>: {c.why}
              </li>
            ))}
            {[...fix.fix.notes, ...fix.problems].map((n, i) => (
              <li key={`n${i}`} className="muted">
                {n}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

