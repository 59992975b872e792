/** The observed flows behind an edge (Hubble sample records), in a virtualised table. */
import type { FlowSample } from '../../core/flows/types.ts';
import { VirtualTable, type Column } from './VirtualTable.tsx';

/** `2026-11-25T10:04:05.123456789Z` → `10:04:05.123` (the date is in the title). */
export function shortTime(time: string | null): string {
  if (time === null) return '—';
  const m = /T(\d{2}:\d{2}:\d{2})(\.\d{1,3})?/.exec(time);
  return m ? `${m[1]}${m[2] ?? ''}` : time;
}

const columns: readonly Column<FlowSample>[] = [
  { header: 'Time', width: '84px', text: (f) => shortTime(f.time) },
  { header: 'Verdict', width: '78px', text: (f) => f.verdict, className: (f) => `fv fv-${f.verdict}` },
  { header: 'Port', width: '44px', text: (f) => (f.destinationPort !== null ? String(f.destinationPort) : '—') },
  { header: 'Drop reason', width: '112px', text: (f) => f.dropReason ?? '' },
  { header: 'TCP flags', width: '64px', text: (f) => f.tcpFlags },
  { header: 'Policy', width: 'minmax(160px, 1fr)', text: (f) => f.policies.join(', ') },
];

export function FlowTable({ flows }: { readonly flows: readonly FlowSample[] }) {
  return <VirtualTable rows={flows} columns={columns} label="Observed flows" testId="flow-table" />;
}
