/**
 * "Open policy": a button wherever a policy is named (a deciding rule, the policy list, a
 * diagnostic) that opens the policy text view (PolicyTextDialog, a chunk of its own fetched on
 * the first click) and gives the focus back to itself when the view closes.
 */
import { lazy, Suspense, useRef, useState, type ReactNode } from 'react';
import type { RuleTextSource } from '../query/ruleTextSource.ts';
import type { PolicyTarget } from './policyTarget.ts';

const PolicyTextDialog = lazy(() => import('./PolicyTextDialog.tsx'));

export function PolicyTextButton({ target, source, className = 'btn small', children = 'Open policy' }: { readonly target: PolicyTarget; readonly source: RuleTextSource; readonly className?: string; readonly children?: ReactNode }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button ref={button} type="button" className={className} aria-haspopup="dialog" onClick={() => setOpen(true)} data-testid="policy-text-open">
        {children}
      </button>
      {open ? (
        <Suspense fallback={null}>
          <PolicyTextDialog
            target={target}
            source={source}
            onClose={() => {
              setOpen(false);
              button.current?.focus();
            }}
          />
        </Suspense>
      ) : null}
    </>
  );
}
