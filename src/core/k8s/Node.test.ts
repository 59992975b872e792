import { describe, expect, it } from 'vitest';
import { yamlDoc } from '../load/testing.ts';
import { parseNode } from './Node.ts';

const ctx = { defaultNamespace: 'default', clusterName: 'default' };

describe('parseNode', () => {
  it('reads labels and internal/external addresses', () => {
    const r = parseNode(
      yamlDoc(`apiVersion: v1
kind: Node
metadata: {name: worker-1, labels: {role: worker}}
status:
  addresses:
  - {type: InternalIP, address: 10.0.0.11}
  - {type: Hostname, address: worker-1}
  - {type: ExternalIP, address: 203.0.113.11}
  - {type: InternalIP, address: bogus}
`),
      ctx,
    );
    expect(r.value).toMatchObject({ name: 'worker-1', labels: { role: 'worker' }, ips: ['10.0.0.11', '203.0.113.11'] });
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['invalid-ip', 9]]);
  });
});
