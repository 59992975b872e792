import { describe, expect, it } from 'vitest';
import { detectKind } from './kinds.ts';

describe('detectKind', () => {
  it.each([
    [{ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy' }, { kind: 'policy', name: 'CiliumNetworkPolicy' }],
    [{ apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy' }, { kind: 'policy', name: 'CiliumClusterwideNetworkPolicy' }],
    [{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' }, { kind: 'policy', name: 'NetworkPolicy' }],
    [{ apiVersion: 'v1', kind: 'Namespace' }, { kind: 'inventory', name: 'Namespace' }],
    [{ apiVersion: 'v1', kind: 'Pod' }, { kind: 'inventory', name: 'Pod' }],
    [{ apiVersion: 'apps/v1', kind: 'Deployment' }, { kind: 'inventory', name: 'Deployment' }],
    [{ apiVersion: 'apps/v1', kind: 'StatefulSet' }, { kind: 'inventory', name: 'StatefulSet' }],
    [{ apiVersion: 'apps/v1', kind: 'DaemonSet' }, { kind: 'inventory', name: 'DaemonSet' }],
    [{ apiVersion: 'apps/v1', kind: 'ReplicaSet' }, { kind: 'inventory', name: 'ReplicaSet' }],
    [{ apiVersion: 'batch/v1', kind: 'Job' }, { kind: 'inventory', name: 'Job' }],
    [{ apiVersion: 'batch/v1', kind: 'CronJob' }, { kind: 'inventory', name: 'CronJob' }],
    [{ apiVersion: 'v1', kind: 'Service' }, { kind: 'inventory', name: 'Service' }],
    [{ apiVersion: 'v1', kind: 'Node' }, { kind: 'inventory', name: 'Node' }],
    [{ apiVersion: 'cilium.io/v2', kind: 'CiliumEndpoint' }, { kind: 'inventory', name: 'CiliumEndpoint' }],
    [{ apiVersion: 'cilium.io/v2alpha1', kind: 'CiliumCIDRGroup' }, { kind: 'inventory', name: 'CiliumCIDRGroup' }],
    [{ apiVersion: 'v1', kind: 'List', items: [] }, { kind: 'list', name: 'List', itemKind: null, itemApiVersion: 'v1' }],
    [{ apiVersion: 'v1', kind: 'PodList', items: [] }, { kind: 'list', name: 'PodList', itemKind: 'Pod', itemApiVersion: 'v1' }],
    [{ flow: { verdict: 'FORWARDED' }, node_name: 'k8s1' }, { kind: 'flow' }],
    [{ verdict: 'DROPPED', IP: { source: '1.1.1.1' } }, { kind: 'flow' }],
    [{ node_status: {} }, { kind: 'hubbleOther', name: 'HubbleNodeStatus' }],
    [{ lost_events: { num_events_lost: '3' } }, { kind: 'hubbleOther', name: 'HubbleLostEvents' }],
    // The exporter's ExportEvent and `hubble observe agent-events|debug-events -o jsonpb` (api/v1/observer/observer.proto).
    [{ agent_event: { type: 'ENDPOINT_REGENERATE_SUCCESS', endpoint_regenerate: { id: '1234' } }, node_name: 'kind-worker', time: '2024-01-01T00:00:00Z' }, { kind: 'hubbleOther', name: 'HubbleAgentEvent' }],
    [{ debug_event: { type: 'DBG_CT_VERDICT', source: { ID: 1234 }, cpu: 1 }, node_name: 'kind-worker' }, { kind: 'hubbleOther', name: 'HubbleDebugEvent' }],
    [{ apiVersion: 'v1', kind: 'ConfigMap' }, { kind: 'unknown', name: 'ConfigMap', apiVersion: 'v1' }],
    [{ apiVersion: 'serving.knative.dev/v1', kind: 'Service' }, { kind: 'unknown', name: 'Service', apiVersion: 'serving.knative.dev/v1' }],
    [{ apiVersion: 'crd.projectcalico.org/v1', kind: 'NetworkPolicy' }, { kind: 'unknown', name: 'NetworkPolicy', apiVersion: 'crd.projectcalico.org/v1' }],
    [{ endpointSelector: {}, ingress: [] }, { kind: 'bareRule' }],
    [{ src: 'a', dst: 'b' }, { kind: 'noKind' }],
    ['text', { kind: 'notObject' }],
    [[1, 2], { kind: 'notObject' }],
  ])('%j → %j', (value, expected) => {
    expect(detectKind(value).type).toEqual(expected);
  });

  it('finds a mis-cased apiVersion key and reports it', () => {
    const d = detectKind({ apiversion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy' });
    expect(d).toMatchObject({ type: { kind: 'policy' }, apiVersionKey: 'miscased', writtenKey: 'apiversion', apiVersion: 'cilium.io/v2' });
  });

  it('lets typed-list items inherit kind and apiVersion', () => {
    expect(detectKind({ metadata: { name: 'p' } }, { kind: 'Pod', apiVersion: 'v1' })).toMatchObject({ type: { kind: 'inventory', name: 'Pod' }, apiVersionKey: 'ok' });
  });
});
