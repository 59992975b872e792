/**
 * The loader's side door for flows: `loadInputs` finds Hubble lines among mixed inputs and hands
 * them over already JSON-parsed; this sink parses and aggregates them.
 * @public
 */
import type { FlowRecordInput, FlowSink } from '../load/types.ts';
import { parseFlowRecord } from '../hubble/Flow.ts';
import type { FlowAggregator } from './aggregate.ts';

export function flowSinkFor(aggregator: FlowAggregator): FlowSink {
  return {
    accept(record: FlowRecordInput): void {
      aggregator.addRecord(parseFlowRecord(record.value), record.file, record.line);
    },
  };
}
