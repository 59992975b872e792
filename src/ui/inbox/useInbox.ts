/**
 * The drops inbox's lists for the loaded data and the chosen time range, derived once per change
 * (the grouping is pure core code: src/core/flows/inbox.ts).
 * @internal
 */
import { useMemo } from 'react';
import { dropGroups, droppedFlows, flowHistogram, mismatchGroups, type DropGroup, type FlowHistogram, type MismatchGroup, type TimeRange } from '../../core/flows/inbox.ts';
import type { FlowAggregate } from '../../core/flows/types.ts';
import type { LoadedData } from '../../workers/protocol.ts';

export interface InboxLists {
  readonly flows: FlowAggregate | null;
  readonly drops: readonly DropGroup[];
  readonly mismatches: readonly MismatchGroup[];
  readonly histogram: FlowHistogram;
  /** Dropped request flows (in the range). */
  readonly dropped: number;
}

const noHistogram: FlowHistogram = { bins: [], untimed: 0 };

export function useInbox(data: LoadedData | null, range: TimeRange | null): InboxLists {
  const flows = data?.flows ?? null;
  const classes = data?.mismatches ?? null;
  const drops = useMemo(() => (flows ? dropGroups(flows, classes, range) : []), [flows, classes, range]);
  const mismatches = useMemo(() => (flows && classes ? mismatchGroups(flows, classes, range) : []), [flows, classes, range]);
  const histogram = useMemo(() => (flows ? flowHistogram(flows) : noHistogram), [flows]);
  return { flows, drops, mismatches, histogram, dropped: droppedFlows(drops) };
}
