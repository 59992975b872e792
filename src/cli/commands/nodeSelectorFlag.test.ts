import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { memoryIo } from '../io.ts';
import { main } from '../main.ts';

/**
 * `--node-selector-labels on|off` reaches the policy parsers in every command that loads policies
 * (agentSettingsOf, parserSettingsOf): a fromNodes policy loads with the flag on (or assumed on, no
 * cilium-config), and is refused with it off, whatever cilium-config says.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'netpol-viz-nodeflag-'));
const policy = path.join(dir, 'from-nodes.yaml');
writeFileSync(
  policy,
  'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: from-workers, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: be}}\n  ingress:\n  - fromNodes: [{matchLabels: {role: worker}}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: be, namespace: shop, labels: {app: be}}\nspec: {nodeName: n1, containers: [{name: c, image: x}]}\n',
);
const config = path.join(dir, 'cilium-config.yaml');
writeFileSync(config, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cilium-config, namespace: kube-system}\ndata: {enable-policy: default}\n');

async function code(argv: readonly string[]): Promise<number> {
  return main([...argv], memoryIo());
}

describe('--node-selector-labels', () => {
  for (const cmd of ['lint', 'connlist', 'inspect']) {
    it(`${cmd}: no cilium-config, assumed on (loads); off refuses the policy; on wins over a cilium-config without the key`, async () => {
      expect(await code([cmd, policy, '--strict'])).toBe(0);
      expect(await code([cmd, policy, '--strict', '--node-selector-labels', 'off'])).toBe(4);
      expect(await code([cmd, policy, config, '--strict'])).toBe(4);
      expect(await code([cmd, policy, config, '--strict', '--node-selector-labels=on'])).toBe(0);
    });
  }
});
