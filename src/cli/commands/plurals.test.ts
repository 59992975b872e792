import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../io.ts';
import { main } from '../main.ts';
import { appPlatformDir } from '../../../test/paths.ts';

/** Counts the commands print agree in number with what they count (plural(), core/util/plural.ts). */
const dir = mkdtempSync(path.join(tmpdir(), 'netpol-plurals-'));
const write = (name: string, text: string): string => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};
const ONE_POLICY = write(
  'one-policy.yaml',
  `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: web-in, namespace: shop }
spec:
  endpointSelector: { matchLabels: { app: web } }
  ingress:
    - fromEndpoints: [{ matchLabels: { app: lb } }]
      toPorts: [{ ports: [{ port: "80", protocol: TCP }] }]
`,
);
const ONE_ERROR = write('one-error.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n---\nkind: [\n');

async function cli(args: string[]) {
  const io = memoryIo();
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('CLI counts agree in number', () => {
  it('lint: No findings in 1 policy', async () => {
    const r = await cli(['lint', ONE_POLICY]);
    expect(r.out).toContain('No findings in 1 policy.');
  });

  it('inspect: 1 error, 0 warnings', async () => {
    const r = await cli(['inspect', ONE_ERROR]);
    expect(r.out).toMatch(/Diagnostics: 1 error, 0 warnings, 0 info/);
  });

  it('flows: a mismatch of 1 AUDIT flow (app-platform) says "1 AUDIT flow", never "flow(s)"', async () => {
    const r = await cli(['flows', appPlatformDir]);
    expect(r.out).toContain('1 AUDIT flow at egress: the traffic passed in policy audit mode');
    expect(r.out).not.toContain('flow(s)');
  });

  it('render: 1 input error', async () => {
    const r = await cli(['render', ONE_ERROR, ONE_POLICY, '--out', path.join(dir, 'view.svg')]);
    expect(r.err).toContain('netpol-viz render: 1 input error (above); drawing what loaded');
  });
});
