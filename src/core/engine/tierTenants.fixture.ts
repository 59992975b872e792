/**
 * Two tenants for the tier tests (tiers.baselineAfterPolicy.test.ts, tiers.simulate.property.test.ts):
 * namespace t1 (tenant acme) with pods web (app: web) and db (app: db), namespace t2 (tenant
 * globex) with pod api (app: api).
 * @internal
 */
export const tenantInventory = `apiVersion: v1
kind: Namespace
metadata: {name: t1, labels: {tenant: acme}}
---
apiVersion: v1
kind: Namespace
metadata: {name: t2, labels: {tenant: globex}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: t1, labels: {app: web}}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: t1, labels: {app: db}}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: t2, labels: {app: api}}
spec: {containers: [{name: c, image: i}]}
`;
