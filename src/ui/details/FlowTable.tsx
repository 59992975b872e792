/** The observed flows behind an edge (Hubble sample records), in a virtualised table, each with what Cilium recorded for it and its own check. */
import type { CheckedFlow } from '../../core/flows/crossCheck.ts';
import type { FlowSample } from '../../core/flows/types.ts';
import { recordedCell } from './attributionView.ts';
import { VirtualTable, type Column } from './VirtualTable.tsx';

export interface FlowRow {
  readonly sample: FlowSample;
  /** The flow checked against the loaded policies; null without a model. */
  readonly check: CheckedFlow | null;
}

/** `2026-11-25T10:04:05.123456789Z` → `10:04:05.123` (the date is in the title). */
export function shortTime(time: string | null): string {
  if (time === null) return '—';
  const m = /T(\d{2}:\d{2}:\d{2})(\.\d{1,3})?/.exec(time);
  return m ? `${m[1]}${m[2] ?? ''}` : time;
}

/** What was recorded and how it compares come right after time and verdict: the panel is narrow and the table scrolls sideways. */
const columns: readonly Column<FlowRow>[] = [
  { header: 'Time', width: '84px', text: ({ sample: f }) => shortTime(f.time) },
  { header: 'Verdict', width: '78px', text: ({ sample: f }) => f.verdict, className: ({ sample: f }) => `fv fv-${f.verdict}` },
  { header: 'Cilium recorded', width: 'minmax(150px, 1fr)', text: ({ sample }) => recordedCell(sample) },
  { header: 'Check', width: '120px', text: ({ check }) => (check === null ? '' : check.mismatch && check.cause ? check.cause.title : check.mismatchClass === 'match' ? 'agrees' : (check.cause?.title ?? '')) },
  { header: 'Drop reason', width: '112px', text: ({ sample: f }) => f.dropReason ?? '' },
  { header: 'Port', width: '44px', text: ({ sample: f }) => (f.destinationPort !== null ? String(f.destinationPort) : '—') },
  { header: 'TCP flags', width: '64px', text: ({ sample: f }) => f.tcpFlags },
];

export function FlowTable({ flows }: { readonly flows: readonly FlowRow[] }) {
  return <VirtualTable rows={flows} columns={columns} label="Observed flows" testId="flow-table" />;
}
