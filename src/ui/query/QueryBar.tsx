/**
 * The path query form: From, To (the CLI's PEER grammar) and Port (`N[/PROTO]` or a port name),
 * each with suggestions from the loaded data. Running it stores the query in the app state (and
 * so in the URL); the verdict is derived from the data by the caller.
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { EngineModel } from '../../core/engine/compile.ts';
import { peerGrammar } from '../../core/engine/peerRef.ts';
import type { QueryText } from '../state/urlState.ts';
import { Combobox } from './Combobox.tsx';
import { portGrammar } from '../../core/query/portGrammar.ts';
import type { QueryField } from '../../core/query/runQuery.ts';
import type { PeerOption } from './suggestions.ts';
import { queryPlaceholders } from './placeholders.ts';
import { queryCode } from './queryCode.ts';
import type { Cluster } from '../../core/model/cluster.ts';

export interface QueryBarProps {
  /** null while the engine model is being built (the form still takes input). */
  readonly model: EngineModel | null;
  /** The loaded cluster: the empty boxes show examples from it (its own names, not the demo's). */
  readonly cluster?: Cluster | null;
  /** The query last run (restored from the URL, or set by "explain this path" elsewhere). */
  readonly query: QueryText | null;
  readonly invalid: { readonly field: QueryField; readonly message: string } | null;
  readonly onRun: (query: QueryText) => void;
  readonly onClear: () => void;
}

const EMPTY: QueryText = { from: '', to: '', port: '' };

export function QueryBar({ model, cluster = null, query, invalid, onRun, onClear }: QueryBarProps) {
  const [form, setForm] = useState<QueryText>(query ?? EMPTY);
  // A query run from elsewhere (URL, edge details) replaces what is typed: derived during render.
  const [shownQuery, setShownQuery] = useState<QueryText | null>(query);
  if (query !== shownQuery) {
    setShownQuery(query);
    if (query !== null) setForm(query);
  }
  const examples = useMemo(() => queryPlaceholders(cluster ?? model?.cluster ?? null), [cluster, model]);
  // The suggestions' code comes with the engine model (queryCode.ts).
  const code = model ? queryCode() : null;
  const catalog = useMemo(() => (model && code ? code.peerCatalog(model) : []), [model, code]);
  const suggestPeer = (text: string): readonly PeerOption[] => (code ? code.matchOptions(catalog, text) : []);
  const suggestPort = (text: string): readonly PeerOption[] => {
    const all = model && code ? code.portOptions(model, form.to) : [];
    const t = text.trim().toLowerCase();
    return all.filter((o) => t === '' || (o.value.toLowerCase().startsWith(t) && o.value.toLowerCase() !== t));
  };
  const set = (field: keyof QueryText) => (value: string) => setForm((f) => ({ ...f, [field]: value }));
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (form.from.trim() !== '' && form.to.trim() !== '') onRun({ from: form.from.trim(), to: form.to.trim(), port: form.port.trim() });
  };
  const errorFor = (field: QueryField): string | null => (invalid !== null && invalid.field === field && query !== null && sameQuery(query, form) ? invalid.message : null);

  return (
    <form className="query-bar" role="search" aria-label="Path query" onSubmit={submit} data-testid="query-form">
      <Combobox
        label="From"
        value={form.from}
        onChange={set('from')}
        suggest={suggestPeer}
        testId="query-from"
        placeholder={examples.from}
        error={errorFor('from')}
        hint={`A peer: ${peerGrammar}`}
        className="q-from"
      />
      <button
        type="button"
        className="btn small swap"
        aria-label="Swap From and To"
        title="Swap From and To"
        onClick={() => setForm((f) => ({ ...f, from: f.to, to: f.from }))}
        data-testid="query-swap"
      >
        ⇄
      </button>
      <Combobox
        label="To"
        value={form.to}
        onChange={set('to')}
        suggest={suggestPeer}
        testId="query-to"
        placeholder={examples.to}
        error={errorFor('to')}
        hint={`A peer: ${peerGrammar}`}
        className="q-to"
      />
      <Combobox
        label="Port"
        value={form.port}
        onChange={set('port')}
        suggest={suggestPort}
        testId="query-port"
        placeholder={examples.port}
        error={errorFor('port')}
        hint={`Port: ${portGrammar}`}
        className="q-port"
      />
      <div className="query-actions">
        <button type="submit" className="btn primary" data-testid="query-run" disabled={form.from.trim() === '' || form.to.trim() === ''}>
          Check path
        </button>
        {query !== null ? (
          <button
            type="button"
            className="btn"
            data-testid="query-clear"
            onClick={() => {
              setForm(EMPTY);
              onClear();
            }}
          >
            Clear
          </button>
        ) : null}
      </div>
    </form>
  );
}

function sameQuery(a: QueryText, b: QueryText): boolean {
  return a.from === b.from.trim() && a.to === b.to.trim() && a.port === b.port.trim();
}
