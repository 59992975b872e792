/**
 * CNP shop/backend-in, refused by Cilium 1.19 (its entity cluster-mesh came with 1.20: cilium/
 * peers.ts): backend takes frontend on every port, and cluster-mesh on 9090 only. The one copy
 * for versionGaps.test, the explain CLI's test and e2e/versions.spec.
 */
export const backendInClusterMesh = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: backend-in, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: backend}}
  ingress:
  - fromEndpoints: [{matchLabels: {app: frontend}}]
  - fromEntities: [cluster-mesh]
    toPorts: [{ports: [{port: "9090"}]}]
`;

/**
 * CNP shop/deny-world-only: `enableDefaultDeny: {ingress: false}` and an ingressDeny from world, which
 * Cilium before 1.16 reads as an ordinary policy (default deny on backend's ingress). The one copy for
 * enforcement.test and e2e/versions.spec.
 */
export const denyWorldOnly = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: deny-world-only, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: backend}}
  enableDefaultDeny: {ingress: false}
  ingressDeny:
  - fromEntities: [world]
`;
