import type { Node } from '../model/cluster.ts';
import type { RawDocument } from '../load/types.ts';
import type { ParseContext, ParseResult } from '../load/parseTypes.ts';
import { parseIp } from '../net/cidr.ts';
import { FieldReader, isObject } from './fields.ts';
import { readObjectMeta, sourceOf } from './ObjectMeta.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import { lineDiagnostic } from '../load/diagnostics.ts';
import { plural } from '../util/plural.ts';

/**
 * The node addresses Cilium gives the host / remote-node identity (cilium/cilium
 * pkg/node/manager/manager.go NodeUpdated: every `IPAddresses` entry goes into the ipcache with
 * labels.LabelHost for the agent's own node, labels.LabelRemoteNode for the others). The health
 * addresses (`spec.health`) get the health identity instead: not node addresses.
 */
const NODE_ADDRESS_TYPES: ReadonlySet<string> = new Set(['InternalIP', 'ExternalIP', 'CiliumInternalIP']);

/**
 * A CiliumNode (cilium.io/v2, cluster-scoped; `kubectl get ciliumnodes`, a sysdump's
 * `ciliumnodes-<ts>.yaml`): the node as Cilium announces it, read as a Node (its name, its labels
 * as the agent copied them from the Node, its addresses). It adds what the Node lacks: the
 * `CiliumInternalIP` (cilium_host, the router address taken from the pod range), which Cilium
 * treats as the node's own address. The loader merges it into the Node of the same name
 * (mergeCiliumNodes).
 * @public
 */
export function parseCiliumNode(doc: RawDocument, ctx: ParseContext): ParseResult<Node> {
  const r = new FieldReader(doc);
  if (!isObject(doc.value)) return { value: null, diagnostics: r.diagnostics };
  const meta = readObjectMeta(r, doc.value, 'CiliumNode', { namespaced: false, defaultNamespace: ctx.defaultNamespace });
  if (!meta) return { value: null, diagnostics: r.diagnostics };
  const spec = r.object(doc.value, 'spec', ['spec']);
  const ips: string[] = [];
  r.array(spec, 'addresses', ['spec', 'addresses']).forEach((a, i) => {
    const p = ['spec', 'addresses', i];
    if (!isObject(a)) {
      r.wrongType(p, 'a map', a);
      return;
    }
    const type = r.string(a, 'type', [...p, 'type']);
    const ip = r.string(a, 'ip', [...p, 'ip']);
    if (type === null || !NODE_ADDRESS_TYPES.has(type) || ip === null || ips.includes(ip)) return;
    if (parseIp(ip)) ips.push(ip);
    else r.report([...p, 'ip'], 'warning', 'invalid-ip', `"${ip}" is not an IP address: ignored (the node's other addresses are read).`);
  });
  return { value: { name: meta.name, labels: meta.labels, ips, source: sourceOf(doc) }, diagnostics: r.diagnostics };
}

/**
 * The Nodes with the CiliumNodes' addresses added: a CiliumNode's addresses the Node of its name
 * lacks are appended to it (the Node's own stay first; nothing of the Node is replaced); a
 * CiliumNode without a Node is a node of its own. Info notes say what the CiliumNodes added, at
 * the first CiliumNode that added it.
 */
export function mergeCiliumNodes(nodes: readonly Node[], ciliumNodes: readonly Node[]): { nodes: Node[]; diagnostics: Diagnostic[] } {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const added: string[] = [];
  let addedAt: Node['source'] = null;
  const only: Node[] = [];
  for (const cn of ciliumNodes) {
    const n = byName.get(cn.name);
    if (n === undefined) {
      byName.set(cn.name, cn);
      only.push(cn);
      continue;
    }
    const extra = cn.ips.filter((ip) => !n.ips.includes(ip));
    if (extra.length === 0) continue;
    byName.set(cn.name, { ...n, ips: [...n.ips, ...extra] });
    added.push(`${cn.name}: ${extra.join(', ')}`);
    addedAt ??= cn.source;
  }
  const diagnostics: Diagnostic[] = [];
  const list = (items: readonly string[]): string => `${items.slice(0, 3).join('; ')}${items.length > 3 ? `; and ${items.length - 3} more` : ''}`;
  if (addedAt !== null && nodes.length > 0) {
    diagnostics.push(
      lineDiagnostic(addedAt.file, addedAt.document, addedAt.line, 1, 'info', 'ciliumnode-addresses', `CiliumNodes give ${plural(added.length, 'node')} addresses their Node objects do not list (${list(added)}): Cilium gives them the node's identity too (host on the node itself, remote-node elsewhere; the CiliumInternalIP is cilium_host's), so they are read as the node's addresses.`),
    );
  }
  const first = only[0]?.source;
  if (first) {
    diagnostics.push(
      lineDiagnostic(first.file, first.document, first.line, 1, 'info', 'ciliumnode-without-node', `${plural(only.length, 'CiliumNode')} without a loaded Node (${list(only.map((n) => n.name))}): ${only.length === 1 ? 'its' : 'their'} name, labels and addresses are read from the CiliumNode (Cilium copies the Node's labels into it).`),
    );
  }
  return { nodes: [...byName.values()].sort((a, b) => a.name.localeCompare(b.name)), diagnostics };
}
