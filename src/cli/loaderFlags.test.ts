import { describe, expect, it } from 'vitest';
import { loaderFlag, type LoaderFlags } from './loaderFlags.ts';

const read = (argv: string[]) => {
  const flags: LoaderFlags = { namespace: null, clusterName: null };
  return { used: loaderFlag(argv, 0, flags), flags };
};

describe('loaderFlag', () => {
  it('reads -n, --namespace and --cluster-name in both spellings', () => {
    expect(read(['-n', 'shop'])).toEqual({ used: 2, flags: { namespace: 'shop', clusterName: null } });
    expect(read(['--namespace=pay'])).toEqual({ used: 1, flags: { namespace: 'pay', clusterName: null } });
    expect(read(['--cluster-name', 'c1'])).toEqual({ used: 2, flags: { namespace: null, clusterName: 'c1' } });
    expect(read(['--cluster-name=c2']).flags.clusterName).toBe('c2');
  });
  it('leaves other arguments alone and refuses a missing value', () => {
    expect(read(['--json']).used).toBe(0);
    expect(read(['policies.yaml']).used).toBe(0);
    expect(read(['-n']).used).toBe('-n needs a value');
    expect(read(['--namespace', '']).used).toBe('--namespace needs a value');
  });
});
