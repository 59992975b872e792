import { describe, expect, it } from 'vitest';
import { agentSettingsOf, commonOption, parseCommandArgs, type CommonArgs } from './args.ts';
import { memoryIo } from './io.ts';

const read = (argv: string[]) => {
  const args: CommonArgs = { inputs: [], json: false, settings: {} };
  return { used: commonOption(argv, 0, args), args };
};

describe('commonOption', () => {
  it('reads -n, --namespace and --cluster-name in both spellings', () => {
    expect(read(['-n', 'shop'])).toMatchObject({ used: 2, args: { namespace: 'shop' } });
    expect(read(['--namespace=pay'])).toMatchObject({ used: 1, args: { namespace: 'pay' } });
    expect(read(['--cluster-name', 'c1'])).toMatchObject({ used: 2, args: { clusterName: 'c1' } });
    expect(read(['--cluster-name=c2']).args.clusterName).toBe('c2');
  });
  it('reads the Cilium settings and refuses values they do not take', () => {
    expect(read(['--cilium-version', 'v1.20.3']).args.settings).toEqual({ ciliumVersion: '1.20' });
    expect(read(['--cluster-network-policy=off']).args.settings).toEqual({ clusterNetworkPolicy: false });
    expect(read(['--node-selector-labels', 'on']).args.settings).toEqual({ nodeSelectorLabels: true });
    expect(read(['--node-selector-labels=off']).args.settings).toEqual({ nodeSelectorLabels: false });
    expect(read(['--node-selector-labels', 'yes']).used).toEqual({ error: '--node-selector-labels must be on or off, not "yes"' });
    expect(agentSettingsOf({ nodeSelectorLabels: false, clusterNetworkPolicy: true })).toEqual({ nodeSelectorLabels: false });
    expect(read(['--tiers-as', 'netpol-analyzer']).args.settings).toEqual({ tiersAs: 'netpol-analyzer' });
    expect(read(['--tiers-as=cilium']).args.settings).toEqual({ tiersAs: 'cilium' });
    expect(read(['--tiers-as', 'calico']).used).toEqual({ error: '--tiers-as must be cilium or netpol-analyzer, not "calico"' });
    expect(read(['--cilium-version', 'latest']).used).toEqual({ error: "--cilium-version needs a version like 1.20 (got 'latest')" });
    expect(read(['--enforcement', 'sometimes']).used).toMatchObject({ error: expect.stringContaining('default, always or never') });
  });
  it('leaves other arguments alone and refuses a missing value', () => {
    expect(read(['--jsonl']).used).toBe(0);
    expect(read(['policies.yaml']).used).toBe(0);
    expect(read(['-n']).used).toEqual({ error: '-n needs a value' });
    expect(read(['--namespace', '']).used).toEqual({ error: '--namespace needs a value' });
  });
});

describe('parseCommandArgs', () => {
  it('prints help (exit 0), refuses unknown and refused options (exit 2), collects inputs', () => {
    const help = memoryIo();
    expect(parseCommandArgs('x', 'HELP\n', ['a.yaml', '--help'], help)).toBe(0);
    expect(help.stdout).toBe('HELP\n');
    const unknown = memoryIo();
    expect(parseCommandArgs('x', 'HELP\n', ['--bogus'], unknown)).toBe(2);
    expect(unknown.stderr).toContain('netpol-viz x: unknown option --bogus');
    const refused = memoryIo();
    expect(parseCommandArgs('x', 'HELP\n', ['--json'], refused, undefined, undefined, { refuse: ['--json'] })).toBe(2);
    expect(refused.stderr).toContain('--json is not an option of x');
    expect(parseCommandArgs('x', '', ['a.yaml', '-', '-n', 'ns', '--json'], memoryIo())).toMatchObject({ inputs: ['a.yaml', '-'], namespace: 'ns', json: true });
  });
});
