/**
 * The what-if editor's state, which the app keeps (the drafts outlive closing the panel), apart
 * from its reducer (drafts.ts): the reducer runs only in the what-if panel, a chunk of its own,
 * so it is not on the default screen (bench bundle).
 */
import type { PolicyKey } from '../../core/model/policy.ts';
import type { DraftDocument } from '../../core/whatif/types.ts';

export interface EditorDocument extends DraftDocument {
  /** The text it was opened with (a loaded policy's YAML, or the new-policy skeleton). */
  readonly original: string;
}

export interface DraftsState {
  readonly documents: readonly EditorDocument[];
  readonly removed: readonly PolicyKey[];
  /** Id of the open document, or null. */
  readonly active: string | null;
  /** Counter for new documents' ids and names. */
  readonly created: number;
}

export const noDrafts: DraftsState = { documents: [], removed: [], active: null, created: 0 };
