import { appPlatformFile } from '../test/paths.ts';

/** A file of the app-platform fixture (test/fixtures/app-platform). */
export const fixture = appPlatformFile;

/** Policies, inventory and the 223-flow Hubble export. */
export const appPlatform = ['policies.yaml', 'inventory.yaml', 'flows.jsonl'].map(fixture);

/**
 * Two documents: the first is a valid policy, the second has a YAML syntax error on line 14
 * (column 9: a nested mapping in a compact mapping), so only the first loads.
 */
export const MALFORMED = [
  'apiVersion: cilium.io/v2',
  'kind: CiliumNetworkPolicy',
  'metadata:',
  '  name: fine',
  '  namespace: shop',
  'spec:',
  '  endpointSelector: {}',
  '  egress:',
  '    - toEntities: [world]',
  '---',
  'apiVersion: cilium.io/v2',
  'kind: CiliumNetworkPolicy',
  'metadata:',
  '  name: broken: yes',
  '  namespace: shop',
  'spec:',
  '  endpointSelector: {}',
  '  egress:',
  '    - toEntities: [world]',
  '',
].join('\n');

/** A tenant's policies as exported from a GitOps repo, with typical problems (for the diagnostics view). */
export const TENANT_POLICIES_WITH_PROBLEMS = `# Policies exported from the customer's GitOps repo (acme tenant).
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: api-from-frontend
  namespace: acme-web
spec:
  endpointSelector:
    matchLabels:
      app: api
  ingress:
    - fromEndpoints:
        - matchLabels:
            app: frontend
      toPorts:
        - ports:
            - port: "90000"
              protocol: TCP
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: worker-egress
  namespace: acme-jobs
spec:
  endpointSelector:
    matchLabels:
      app: {{ .Values.workerLabel }}
  egress:
    - toCIDR:
        - 10.0.0.0/33
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: mailer-egress
  namespace: acme-jobs
spec:
  endpointSelector:
    matchLabels:
      app: mailer
  egress:
    - toCIDRSet:
        - cidr: 198.51.100.0/24
          except:
            - 203.0.113.0/28
      toPorts:
        - ports:
            - port: "587"
              protocol: TCP
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: acme-web
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 9000
`;
