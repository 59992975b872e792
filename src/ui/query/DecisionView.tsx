/**
 * A Decision as a support engineer reads it: the headline ("Allowed", "Denied" or "Not known"),
 * then each side (egress of the source, ingress of the destination) with its reason in plain
 * words, the deciding rules, what matched, near misses and L7 filtering; then the notes
 * (version-dependent behaviour). "Copy" puts the same text the CLI's `explain` prints on the
 * clipboard, for a ticket. Names come from the input files: rendered as text only.
 */
import { lazy, Suspense, useContext, useState } from 'react';
import { explainText, type ExplainHeader } from '../../core/engine/explainText.ts';
import type { EngineModel } from '../../core/engine/compile.ts';
import { useDecidedUnder } from './decidedUnderLazy.ts';
import type { Decision, RuleRef, SideDecision } from '../../core/engine/types.ts';
import { KIND_ABBREV, nearMissWords, policyName, REASON_WORDS, reasonMeaning, verdictParts } from './verdictText.ts';
import { decidingRules, entryWords, ruleInWords } from '../../core/engine/ruleWords.ts';
import { RuleTextContext } from './ruleTextSource.ts';
import { copyText } from '../shell/copyText.ts';
import { PolicyTextButton } from '../policytext/PolicyTextButton.tsx';

/** A rule's lines from its file: a chunk of its own, fetched when a user opens "Show rule text". */
const RuleTextView = lazy(() => import('./RuleTextView.tsx'));

export function RuleChip({ rule }: { readonly rule: RuleRef }) {
  return (
    <span className="rule-chip" data-testid="rule">
      <abbr className={`pk pk-${KIND_ABBREV[rule.kind]}`} title={rule.kind}>
        {KIND_ABBREV[rule.kind]}
      </abbr>{' '}
      <span className="rule-name">{policyName(rule)}</span> <code className="rule-path">{rule.path}</code>
    </span>
  );
}

/** A deciding rule: its chip, where its policy is written and, for an entry, what it says (with a model). */
function DecidingRule({ rule, model }: { readonly rule: RuleRef; readonly model: EngineModel | null }) {
  const words = model ? ruleInWords(model, rule) : null;
  const source = useContext(RuleTextContext);
  const [open, setOpen] = useState(false);
  return (
    <li data-testid="deciding-rule">
      <RuleChip rule={rule} />
      {words?.source ? (
        <>
          {' '}
          <span className="muted rule-source" data-testid="rule-source">
            {words.source}
          </span>
        </>
      ) : null}
      {words?.at && source ? (
        <>
          {' '}
          <PolicyTextButton target={{ ...rule, at: words.at }} source={source} />
        </>
      ) : null}
      {words?.entry ? (
        <div className="side-meaning rule-says" data-testid="rule-says">
          {entryWords(words.entry)}
        </div>
      ) : null}
      {words?.at && source ? (
        <details className="rule-text-box" onToggle={(e) => setOpen(e.currentTarget.open)}>
          <summary data-testid="rule-text-toggle">Show rule text</summary>
          {open ? (
            <Suspense fallback={null}>
              <RuleTextView query={{ file: words.at.file, line: words.at.line, path: rule.path }} source={source} />
            </Suspense>
          ) : null}
        </details>
      ) : null}
    </li>
  );
}

