import fc from 'fast-check';
import { describe, it } from 'vitest';
import { expectStrictEqual } from '../../../test/strictEqual.ts';
import { resolveWorkloads } from './ownerChain.ts';
import { resolveWorkloadsBefore } from './ownerChainBefore.testing.ts';
import type { PodRecord } from './Pod.ts';
import { CONTROLLER_KINDS, type ControllerRecord } from './Workload.ts';

// Few names, so owners collide, chains meet, break and loop; '\u0001' makes names that differ yet
// compare equal (localeCompare ignores it).
const nameArb = fc.constantFrom('web', 'web-abc12', 'web-abc12-x', 'web-def34', 'job-1', 'job', 'cron', 'cron-27', 'a\u0001b', 'ab', 'x-7', 'x');
const nsArb = fc.constantFrom('shop', 'ops', 'sh\u0001op');
const ownerKindArb = fc.constantFrom(...CONTROLLER_KINDS, 'Node', 'CustomThing');
const ownersArb = fc.array(fc.record({ kind: ownerKindArb, name: nameArb, controller: fc.boolean() }), { maxLength: 2 });
const labelsArb = fc.dictionary(fc.constantFrom('app', 'pod-template-hash', 'controller-revision-hash', 'tier'), fc.constantFrom('abc12', 'def34', 'web', '1'), { maxKeys: 3 });
const srcArb = fc.record({ file: fc.constantFrom('a.yaml', 'b.json'), document: fc.nat(3), line: fc.nat(50) });

const controllerArb: fc.Arbitrary<ControllerRecord> = fc.record({
  kind: fc.constantFrom(...CONTROLLER_KINDS),
  namespace: nsArb,
  name: nameArb,
  labels: labelsArb,
  annotations: fc.constant({}),
  podLabels: labelsArb,
  podAnnotations: fc.dictionary(fc.constantFrom('x', 'y'), fc.constantFrom('1', '2'), { maxKeys: 1 }),
  serviceAccount: fc.constantFrom('default', 'sa'),
  ports: fc.constant([]),
  hostNetwork: fc.boolean(),
  replicas: fc.option(fc.nat(3), { nil: null }),
  owners: ownersArb,
  source: srcArb,
});

const podArb: fc.Arbitrary<PodRecord> = fc.record({
  namespace: nsArb,
  name: nameArb,
  labels: labelsArb,
  annotations: fc.dictionary(fc.constantFrom('x', 'y'), fc.constantFrom('1', '2'), { maxKeys: 1 }),
  ips: fc.constant([]),
  nodeName: fc.constant(null),
  hostIP: fc.constant(null),
  hostNetwork: fc.boolean(),
  serviceAccount: fc.constantFrom('default', 'sa'),
  ports: fc.constantFrom([], [{ name: null, port: 80, protocol: 'TCP' as const }]),
  owners: ownersArb,
  phase: fc.constant(null),
  source: srcArb,
});

describe('resolveWorkloads on random inventories', () => {
  it('gives what it gave before its chains were kept per owner: workloads, pods, diagnostics', () => {
    fc.assert(
      fc.property(fc.array(controllerArb, { maxLength: 14 }), fc.array(podArb, { maxLength: 14 }), (controllers, pods) => {
        expectStrictEqual(resolveWorkloads(controllers, pods), resolveWorkloadsBefore(controllers, pods));
      }),
      { numRuns: 3000 },
    );
  });
});
