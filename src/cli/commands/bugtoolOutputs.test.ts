import { describe, expect, it } from 'vitest';
import { memoryIo } from '../io.ts';
import { main } from '../main.ts';
import { realWorldFile } from '../../../test/paths.ts';

/**
 * cilium-bugtool command outputs in an unpacked sysdump (cilium/cilium bugtool/cmd/root.go
 * writeCmdToFile: `<cmd>/<command with spaces as dashes>.md`): `cilium-dbg endpoint list -o json`
 * (the agent's endpoints with their identities) and `cilium-dbg policy get` (the rules the agent
 * has, JSON then `Revision: N`) are read and used; the rest of the bugtool output is skipped.
 */
const DIR = realWorldFile('sysdump-bugtool');

interface Out {
  sources: { file: string; counts: Record<string, number>; skipped: Record<string, number> }[];
  counts: Record<string, number>;
  diagnostics: { file: string; line: number; severity: string; code: string; message: string }[];
}

async function inspect(): Promise<Out> {
  const io = memoryIo();
  expect(await main(['inspect', DIR, '--json'], io)).toBe(0);
  return JSON.parse(io.stdout) as Out;
}

describe('cilium-bugtool outputs in a sysdump', () => {
  it('endpoint list: recognised, cross-checked with the CiliumEndpoints, fills the ones missing', async () => {
    const out = await inspect();
    const src = out.sources.find((s) => s.file.endsWith('cilium-dbg-endpoint-list--o-json.md'));
    expect(src?.counts).toEqual({ AgentEndpoint: 4 });
    expect(src?.skipped).toEqual({});
    const note = out.diagnostics.find((d) => d.code === 'agent-endpoints');
    expect(note?.severity).toBe('info');
    expect(note?.message).toContain('4 endpoints');
    expect(note?.message).toContain('1 matches its CiliumEndpoint');
    expect(note?.message).toContain('1 had no CiliumEndpoint loaded (shop/api-6c5b4-xyz12): added');
    expect(note?.message).toContain('1 is not a pod (host)');
    const differs = out.diagnostics.filter((d) => d.code === 'agent-endpoint-identity');
    expect(differs).toHaveLength(1);
    expect(differs[0]?.message).toContain('shop/db-0');
    expect(differs[0]?.message).toContain('33001');
    expect(differs[0]?.message).toContain('33000');
    expect(out.counts['CiliumEndpoint']).toBe(2);
  });

  it('policy get: recognised, compared with the loaded policies, never counted as policies of their own', async () => {
    const out = await inspect();
    const src = out.sources.find((s) => s.file.endsWith('cilium-dbg-policy-get.md'));
    expect(src?.counts).toEqual({ AgentPolicyRule: 3 });
    expect(out.counts['CiliumNetworkPolicy']).toBe(1);
    expect(out.counts['NetworkPolicy'] ?? 0).toBe(0);
    const note = out.diagnostics.find((d) => d.code === 'agent-policies');
    expect(note?.message).toContain('3 rules');
    expect(note?.message).toContain('1 of them from loaded policies');
    const missing = out.diagnostics.filter((d) => d.code === 'agent-policy-not-loaded');
    expect(missing.map((d) => d.message).join('\n')).toContain('CiliumNetworkPolicy shop/legacy-egress');
    expect(missing.map((d) => d.message).join('\n')).toContain('NetworkPolicy shop/allow-same-ns');
    expect(missing.every((d) => d.severity === 'warning')).toBe(true);
  });
});

describe("a loaded policy the agent's policy repository does not have", () => {
  it('is warned about at the policy itself (file, document, line): the agent does not enforce it', async () => {
    const { loadInputs } = await import('../../core/load/loadInputs.ts');
    const { readFileSync } = await import('node:fs');
    const cmd = `${DIR}/cilium-bugtool-cilium-x7k2p-20261120-091500/cilium-bugtool-20261120-091502-abcd/cmd/cilium-dbg-policy-get.md`;
    const extra = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: not-imported, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: db}}\n  ingress: [{}]\n';
    const r = loadInputs([
      { name: 'cnps.yaml', data: readFileSync(`${DIR}/ciliumnetworkpolicies-20261120-091500.yaml`) },
      { name: 'extra.yaml', data: extra },
      { name: 'cmd/cilium-dbg-policy-get.md', data: readFileSync(cmd) },
    ]);
    const absent = r.diagnostics.filter((d) => d.code === 'agent-policy-absent');
    expect(absent.map((d) => [d.file, d.document, d.line, d.severity])).toEqual([['extra.yaml', 0, 1, 'warning']]);
    expect(absent[0]?.message).toContain('CiliumNetworkPolicy shop/not-imported');
    expect(absent[0]?.message).toContain('cmd/cilium-dbg-policy-get.md');
  });
});

describe('the same policy repository from several agents (one cilium-bugtool output per node)', () => {
  it('gives one note naming the agents, and one warning per policy not loaded, not one per agent', async () => {
    const { loadInputs } = await import('../../core/load/loadInputs.ts');
    const { readFileSync } = await import('node:fs');
    const get = readFileSync(`${DIR}/cilium-bugtool-cilium-x7k2p-20261120-091500/cilium-bugtool-20261120-091502-abcd/cmd/cilium-dbg-policy-get.md`);
    const r = loadInputs([
      { name: 'cnps.yaml', data: readFileSync(`${DIR}/ciliumnetworkpolicies-20261120-091500.yaml`) },
      { name: 'cilium-bugtool-cilium-x7k2p-20261120-091500/cmd/cilium-dbg-policy-get.md', data: get },
      { name: 'cilium-bugtool-cilium-q9z8w-20261120-091501/cmd/cilium-dbg-policy-get.md', data: get },
    ]);
    const notes = r.diagnostics.filter((d) => d.code === 'agent-policies');
    expect(notes).toHaveLength(1);
    expect(notes[0]?.message).toContain('cilium-x7k2p');
    expect(notes[0]?.message).toContain('cilium-q9z8w');
    expect(notes[0]?.message).toContain('3 rules');
    const missing = r.diagnostics.filter((d) => d.code === 'agent-policy-not-loaded');
    expect(missing).toHaveLength(2);
    expect(missing.every((d) => d.message.includes('2 agents'))).toBe(true);
  });
});

describe('cilium-bugtool output wrapped in a markdown code fence', () => {
  it('is read as the output inside the fence (``` lines taken out, lines keep their numbers)', async () => {
    const { loadInputs } = await import('../../core/load/loadInputs.ts');
    const { readFileSync } = await import('node:fs');
    const get = readFileSync(`${DIR}/cilium-bugtool-cilium-x7k2p-20261120-091500/cilium-bugtool-20261120-091502-abcd/cmd/cilium-dbg-policy-get.md`, 'utf8');
    const r = loadInputs([{ name: 'cmd/cilium-dbg-policy-get.md', data: `\`\`\`json\n${get.trimEnd()}\n\`\`\`\n` }]);
    expect(r.cluster.sources[0]?.counts).toEqual({ AgentPolicyRule: 3 });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const note = r.diagnostics.find((d) => d.code === 'agent-policies');
    expect(note?.line).toBe(3);
  });
});
