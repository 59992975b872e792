/**
 * The customer's paths as a table beside the graph (the keyboard- and screen-reader view of the
 * canvas): the app's paths table (a11y/PathsTable) in its compact form, one line per path, so
 * it fits beside the graph at 1280×720. Everything comes from the redacted GraphModel, so it
 * names only what the graph names. The paths whose flows were dropped come first (the customer's
 * question is most often why something of theirs is dropped).
 */
import type { GraphModel } from '../../core/graph/types.ts';
import { PathsTable } from '../a11y/PathsTable.tsx';

export interface CustomerPathsProps {
  readonly graph: GraphModel | null;
  readonly selection: string | null;
  readonly onSelect: (id: string | null) => void;
}

export function CustomerPaths({ graph, selection, onSelect }: CustomerPathsProps) {
  return (
    <section className="customer-paths" aria-labelledby="customer-paths-title" data-testid="customer-paths">
      <h3 id="customer-paths-title" className="section-title">
        Paths{graph !== null ? ` (${graph.edges.length})` : ''}
      </h3>
      <PathsTable graph={graph} selection={selection} onSelect={onSelect} compact dropsFirst />
    </section>
  );
}
