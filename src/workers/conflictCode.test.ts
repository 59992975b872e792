import { describe, expect, it } from 'vitest';
import { compile } from '../core/engine/compile.ts';
import { conflictCode, needsConflictCode } from '../core/engine/conflictCode.ts';
import { decide } from '../core/engine/decide.ts';
import { peerEndpoint } from '../core/engine/testing.ts';
import type { Cluster } from '../core/model/cluster.ts';
import { LazyModuleNotLoaded } from '../core/util/lazyModule.ts';
import { compileTask } from '../ui/state/engineTasks.ts';
import { analyseLoad, readLoad } from './loadPipeline.ts';
import type { LoadSource } from './protocol.ts';
import { withoutModule } from '../core/util/lazyModuleTesting.ts';

/**
 * The engine's code for authentication modes and policies Cilium cannot merge
 * (core/engine/conflictChunk.ts) is a chunk of its own in the browser: whoever compiles a model of
 * a cluster that needs it loads it first. Here it is unloaded (as a page starts) and each path must
 * fetch it before the engine runs. The cluster: e2e authdenied's (test-always-fail on every port but 443).
 */
const inventory = `apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop, labels: {app: client}}
spec: {containers: [{name: c, image: x}]}
status: {phase: Running, podIP: 10.244.0.10}
---
apiVersion: v1
kind: Pod
metadata: {name: server, namespace: shop, labels: {app: server}}
spec: {containers: [{name: c, image: x}]}
status: {phase: Running, podIP: 10.244.0.11}
`;
const policy = (modes: boolean): string => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: mtls-only, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: server}}
  ingress:
  - fromEndpoints: [{matchLabels: {app: client}}]
${modes ? '    authentication: {mode: test-always-fail}\n' : ''}  - fromEndpoints: [{matchLabels: {app: client}}]
    toPorts: [{ports: [{port: "443", protocol: TCP}]}]
${modes ? '    authentication: {mode: disabled}\n' : ''}`;
const sources = (modes = true): LoadSource[] =>
  [
    ['inventory.yaml', inventory],
    ['policy.yaml', policy(modes)],
  ].map(([name, text]) => ({ kind: 'file', name: name as string, file: new Blob([text as string]) }));

function ask(cluster: Cluster, port: number) {
  const model = compile(cluster);
  return decide(model, { from: peerEndpoint(model, 'shop/client'), to: peerEndpoint(model, 'shop/server'), port, protocol: 'TCP' });
}

const withoutIt = <T>(run: () => Promise<T>): Promise<T> => withoutModule(conflictCode, run);

describe('the engine code for authentication modes and policy conflicts (conflictCode.ts)', () => {
  it('is needed for a cluster with an authentication mode, not without one', async () => {
    expect(needsConflictCode((await readLoad(sources(), {}, () => {})).cluster)).toBe(true);
    expect(needsConflictCode((await readLoad(sources(false), {}, () => {})).cluster)).toBe(false);
  });

  it('a decision on an allow with a mode needs it: without it the engine throws, it does not answer otherwise', async () => {
    const read = await readLoad(sources(), {}, () => {});
    await withoutIt(async () => {
      expect(() => ask(read.cluster, 80)).toThrow(LazyModuleNotLoaded);
    });
    expect(ask(read.cluster, 80).verdict).toBe('denied');
    expect(ask(read.cluster, 443).verdict).toBe('allowed');
  });

  it('the load pipeline fetches it before its analysis: the same analysis as with it loaded', async () => {
    const withIt = analyseLoad(await readLoad(sources(), {}, () => {}), undefined, false).analysis;
    expect(withIt.engineError).toBeNull();
    await withoutIt(async () => {
      const read = await readLoad(sources(), {}, () => {});
      expect(conflictCode.loaded()).toBe(true);
      const analysis = analyseLoad(read, undefined, false).analysis;
      expect(analysis.engineError).toBeNull();
      expect(analysis.connectivity).toEqual(withIt.connectivity);
    });
  });

  it('a load without modes or L7 parsers leaves it unfetched, and the engine answers without it', async () => {
    await withoutIt(async () => {
      const read = await readLoad(sources(false), {}, () => {});
      expect(conflictCode.loaded()).toBe(false);
      expect(analyseLoad(read, undefined, false).analysis.engineError).toBeNull();
      expect(ask(read.cluster, 80).verdict).toBe('allowed');
    });
  });

  it("the page's compile task fetches it before it compiles a model that needs it", async () => {
    const read = await readLoad(sources(), {}, () => {});
    await withoutIt(async () => {
      await compileTask(read.cluster);
      expect(conflictCode.loaded()).toBe(true);
      expect(ask(read.cluster, 80).verdict).toBe('denied');
    });
  });
});
