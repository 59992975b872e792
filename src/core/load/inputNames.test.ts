import { describe, expect, it } from 'vitest';
import { classifyInputName, isArchiveName, isBugtoolArchiveName, SkipTally } from './inputNames.ts';

describe('classifyInputName', () => {
  const read = (n: string): boolean => classifyInputName(n).read;
  it('reads the sysdump files that hold policies, inventory, settings and flows (cilium-cli v0.8 to today, the Python cilium-sysdump)', () => {
    for (const n of [
      // cilium-cli sysdump/constants.go (now cilium/cilium cilium-cli/sysdump/constants.go)
      'cilium-sysdump-20240131-235959/ciliumnetworkpolicies-20240131-235959.yaml',
      'ciliumclusterwidenetworkpolicies-20240131-235959.yaml',
      'k8s-networkpolicies-20240131-235959.yaml',
      'k8s-pods-20240131-235959.yaml',
      'k8s-namespaces-20240131-235959.yaml',
      'k8s-services-20240131-235959.yaml',
      'k8s-endpoints-20240131-235959.yaml',
      'ciliumendpoints-20240131-235959.yaml',
      'ciliumidentities-20240131-235959.yaml',
      'ciliumcidrgroups-20240131-235959.yaml',
      'cilium-configmap-20240131-235959.yaml',
      'cilium-daemonset-20240131-235959.yaml',
      'cilium-helm-metadata-20240131-235959.yaml',
      'hubble-flows-cilium-x7k2p-20240131-235959.json',
      // cilium-cli v0.8-v0.9 named cilium-config's file so
      'cilium-config-configmap-20210101-101010.yaml',
      // the Python cilium-sysdump (cilium/cilium-sysdump sysdumpcollector.py)
      'cnp-20210101-101010.yaml',
      'ccnp-20210101-101010.yaml',
      'netpol-20210101-101010.yaml',
      'cep-20210101-101010.yaml',
      'pods-20210101-101010.json',
      'nodes-20210101-101010.json',
      'services-20210101-101010.yaml',
      'cilium-ds-20210101-101010.yaml',
      // a user's own file with a timestamp in its name
      'exports/tenant-a-policies-20240131-235959.yaml',
      // a sysdump zipped again: in a support-case folder, or in a zip
      'case-1234/cilium-sysdump-20240131-235959.zip',
      'case-1234/cilium-sysdump-20240131-235959.tar.gz',
    ])
      expect(read(n), n).toBe(true);
  });
  it('skips the rest of a sysdump by category', () => {
    const cat = (n: string): string => {
      const d = classifyInputName(n);
      return d.read ? 'read' : d.category;
    };
    expect(cat('logs-cilium-x7k2p-cilium-agent-20240131-235959.log')).toBe('log');
    expect(cat('logs-cilium-x7k2p-cilium-agent-20240131-235959-prev.log')).toBe('log');
    expect(cat('hubble-observe-cilium-x7k2p-20240131-235959.log')).toBe('log');
    expect(cat('metrics-cilium-x7k2p-cilium-agent-20240131-235959.txt')).toBe('metrics');
    expect(cat('cilium-operator-pod-cilium-operator-5d-metrics-20240131-235959.yaml')).toBe('metrics');
    expect(cat('tetragon-bugtool-tetragon-x7k2p-20240131-235959.tar.gz')).toBe('bugtool');
    expect(cat('gops-cilium-x7k2p-cilium-agent-20240131-235959-memstats.txt')).toBe('profile');
    expect(cat('k8s-events-20240131-235959.yaml')).toBe('other');
    expect(cat('k8s-pods-20240131-235959.txt')).toBe('other');
    expect(cat('cilium-helm-values-20240131-235959.yaml')).toBe('other');
    expect(cat('ciliumnodes-20240131-235959.yaml')).toBe('read');
    expect(cat('ciliumendpointslices-20240131-235959.yaml')).toBe('read');
    expect(cat('ciliumnodeconfigs-20240131-235959.yaml')).toBe('read');
    expect(cat('gatewayapi-httproutes-20240131-235959.yaml')).toBe('other');
    expect(cat('ciliumbgpnodeconfigs-20240131-235959.yaml')).toBe('other');
    expect(cat('cilium-spire-server-entries-spire-server-0-20240131-235959.json')).toBe('other');
  });
  /**
   * Every file name cilium-cli's sysdump writes (sysdump/constants.go and the names built in
   * sysdump.go, cilium/cilium-cli v0.12.0 to e694be34c, which vendors cilium/cilium
   * cilium-cli/sysdump), as `cilium-sysdump-<ts>/<name>` with its pods filled in: what it holds
   * decides whether it is read. Read: policies, inventory (workloads included), cilium-config and
   * GKE's override, the Helm release (the version), Hubble flows, the bugtool archives; the
   * kvstore dumps (no timestamp) are read by their content (sysdumpVariants.test.ts).
   */
  it('decides every name cilium-cli v0.12 to today writes by what it holds', () => {
    const TS = '20260821-113444';
    const cat = (n: string): string => {
      const d = classifyInputName(`cilium-sysdump-${TS}/${n.replace('<ts>', TS)}`);
      return d.read ? 'read' : d.category;
    };
    const table: Record<string, string> = {
      'ciliumnetworkpolicies-<ts>.yaml': 'read',
      'ciliumclusterwidenetworkpolicies-<ts>.yaml': 'read',
      'k8s-networkpolicies-<ts>.yaml': 'read',
      'ciliumcidrgroups-<ts>.yaml': 'read',
      'ciliumendpoints-<ts>.yaml': 'read',
      'ciliumidentities-<ts>.yaml': 'read',
      'k8s-pods-<ts>.yaml': 'read',
      'k8s-namespaces-<ts>.yaml': 'read',
      'k8s-nodes-<ts>.yaml': 'read',
      'k8s-services-<ts>.yaml': 'read',
      'k8s-endpoints-<ts>.yaml': 'read',
      'k8s-endpointslices-<ts>.yaml': 'read',
      'cilium-configmap-<ts>.yaml': 'read',
      'gke-cilium-override-config-<ts>.yaml': 'read',
      'cilium-daemonset-<ts>.yaml': 'read',
      'cilium-operator-deployment-<ts>.yaml': 'read',
      'cilium-envoy-daemonset-<ts>.yaml': 'read',
      'hubble-daemonset-<ts>.yaml': 'read',
      'hubble-relay-deployment-<ts>.yaml': 'read',
      'hubble-ui-deployment-<ts>.yaml': 'read',
      'clustermesh-apiserver-deployment-<ts>.yaml': 'read',
      'cilium-helm-metadata-<ts>.yaml': 'read',
      'hubble-flows-cilium-x7k2p-<ts>.json': 'read',
      'cilium-bugtool-cilium-x7k2p-<ts>.tar.gz': 'read',
      'logs-cilium-x7k2p-cilium-agent-<ts>.log': 'log',
      'logs-cilium-x7k2p-cilium-agent-<ts>-prev.log': 'log',
      'hubble-observe-cilium-x7k2p-<ts>.log': 'log',
      'metrics-cilium-x7k2p-cilium-agent-<ts>.txt': 'metrics',
      'k8s-metrics-<ts>.yaml': 'metrics',
      'cilium-operator-pod-cilium-operator-5d-x-metrics-<ts>.yaml': 'metrics',
      'clustermesh-apiserver-7f-x-metrics-<ts>.yaml': 'metrics',
      'cilium-clustermesh-etcd-clustermesh-apiserver-7f-x-metrics-<ts>.yaml': 'metrics',
      'clustermesh-kvstoremesh-clustermesh-apiserver-7f-x-metrics-<ts>.yaml': 'metrics',
      'gops-cilium-x7k2p-cilium-agent-<ts>-memstats.txt': 'profile',
      'gops-cilium-x7k2p-cilium-agent-<ts>-pprof-heap': 'profile',
      // `<pod>-<container>-<task>-<ts>.<ext>` (submitPodCommandTask: the operator's, the
      // clustermesh-apiserver's and kvstoremesh's own state, since v0.16.10): not read.
      'cilium-operator-5d-x-cilium-operator-statedb-dump-<ts>.json': 'other',
      'cilium-operator-5d-x-cilium-operator-status-clustermesh-<ts>.txt': 'other',
      'cilium-operator-5d-x-cilium-operator-troubleshoot-kvstore-<ts>.txt': 'other',
      'clustermesh-apiserver-7f-x-apiserver-statedb-dump-<ts>.json': 'other',
      'clustermesh-apiserver-7f-x-apiserver-kvstore-list-<ts>.txt': 'other',
      'clustermesh-apiserver-7f-x-kvstoremesh-status-<ts>.json': 'other',
      'clustermesh-apiserver-7f-x-kvstoremesh-status-<ts>.txt': 'other',
      'clustermesh-apiserver-7f-x-kvstoremesh-statedb-dump-<ts>.json': 'other',
      'clustermesh-apiserver-7f-x-apiserver-version-<ts>.txt': 'other',
      'cniconf-cilium-x7k2p-cilium-agent-<ts>.txt': 'other',
      'k8s-events-<ts>.yaml': 'other',
      'k8s-events-<ts>.html': 'other',
      'k8s-leases-<ts>.yaml': 'other',
      'k8s-pods-<ts>.txt': 'other',
      'k8s-version-<ts>.txt': 'other',
      'k8s-node-memory-cpu-usage-<ts>.txt': 'other',
      'k8s-pod-memory-cpu-usage-<ts>.txt': 'other',
      'cilium-helm-values-<ts>.yaml': 'other',
      'tetragon-helm-metadata-<ts>.yaml': 'other',
      'tetragon-helm-values-<ts>.yaml': 'other',
      'tetragon-configmap-<ts>.yaml': 'other',
      'tetragontracingpolicy-<ts>.yaml': 'other',
      'tetragon-bugtool-tetragon-x7k2p-<ts>.tar.gz': 'bugtool',
      'aws-node-daemonset-<ts>.yaml': 'other',
      'aws-eniconfigs-<ts>.yaml': 'other',
      'aws-securitygrouppolicies-<ts>.yaml': 'other',
      'cilium-envoy-configmap-<ts>.yaml': 'other',
      'cilium-etcd-secrets-secret-<ts>.yaml': 'other',
      'cilium-node-init-daemonset-<ts>.yaml': 'other',
      'cilium-spire-agent-configmap-<ts>.yaml': 'other',
      'cilium-spire-agent-daemonset-<ts>.yaml': 'other',
      'cilium-spire-server-configmap-<ts>.yaml': 'other',
      'cilium-spire-server-statefulset-<ts>.yaml': 'other',
      'cilium-spire-server-entries-spire-server-0-<ts>.json': 'other',
      'ciliumbgpadvertisements-<ts>.yaml': 'other',
      'ciliumbgpclusterconfigs-<ts>.yaml': 'other',
      'ciliumbgpnodeconfigoverrides-<ts>.yaml': 'other',
      'ciliumbgpnodeconfigs-<ts>.yaml': 'other',
      'ciliumbgppeerconfigs-<ts>.yaml': 'other',
      'ciliumbgppeeringpolicies-<ts>.yaml': 'other',
      'ciliumclusterwideenvoyconfigs-<ts>.yaml': 'other',
      'ciliumenvoyconfigs-<ts>.yaml': 'other',
      'ciliumegressgatewaypolicies-<ts>.yaml': 'other',
      'ciliumegressnatpolicies-<ts>.yaml': 'other',
      'ciliumendpointslices-<ts>.yaml': 'read',
      'ciliumexternalworkload-<ts>.yaml': 'other',
      'ciliumgatewayclassconfigs-<ts>.yaml': 'other',
      'ciliumingresses-<ts>.yaml': 'other',
      'ciliuml2announcementpolicies-<ts>.yaml': 'other',
      'ciliumloadbalancerippools-<ts>.yaml': 'other',
      'ciliumlocalredirectpolicies-<ts>.yaml': 'other',
      'ciliumnodeconfigs-<ts>.yaml': 'read',
      'ciliumnodes-<ts>.yaml': 'read',
      'ciliumpodippools-<ts>.yaml': 'other',
      'clustermesh-certificates-<ts>.yaml': 'other',
      'clustermesh-generate-certs-cronjob-<ts>.yaml': 'other',
      'cni-configmap-<ts>.yaml': 'other',
      'gke-cilium-hubble-config-<ts>.yaml': 'other',
      'hubble-certificates-<ts>.yaml': 'other',
      'hubble-generate-certs-cronjob-<ts>.yaml': 'other',
      'hubble-relay-configmap-<ts>.yaml': 'other',
      'ingressclasses-<ts>.yaml': 'other',
      'gatewayapi-gatewayclasses-<ts>.yaml': 'other',
      'gatewayapi-gateways-<ts>.yaml': 'other',
      'gatewayapi-httproutes-<ts>.yaml': 'other',
      'gatewayapi-listenersets-<ts>.yaml': 'other',
      'gatewayapi-backendtlspolicies-<ts>.yaml': 'other',
    };
    expect(Object.fromEntries(Object.keys(table).map((n) => [n, cat(n)]))).toEqual(table);
  });
  /**
   * Every cilium command bugtool runs (cilium/cilium bugtool/cmd/configuration.go: `cilium …` at
   * 79d38284, the 1.12 era, where the policy repository and the endpoints come only in the
   * debuginfo JSON; `cilium-dbg …` from 1.15, which adds `policy get`, `endpoint list` as a table
   * and `statedb dump`), named as writeCmdToFile names its output (spaces and `/` to `-`, `.md`),
   * in the folder cilium-cli unpacks each agent's tarball into. Read: the debuginfo JSON, `policy
   * get`, `identity list`, `endpoint list -o json`; the IP cache listings are their own category.
   */
  it('decides every bugtool command output, cilium and cilium-dbg, by what it holds', () => {
    const B = 'cilium-sysdump-20260821-113444/cilium-bugtool-cilium-x7k2p-20260821-113444/cmd/';
    const cat = (n: string): string => {
      const d = classifyInputName(B + n);
      return d.read ? 'read' : d.category;
    };
    const reads = ['debuginfo-20260821-113445.123-0000-UTC.json', 'policy-get.md', 'identity-list.md', 'endpoint-list--o-json.md', 'ip-list--n--o-json.md', 'bpf-ipcache-list.md'];
    const ipcache = ['ip-list--n.md'];
    const others = ['debuginfo-20260821-113445.123-0000-UTC.md', 'endpoint-list.md', 'node-list--o-json.md', 'service-list--o-json.md', 'statedb-dump.md', 'policy-selectors--o-json.md', 'fqdn-cache-list.md', 'status---verbose.md', 'bpf-policy-get---all---numeric.md', 'map-events-cilium_ipcache--o-json.md', 'troubleshoot-clustermesh.md', 'bpf-lb-list.md', 'config--a.md'];
    for (const tool of ['cilium', 'cilium-dbg']) {
      for (const n of reads) expect(cat(`${n.startsWith('debuginfo') ? 'cilium' : tool}-${n}`), `${tool} ${n}`).toBe('read');
      for (const n of ipcache) expect(cat(`${tool}-${n}`), `${tool} ${n}`).toBe('ipcache');
      for (const n of others) expect(cat(`${n.startsWith('debuginfo') ? 'cilium' : tool}-${n}`), `${tool} ${n}`).toBe('bugtool');
      // Run from outside the pod (bugtool's k8s mode): the kubectl exec prefix.
      expect(cat(`kubectl-exec-cilium-x7k2p--c-cilium-agent--n-kube-system----${tool}-policy-get.md`)).toBe('read');
      expect(cat(`kubectl-exec-cilium-x7k2p--c-cilium-agent--n-kube-system----${tool}-ip-list--n--o-json.md`)).toBe('read');
      expect(cat(`kubectl-exec-cilium-x7k2p--c-cilium-agent--n-kube-system----${tool}-bpf-ipcache-list.md`)).toBe('read');
      expect(cat(`kubectl-exec-cilium-x7k2p--c-cilium-agent--n-kube-system----${tool}-ip-list--n.md`)).toBe('ipcache');
    }
    for (const n of ['cilium-dbg-health-status--o-json.md', 'cilium-health-status.md', 'cilium-x7k2p-state/1234/ep_config.h', 'envoy-config.json']) expect(cat(n), n).toBe('bugtool');
  });
  it('skips what an unpacked cilium-bugtool folder holds (cilium-cli unpacks each agent\'s tarball), JSON included, but the agent\'s endpoints and policy rules', () => {
    const d = (n: string) => classifyInputName(n);
    for (const n of [
      'cilium-sysdump-20240131-235959/cilium-bugtool-cilium-x7k2p-20240131-235959/cmd/envoy-config.json',
      'cilium-sysdump-20240131-235959/cilium-bugtool-cilium-x7k2p-20240131-235959/cmd/cilium-dbg-endpoint-list.md',
      'cilium-bugtool-cilium-x7k2p-20240131-235959/conf/kernel-config',
      'bugtool-cilium-x7k2p-20210101-101010/cmd/cilium-endpoint-list.md',
      'cilium-bugtool-cilium-x7k2p-20240131-235959/cmd/cilium-dbg-policy-selectors--o-json.md',
      'cilium-bugtool-cilium-x7k2p-20240131-235959/cmd/cilium-debuginfo-20240131-235960.123-0000-UTC.md',
    ])
      expect(d(n), n).toEqual({ read: false, sysdump: true, category: 'bugtool' });
    for (const n of [
      'cilium-sysdump-20240131-235959/cilium-bugtool-cilium-x7k2p-20240131-235959/cmd/cilium-dbg-endpoint-list--o-json.md',
      'cilium-bugtool-cilium-x7k2p-20240131-235959/cilium-bugtool-20240131-235960-ab12/cmd/cilium-dbg-policy-get.md',
      'bugtool-cilium-x7k2p-20210101-101010/cmd/cilium-endpoint-list--o-json.md',
      'cilium-bugtool-cilium-x7k2p-20240131-235959/cmd/kubectl-exec-cilium-x7k2p--c-cilium-agent--n-kube-system----cilium-policy-get.md',
      'cilium-bugtool-cilium-x7k2p-20240131-235959/cmd/cilium-debuginfo-20240131-235960.123-0000-UTC.json',
      'bugtool-cilium-x7k2p-20210101-101010/cmd/cilium-debuginfo-20210101-101011.5+0100-CET.json',
    ])
      expect(d(n), n).toEqual({ read: true, sysdump: true });
  });
  it('opens cilium-bugtool archives (left packed when cilium-cli could not unpack them, or as bugtool writes them) and any other archive', () => {
    for (const n of [
      'cilium-bugtool-cilium-x7k2p-20240131-235959.tar.gz',
      'cilium-sysdump-20240131-235959/cilium-bugtool-cilium-x7k2p-20240131-235959.tar',
      'cilium-bugtool-20240131-235960.123+0000-UTC-266836983.tar',
      'cilium-x7k2p-cilium-bugtool-20240131-235960.123+0000-UTC-266836983.tar.gz',
      'bugtool-cilium-x7k2p-20210101-101010.tar',
    ]) {
      expect(classifyInputName(n), n).toEqual({ read: true, sysdump: true });
      expect(isBugtoolArchiveName(n), n).toBe(true);
    }
    for (const n of ['tetragon-bugtool-tetragon-x7k2p-20240131-235959.tar.gz', 'cilium-sysdump-20240131-235959.zip', 'cilium-bugtool-cilium-x7k2p-20240131-235959/cmd/x.md']) expect(isBugtoolArchiveName(n), n).toBe(false);
    expect(classifyInputName('case/attachments.zip')).toEqual({ read: true, sysdump: false });
    expect(classifyInputName('backup.tar')).toEqual({ read: true, sysdump: false });
  });
  it('reads the Hubble exporter\'s files (/var/run/cilium/hubble/events.log and its lumberjack backups), other logs not', () => {
    const d = (n: string) => classifyInputName(n);
    for (const n of ['hubble/events.log', 'events-2024-01-31T23-59-59.123.log', 'events-2024-01-31T23-59-59.123.log.gz', 'EVENTS.LOG'])
      expect(d(n), n).toEqual({ read: true, sysdump: false });
    expect(d('agent.log')).toEqual({ read: false, sysdump: false, category: 'log' });
    expect(d('eventsource.log')).toEqual({ read: false, sysdump: false, category: 'log' });
  });
  it('reads other names by extension', () => {
    expect(read('policies/web.yaml')).toBe(true);
    expect(read('flows.jsonl.gz')).toBe(true);
    expect(read('README.md')).toBe(false);
    expect(read('__MACOSX/._web.yaml')).toBe(false);
    expect(isArchiveName('dump.tar.gz')).toBe(true);
    expect(isArchiveName('dump.ZIP')).toBe(true);
    expect(isArchiveName('flows.json.gz')).toBe(false);
  });
  it('tallies skipped files in one sentence', () => {
    const t = new SkipTally();
    for (const n of ['a.log', 'b.log', 'x.txt']) {
      const d = classifyInputName(n);
      if (!d.read) t.add(d.category, n);
    }
    expect(t.text()).toBe('2 logs, 1 other file (x.txt)');
    for (const n of ['dir/a.txt', 'b.html', 'c.md']) t.add('other', n);
    expect(t.text()).toBe('2 logs, 4 other files (x.txt, a.txt, b.html and 1 more)');
  });
});
