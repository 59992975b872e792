import { describe, it, expect } from 'vitest';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { memoryIo } from '../io.ts';
import { main } from '../main.ts';
import { appPlatformRows, refText } from '../../core/engine/appPlatform.fixture.ts';

const root = path.resolve(__dirname, '../../..');
const app = (f: string) => path.resolve(root, '../shared/fixtures/app-platform', f);
const semantics = (f: string) => path.resolve(root, 'test/fixtures/semantics', f);

async function cli(args: string[], stdin = '') {
  const io = memoryIo(stdin);
  const code = await main(['explain', ...args], io);
  return { code, out: io.stdout, err: io.stderr };
}

interface JsonSide {
  verdict: string;
  reason: string;
  rules: { kind: string; namespace: string | null; name: string; path: string }[];
}
interface JsonAnswer {
  from: string;
  to: string;
  port: number | string | null;
  protocol: string;
  verdict: string;
  egress: JsonSide;
  ingress: JsonSide;
  notes: string[];
  l7?: { verdict: string };
}

describe('explain CLI: app-platform expected verdicts', () => {
  for (const row of appPlatformRows)
    it(`#${row.n} ${row.from} → ${row.to} ${row.port}/${row.proto}`, async () => {
      const r = await cli([app('policies.yaml'), app('inventory.yaml'), '--from', row.from, '--to', row.to, '--port', `${row.port}/${row.proto}`, '--json']);
      expect(r.code, r.err).toBe(0);
      const j = JSON.parse(r.out) as JsonAnswer;
      expect(j).toMatchObject({ from: row.from, to: row.to, port: row.port, protocol: row.proto, verdict: row.verdict });
      expect(j.egress.reason).toBe(row.egress);
      expect(j.ingress.reason).toBe(row.ingress);
      for (const x of row.egressRules ?? []) expect(j.egress.rules.map(refText)).toContain(x);
      for (const x of row.ingressRules ?? []) expect(j.ingress.rules.map(refText)).toContain(x);
    });

  it('answers a JSONL batch, one line per query', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'explain-'));
    const qfile = path.join(dir, 'q.jsonl');
    writeFileSync(qfile, appPlatformRows.map((r) => JSON.stringify({ from: r.from, to: r.to, port: r.port, protocol: r.proto })).join('\n') + '\n');
    const r = await cli([app('policies.yaml'), app('inventory.yaml'), '--queries', qfile, '--json']);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as JsonAnswer);
    expect(lines.map((l) => l.verdict)).toEqual(appPlatformRows.map((r) => r.verdict));
  });

  it('prints a readable explanation by default', async () => {
    const r = await cli([app('policies.yaml'), app('inventory.yaml'), '--from', 'acme-jobs/mailer', '--to', '198.51.100.25', '--port', '25']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Verdict: DENIED at egress');
    expect(r.out).toContain('CCNP tenant-egress-baseline spec.egressDeny[0]');
  });

  it('exits 2 on unusable input', async () => {
    expect((await cli([app('policies.yaml'), '--from', 'x/y', '--to', 'entity:world'])).code).toBe(2);
    expect((await cli([app('policies.yaml'), app('inventory.yaml'), '--from', 'acme-web/frontend', '--to', 'entity:cluster'])).code).toBe(2);
    expect((await cli([app('policies.yaml'), app('inventory.yaml'), '--from', 'acme-web/frontend'])).code).toBe(2);
    expect((await cli(['/nonexistent.yaml', '--from', 'a/b', '--to', 'c/d'])).code).toBe(2);
    expect((await cli([app('policies.yaml'), app('inventory.yaml'), '--from', 'acme-web/frontend', '--to', 'acme-web/api', '--port', '99999'])).code).toBe(2);
    expect((await cli([app('policies.yaml'), app('inventory.yaml'), '--bogus'])).code).toBe(2);
  });
});

