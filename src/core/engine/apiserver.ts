/**
 * Where the kube-apiserver runs, as Cilium learns it: the addresses listed by the Endpoints of
 * the `default/kubernetes` Service. Cilium merges `reserved:kube-apiserver` into the identity of
 * each address (pkg/ipcache/metadata.go `InjectLabels`): on the local node that is the host
 * identity, on another node identity 7 with `reserved:remote-node`, outside the cluster a CIDR
 * identity (world). Policies therefore select the apiserver by `host`, `remote-node` or
 * `world`/CIDR as well as by `kube-apiserver` and `cluster`.
 * @internal
 */
import type { EngineModel } from './compile.ts';

export interface ApiserverBackend {
  readonly ip: string;
  /** The node whose address it is; null for an apiserver outside the cluster. */
  readonly node: string | null;
}

const cache = new WeakMap<EngineModel, readonly ApiserverBackend[]>();

/** The apiserver's addresses from `default/kubernetes` (empty when its Endpoints were not loaded). */
export function apiserverBackends(model: EngineModel): readonly ApiserverBackend[] {
  const hit = cache.get(model);
  if (hit) return hit;
  const svc = model.cluster.services.find((s) => s.namespace === 'default' && s.name === 'kubernetes' && s.selector === null);
  const out = (svc?.backendIps ?? []).map((ip) => ({ ip, node: model.nodeByIp.get(ip) ?? null }));
  cache.set(model, out);
  return out;
}

export function isApiserverAddress(model: EngineModel, ip: string | null): boolean {
  return ip !== null && apiserverBackends(model).some((b) => b.ip === ip);
}

export function describeBackend(b: ApiserverBackend): string {
  return b.node !== null ? `${b.ip}, node ${b.node}` : `${b.ip}, outside the cluster`;
}

/** How an address of the apiserver is selected, for the explanation. */
export function backendText(b: ApiserverBackend, role: 'host' | 'remote-node' | 'world'): string {
  const where = b.node !== null ? `runs on node ${b.node} (${b.ip})` : `is outside the cluster at ${b.ip}`;
  const as =
    role === 'world'
      ? 'a world (CIDR) identity with reserved:kube-apiserver, so world and CIDR rules select it as well'
      : role === 'host'
        ? 'the host identity with reserved:kube-apiserver (the same node), so host rules select it as well'
        : 'identity kube-apiserver with reserved:remote-node, so remote-node rules select it as well';
  return `the kube-apiserver ${where} per the Endpoints of default/kubernetes: Cilium gives it ${as}`;
}

export const UNKNOWN_APISERVER_NOTE =
  'where the kube-apiserver runs is not known (no Endpoints of default/kubernetes loaded): it is matched as kube-apiserver only (kube-apiserver, cluster and all select it); in Cilium an in-cluster apiserver also carries the host or remote-node label of its node, an external one is world and CIDR rules select it';
