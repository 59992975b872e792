/**
 * The loader's side door for flows: `loadInputs` finds Hubble lines among mixed inputs and hands
 * them over, as text first (the line fast path takes what it can prove equal) and otherwise
 * JSON-parsed; this sink parses and aggregates them.
 * @public
 */
import type { FlowRecordInput, FlowSink } from '../load/types.ts';
import type { Cluster } from '../model/cluster.ts';
import { parseFlowRecord } from '../hubble/parseFlow.ts';
import { parseFlowRecordPlain } from '../hubble/parseFlowPlain.ts';
import { FlowLineParser } from '../hubble/lineParser.ts';
import { isObject } from '../hubble/wire.ts';
import { detectKind } from '../k8s/kinds.ts';
import type { FlowAggregator } from './aggregate.ts';

/**
 * Wrapped lines (`{"flow":{…},"node_name":…}`, what `hubble observe -o json` prints) that the loader
 * classifies as a flow: no `kind`, no apiVersion. Bare legacy lines take the loader's path.
 */
function isWrappedFlow(envelope: Readonly<Record<string, unknown>>): boolean {
  return isObject(envelope['flow']) && detectKind(envelope).type.kind === 'flow';
}

/**
 * `fastPath: false`: every line is parsed by the loader (the reference the fast path is tested
 * against). Otherwise flow lines go through the line fast path (src/core/hubble/lineParser.ts).
 */
export function flowSinkFor(aggregator: FlowAggregator, options: { readonly fastPath?: boolean } = {}): FlowSink {
  const accept = (record: FlowRecordInput): void =>
    aggregator.addRecord((options.fastPath === false ? null : parseFlowRecordPlain(record.value)) ?? parseFlowRecord(record.value), record.file, record.line);
  const clusterLoaded = (cluster: Cluster): void => aggregator.clusterLoaded(cluster);
  if (options.fastPath === false) return { accept, clusterLoaded };
  // Adaptive (see FlowLineParser): where the endpoint cache does not pay, lines take the loader's path.
  const fast = new FlowLineParser(undefined, true);
  return {
    accept,
    clusterLoaded,
    acceptText(file: string, line: number, text: string) {
      const record = fast.parse(text, isWrappedFlow);
      if (record === null || record.kind !== 'flow') return null;
      aggregator.addRecord(record, file, line);
      const { source, destination, aggregate } = record.flow;
      const clusterName = source.clusterName !== '' ? source.clusterName : destination.clusterName !== '' ? destination.clusterName : null;
      return aggregate ? { clusterName, aggregateFlows: aggregate.ingress + aggregate.egress + aggregate.unknown } : { clusterName };
    },
  };
}
