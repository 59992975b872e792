import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { needsPeerNames, peerNamesCode } from '../core/flows/peerNamesCode.ts';
import { readLoad } from './loadPipeline.ts';
import { lazyModuleMisses } from '../core/util/lazyModule.ts';
import type { LoadSource } from './protocol.ts';
import { agentIpListFile, appPlatformFile } from '../../test/paths.ts';
import { withoutModule } from '../core/util/lazyModuleTesting.ts';

/**
 * Naming the flow peers the flows do not name (core/flows/peerNames.ts: by identity number, by
 * address from the ipcache) is a chunk of its own in the browser: the load pipeline fetches it
 * before it takes the aggregate, only for a cluster that can name any.
 */
const blob = (name: string, text: string): LoadSource => ({ kind: 'file', name, file: new Blob([text]) });

/** A request from 10.245.3.21 (only its address) to a pod of the inventory. */
const FLOW = JSON.stringify({
  flow: {
    time: '2026-11-20T09:00:00Z',
    verdict: 'FORWARDED',
    IP: { source: '10.245.3.21', destination: '10.244.0.5', ipVersion: 'IPv4' },
    l4: { TCP: { source_port: 40000, destination_port: 8080, flags: { SYN: true } } },
    source: {},
    destination: { identity: 48312, namespace: 'shop', pod_name: 'web-6d9c-x2kqp', labels: ['k8s:app=web'] },
    event_type: { type: 4 },
    traffic_direction: 'INGRESS',
  },
});
const INVENTORY = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web-6d9c-x2kqp, namespace: shop, labels: {app: web}}\nspec: {nodeName: n1, containers: [{name: web}]}\nstatus: {podIP: 10.244.0.5}\n';
const IDENTITIES = JSON.stringify([{ id: 131210, labels: ['k8s:app=ledger', 'k8s:io.cilium.k8s.policy.cluster=east', 'k8s:io.kubernetes.pod.namespace=payments'] }]);

const withIpcache = (): LoadSource[] => [
  blob('inventory.yaml', INVENTORY),
  blob('cilium-dbg-identity-list--o-json.md', IDENTITIES),
  blob('cilium-dbg-ip-list--n--o-json.md', readFileSync(agentIpListFile, 'utf8')),
  blob('flows.jsonl', `${FLOW}\n`),
];

const withoutIt = <T>(run: () => Promise<T>): Promise<T> => withoutModule(peerNamesCode, run);

describe('naming flow peers, code only clusters with identities or an ipcache need (peerNamesCode.ts)', () => {
  it('is needed with an ipcache or identities, not for policies and inventory alone (nor the demo: bench bundle)', async () => {
    const plain = await readLoad([blob('policies.yaml', readFileSync(appPlatformFile('policies.yaml'), 'utf8')), blob('inventory.yaml', readFileSync(appPlatformFile('inventory.yaml'), 'utf8'))], {}, () => {});
    expect(needsPeerNames(plain.cluster)).toBe(false);
    expect(needsPeerNames((await readLoad(withIpcache(), {}, () => {})).cluster)).toBe(true);
  });

  it('the load pipeline fetches it before it takes the aggregate (no miss, no second reading pass): the peer is named as with it loaded', async () => {
    await withoutIt(async () => {
      const misses = lazyModuleMisses();
      const read = await readLoad(withIpcache(), {}, () => {});
      expect(lazyModuleMisses()).toBe(misses);
      expect(peerNamesCode.loaded()).toBe(true);
      expect(read.flows?.edges.map((e) => e.source.key)).toEqual(['payments/Pod/ledger-7f5b9-kq4zd']);
    });
  });

  it('a load that does not need it leaves it unfetched', async () => {
    await withoutIt(async () => {
      const read = await readLoad([blob('inventory.yaml', INVENTORY), blob('flows.jsonl', `${FLOW}\n`)], {}, () => {});
      expect(peerNamesCode.loaded()).toBe(false);
      expect(read.flows?.edges.map((e) => e.source.key)).toEqual(['ip:10.245.3.21']);
    });
  });
});
