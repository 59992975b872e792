import type { WorkloadKey } from '../../core/model/cluster.ts';
import type { LoadedData } from '../../workers/protocol.ts';

/** Where the shown data came from: the built-in demo or the user's own input. */
export type DataOrigin = 'demo' | 'user';

export interface AppState {
  readonly data: LoadedData | null;
  readonly origin: DataOrigin | null;
  /** Short description of the input set ("Demo cluster", "3 files", "pasted.yaml"). */
  readonly label: string;
  readonly selected: WorkloadKey | null;
}

export type AppAction =
  | { readonly type: 'loaded'; readonly data: LoadedData; readonly origin: DataOrigin; readonly label: string }
  | { readonly type: 'select'; readonly key: WorkloadKey | null };

export const initialAppState: AppState = { data: null, origin: null, label: '', selected: null };

/** State changes are data: every UI event becomes an action applied here. */
export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'loaded':
      // A new input set replaces the old one as a whole; a selection into old data is meaningless.
      return { data: action.data, origin: action.origin, label: action.label, selected: null };
    case 'select':
      return { ...state, selected: action.key };
  }
}
