import { useEffect, useState } from 'react';
import type { RuleTextLines } from '../../workers/protocol.ts';
import type { RuleTextSource } from './ruleTextSource.ts';

export type RuleTextState = { readonly kind: 'reading' } | { readonly kind: 'read'; readonly text: RuleTextLines | null } | { readonly kind: 'failed'; readonly message: string };

/** A rule's or a policy's lines as the load worker reads them (the rule text disclosure, the policy text view). */
export function useRuleText(source: RuleTextSource, file: string, line: number, path: string, whole: boolean): RuleTextState {
  const [state, setState] = useState<RuleTextState>({ kind: 'reading' });
  useEffect(() => {
    let live = true;
    setState({ kind: 'reading' });
    source(whole ? { file, line, path, whole } : { file, line, path }).then(
      (text) => live && setState({ kind: 'read', text }),
      (err: unknown) => live && setState({ kind: 'failed', message: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [source, file, line, path, whole]);
  return state;
}
