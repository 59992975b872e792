/**
 * The drops inbox's lists for the loaded data and the chosen time range, derived once per change
 * (the grouping is pure core code: src/core/flows/inbox.ts).
 * @internal
 */
import { useMemo } from 'react';
import { dropGroups, droppedFlows, mismatchGroups, type DropGroup, type MismatchGroup, type TimeRange } from '../../core/flows/inbox.ts';
import type { FlowAggregate } from '../../core/flows/types.ts';
import type { LoadedData } from '../../workers/protocol.ts';

export interface InboxLists {
  readonly flows: FlowAggregate | null;
  readonly drops: readonly DropGroup[];
  readonly mismatches: readonly MismatchGroup[];
  /** Dropped request flows (in the range). */
  readonly dropped: number;
}

export function useInbox(data: LoadedData | null, range: TimeRange | null): InboxLists {
  const flows = data?.flows ?? null;
  const classes = data?.mismatches ?? null;
  const drops = useMemo(() => (flows ? dropGroups(flows, classes, range) : []), [flows, classes, range]);
  const mismatches = useMemo(() => (flows && classes ? mismatchGroups(flows, classes, range) : []), [flows, classes, range]);
  return { flows, drops, mismatches, dropped: droppedFlows(drops) };
}