/** Part C through the CLI: cluster.yaml plus the scenario's policies on stdin. */
const policyDocs = new Map(
  parseAllDocuments(readFileSync(semantics('policies.yaml'), 'utf8'))
    .map((d) => d.toJS() as { metadata?: { name?: string } } | null)
    .filter((v): v is { metadata: { name: string } } => typeof v?.metadata?.name === 'string')
    .map((v) => [v.metadata.name, JSON.stringify(v)]),
);
async function partC(policies: string[], from: string, to: string, port: string, extra: string[] = []) {
  const stdin = policies.map((n) => policyDocs.get(n) ?? '').join('\n---\n');
  const r = await cli([semantics('cluster.yaml'), '-', '--from', from, '--to', to, '--port', port, '--json', ...extra], stdin);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as JsonAnswer;
}

describe('explain CLI: Part C scenarios (representative subset)', () => {
  it('C2/C3 allow and default deny', async () => {
    expect((await partC(['p1'], 'shop/frontend', 'shop/backend', '8080/TCP')).ingress.rules.map((r) => r.path)).toEqual(['spec.ingress[0]']);
    expect((await partC(['p1'], 'shop/frontend', 'shop/backend', '9090/TCP')).ingress.reason).toBe('default-deny');
  });
  it('C8 local host vs remote node (by node address)', async () => {
    expect((await partC(['p3'], '172.18.0.3', 'shop/backend', '8080')).verdict).toBe('allowed');
    expect((await partC(['p3'], '172.18.0.2', 'shop/backend', '8080')).verdict).toBe('denied');
  });
  it('C13 L4 deny beats L3 allow; ICMP echo allowed', async () => {
    expect((await partC(['p8'], 'shop/frontend', 'shop/backend', '8080')).ingress.reason).toBe('explicit-deny');
    expect((await partC(['p8'], 'shop/frontend', 'shop/backend', '8/ICMP')).verdict).toBe('allowed');
  });
  it('C19 named port on the command line', async () => {
    expect((await partC(['p13'], 'shop/frontend', 'shop/backend', 'http')).verdict).toBe('allowed');
  });
  it('C20 a Service ClusterIP is DNATed to the backend and its target port', async () => {
    const d = await partC(['p14'], 'shop/frontend', '10.96.5.5', '80/TCP');
    expect(d.verdict).toBe('denied');
    expect(d.port).toBe(8080);
    expect((await partC(['p14-8080'], 'shop/frontend', '10.96.5.5', '80/TCP')).verdict).toBe('allowed');
  });
  it('C21 CIDR except', async () => {
    expect((await partC(['p15'], 'shop/frontend', '10.20.0.5', '443')).verdict).toBe('allowed');
    expect((await partC(['p15'], 'shop/frontend', '10.96.0.10', '443')).verdict).toBe('denied');
  });
  it('C25 FQDN with its DNS rule; C24 without', async () => {
    expect((await partC(['p18', 'p19'], 'shop/frontend', 'fqdn:api.github.com', '443')).verdict).toBe('allowed');
    expect((await partC(['p18', 'p18-dns-l4'], 'shop/frontend', 'fqdn:api.github.com', '443')).verdict).toBe('denied');
  });
  it('C34 NetworkPolicy defaults to TCP', async () => {
    expect((await partC(['np-c34'], 'pay/api', 'shop/backend', '8080/TCP')).verdict).toBe('allowed');
    expect((await partC(['np-c34'], 'pay/api', 'shop/backend', '8080/UDP')).verdict).toBe('denied');
  });
  it('C38 enforcement mode as an option', async () => {
    expect((await partC([], 'shop/frontend', 'shop/backend', '8080', ['--enforcement', 'always'])).verdict).toBe('denied');
    expect((await partC(['p3'], 'shop/frontend', 'shop/backend', '8080', ['--enforcement', 'never'])).verdict).toBe('allowed');
  });
  it('hypothetical pods by labels', async () => {
    expect((await partC(['p1'], 'shop[app=frontend]', 'shop/backend', '8080')).verdict).toBe('allowed');
    expect((await partC(['p1'], 'shop[app=other]', 'shop/backend', '8080')).verdict).toBe('denied');
  });
});
