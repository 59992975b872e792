import { describe, expect, it } from 'vitest';
import { yamlDoc } from '../load/testing.ts';
import { parseService } from './Service.ts';

const ctx = { defaultNamespace: 'default', clusterName: 'default' };

describe('parseService', () => {
  it('reads selector, cluster IPs and ports', () => {
    const r = parseService(
      yamlDoc(`apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop, labels: {app: web}}
spec:
  selector: {app: web}
  clusterIP: 10.96.0.10
  clusterIPs: [10.96.0.10, "fd00::10"]
  ports:
  - {name: http, port: 80, targetPort: http}
  - {port: 53, targetPort: 5353, protocol: UDP}
  - {port: 443, targetPort: "8443"}
`),
      ctx,
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toMatchObject({
      namespace: 'shop',
      name: 'web',
      selector: { app: 'web' },
      clusterIPs: ['10.96.0.10', 'fd00::10'],
      ports: [
        { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
        { name: null, port: 53, targetPort: 5353, protocol: 'UDP' },
        { name: null, port: 443, targetPort: 8443, protocol: 'TCP' },
      ],
    });
  });

  it('has a null selector for a selector-less Service and skips headless None', () => {
    const r = parseService(yamlDoc('apiVersion: v1\nkind: Service\nmetadata: {name: ext}\nspec:\n  clusterIP: None\n'), ctx);
    expect(r.value).toMatchObject({ namespace: 'default', selector: null, clusterIPs: [] });
  });

  it('reports invalid ports and protocols', () => {
    const r = parseService(yamlDoc('apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec:\n  ports:\n  - {port: 0}\n  - {port: 80, protocol: HTTP}\n'), ctx);
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['invalid-port', 6],
      ['invalid-protocol', 7],
    ]);
  });
});
