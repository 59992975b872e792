/**
 * What a node says on the picture (canvas and exports alike): `tenant acme`, `ns acme-web`,
 * `coredns · DNS`, a collapsed group's workload count. Lines, no markup.
 * @public
 */
import { OTHERS_GROUP, PLATFORM_GROUP, TENANTS_GROUP } from '../graph/grouping.ts';
import type { GraphNode } from '../graph/types.ts';
import { plural } from '../util/plural.ts';

export function nodeDisplayLines(n: GraphNode): string[] {
  if (n.kind === 'group') {
    if (n.id === OTHERS_GROUP) return ['other tenants'];
    // Every tenant as one node: `812 tenants`, `20,000 workloads`.
    if (n.id === TENANTS_GROUP) return [n.label, plural(n.workloads, 'workload')];
    const name = n.id === PLATFORM_GROUP ? 'platform' : `tenant ${n.label}`;
    return n.collapsed ? [name, plural(n.workloads, 'workload')] : [name];
  }
  // Pseudo namespaces of the customer view (`~platform`) are not namespaces anyone named.
  if (n.kind === 'namespace') return [n.id.startsWith('ns:~') ? n.label : `ns ${n.label}`];
  return [n.dns && n.label !== 'DNS' ? `${n.label} · DNS` : n.label];
}

/**
 * A node's lines on one, as the panels and the export's words name it: `platform (3 workloads)`,
 * `tenant acme (12 workloads)`, `3 tenants (10 workloads)`, `other tenants`, `ns acme-web`.
 */
export function nodeDisplayName(n: GraphNode): string {
  const [name = '', ...more] = nodeDisplayLines(n);
  return more.length > 0 ? `${name} (${more.join(', ')})` : name;
}
