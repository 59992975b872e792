/**
 * The cluster around the agents' ipcache fixture (test/fixtures/real-world/agent-ipcache): the
 * inventory's two shop pods, the identities the agent lists (`cilium-dbg identity list -o json`, a
 * remote cluster's among them) and the cilium-config naming the local cluster. Shared by the
 * loader's and the flows' ipcache tests.
 * @internal
 */

export const INVENTORY = `apiVersion: v1
kind: Pod
metadata: {name: web-6d9c-x2kqp, namespace: shop, labels: {app: web}}
spec: {nodeName: n1, containers: [{name: web}]}
status: {podIP: 10.244.0.5}
---
apiVersion: v1
kind: Pod
metadata: {name: web-old-55f1-abcde, namespace: shop, labels: {app: web}}
spec: {nodeName: n1, containers: [{name: web}]}
status: {podIP: 10.244.0.9}
`;

export const IDENTITIES = JSON.stringify([
  { id: 5120, labels: ['k8s:app=db', 'k8s:io.cilium.k8s.policy.cluster=west', 'k8s:io.kubernetes.pod.namespace=shop'] },
  { id: 131210, labels: ['k8s:app=ledger', 'k8s:io.cilium.k8s.policy.cluster=east', 'k8s:io.kubernetes.pod.namespace=payments'] },
]);

export const CLUSTER_CONFIG = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cilium-config, namespace: kube-system}\ndata: {cluster-name: west}\n';
