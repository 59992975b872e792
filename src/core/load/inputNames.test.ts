import { describe, expect, it } from 'vitest';
import { classifyInputName, isArchiveName, SkipTally } from './inputNames.ts';

describe('classifyInputName', () => {
  const read = (n: string): boolean => classifyInputName(n).read;
  it('reads the sysdump files that hold policies, inventory, settings and flows (current and old names)', () => {
    for (const n of [
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
      'hubble-flows-cilium-x7k2p-20240131-235959.json',
      'cnp-20210101-101010.yaml',
      'cep-20210101-101010.yaml',
      'po-20210101-101010.yaml',
      'cilium-cm-20210101-101010.yaml',
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
    expect(cat('metrics-cilium-x7k2p-cilium-agent-20240131-235959.txt')).toBe('metrics');
    expect(cat('cilium-bugtool-cilium-x7k2p-20240131-235959.tar.gz')).toBe('bugtool');
    expect(cat('gops-cilium-x7k2p-cilium-agent-20240131-235959-memstats.txt')).toBe('profile');
    expect(cat('k8s-events-20240131-235959.yaml')).toBe('other');
    expect(cat('k8s-pods-20240131-235959.txt')).toBe('other');
    expect(cat('cilium-helm-values-20240131-235959.yaml')).toBe('other');
    expect(cat('ciliumnodes-20240131-235959.yaml')).toBe('other');
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
    expect(t.text()).toBe('2 logs, 1 other file');
  });
});