function Side({ title, side, model }: { readonly title: string; readonly side: SideDecision; readonly model: EngineModel | null }) {
  const deciding = decidingRules(side);
  return (
    <section className={`side side-${side.verdict}`} data-testid={`side-${side.direction}`} aria-label={title}>
      <h4 className="side-title">
        <span className="side-name">{title}</span>
        <span className={`reason reason-${side.reason}`}>{REASON_WORDS[side.reason]}</span>
      </h4>
      <p className="side-meaning">{reasonMeaning(side)}</p>
      {deciding.length > 0 ? (
        <div className="side-rules">
          <span className="muted">{side.reason === 'default-deny' ? 'Default deny enabled by' : 'Decided by'}</span>
          <ul>
            {deciding.map((r) => (
              <DecidingRule key={`${r.kind}/${r.namespace ?? ''}/${r.name}/${r.path}`} rule={r} model={model} />
            ))}
          </ul>
        </div>
      ) : null}
      {side.matched.length > 0 && side.reason !== 'default-deny' ? (
        <details className="side-matched">
          <summary>What matched ({side.matched.length})</summary>
          <p className="side-text muted">{side.text}</p>
          <ul>
            {side.matched.map((m, i) => (
              <li key={i}>
                <RuleChip rule={m.rule} /> <span className="muted">{m.matchType}</span>
                {m.peerPath ? <code> peer {m.peerPath}</code> : null}
                {m.portPath ? <code> port {m.portPath}</code> : null}
                {m.l7 ? <span className="tag">L7</span> : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {side.l7 !== 'none' ? (
        <div className="side-l7" data-testid="l7">
          <span className="muted">L7: </span>
          {side.l7 === 'filtered' ? 'requests are filtered by the proxy; allowed:' : 'not filtered (a plain L4 allow covers this port); L7 rules present:'}
          <ul>
            {side.l7Rules.map((l, i) => (
              <li key={i}>
                <RuleChip rule={l.rule} /> {l.allowed.join('; ')}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {side.nearMisses.length > 0 ? (
        <div className="side-near" data-testid="near-misses">
          <span className="muted">Near misses</span>
          <ul>
            {side.nearMisses.map((n, i) => (
              <li key={i}>
                <RuleChip rule={n.rule} /> <span className="near-why">{nearMissWords(n.rule.path, n.text)}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

export interface DecisionViewProps {
  readonly header: ExplainHeader;
  readonly decision: Decision;
  /** `verdict` for the path query; another id where the same view explains an edge. */
  readonly testId: string;
  /** The model the decision came from: the copied text says its Cilium version and settings (a what-if's header carries them). */
  readonly model?: EngineModel | null;
}

export function DecisionView({ header, decision, testId, model }: DecisionViewProps) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const under = useDecidedUnder(model);
  const text = explainText(under ? { ...header, decidedUnder: under } : header, decision, model ?? null);
  const parts = verdictParts(header, decision);
  return (
    <div className={`decision decision-${decision.verdict}`}>
      <div data-testid={testId} className="decision-body">
        <p className="headline" aria-live="polite">
          <strong className={`verdict-word verdict-${decision.notComputed ? 'unknown' : decision.verdict}`}>{parts.word}</strong>
          {decision.condition ? <> <span className="tag">conditional</span></> : null} <span className="headline-path">{parts.path}</span>
          {parts.decided !== null ? (
            <>
              {' '}
              <span className="headline-decided">{parts.decided}</span>
            </>
          ) : null}
        </p>
        {decision.condition ? (
          <p className="decision-condition" data-testid="condition">
            <strong>Condition:</strong> {decision.condition.text}
          </p>
        ) : null}
        <Side title={`Egress of ${header.from}`} side={decision.egress} model={model ?? null} />
        <Side title={`Ingress of ${header.to}`} side={decision.ingress} model={model ?? null} />
        {decision.l7 ? (
          <p className="decision-l7">
            L7 request: {decision.l7.verdict} — {decision.l7.text}
          </p>
        ) : null}
        {decision.notes.length > 0 ? (
          <div className="decision-notes" data-testid="notes">
            <span className="muted">Notes</span>
            <ul>
              {decision.notes.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {under ? (
          <p className="decided-under muted" data-testid="decided-under">
            {under}
          </p>
        ) : null}
      </div>
      <div className="decision-actions">
        <button
          type="button"
          className="btn small"
          data-testid={`${testId}-copy`}
          onClick={() => {
            void copyText(text).then((ok) => setCopied(ok ? 'copied' : 'failed'));
          }}
        >
          Copy explanation
        </button>
        <span role="status" className="muted copy-status">
          {copied === 'copied' ? 'Copied as text for a ticket.' : copied === 'failed' ? 'The browser refused clipboard access: select the text below.' : ''}
        </span>
      </div>
      {copied === 'failed' ? <textarea className="copy-fallback mono" readOnly value={text} aria-label="Explanation as text" rows={8} /> : null}
    </div>
  );
}
