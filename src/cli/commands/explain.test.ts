import { describe, it, expect } from 'vitest';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { memoryIo } from '../io.ts';
import { main } from '../main.ts';
import { appPlatformRows, refText } from '../../core/engine/appPlatform.fixture.ts';
import { appPlatformFile, semanticsDir, tierPlatformDir } from '../../../test/paths.ts';
import { tierPlatformFiles, tierPlatformRows } from '../../core/engine/tierPlatform.fixture.ts';
import { loadInputs } from '../../core/load/loadInputs.ts';
import { compile } from '../../core/engine/compile.ts';
import { runQuery } from '../../core/query/runQuery.ts';
import { withDecidedUnder } from '../../core/query/decidedUnder.ts';
import { explainText } from '../../core/engine/explainText.ts';
import { backendInClusterMesh } from '../../core/engine/versionGaps.fixture.ts';

const app = appPlatformFile;
const semantics = (f: string) => path.join(semanticsDir, f);

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

describe('explain CLI: a DNS name the loaded flows saw', () => {
  it('answers for the address Hubble saw for it, as the app does (DENIED before: the address was unknown)', async () => {
    const args = ['policies.yaml', 'inventory.yaml', 'flows.jsonl'].map((f) => app(f));
    const r = await cli([...args, '--from', 'acme-web/api', '--to', 'api.stripe.com', '--port', '443/TCP']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Verdict: ALLOWED');
    expect(r.out).toContain('api.stripe.com was seen at 104.18.12.33 in the loaded Hubble flows');
    const without = await cli([app('policies.yaml'), app('inventory.yaml'), '--from', 'acme-web/api', '--to', 'api.stripe.com', '--port', '443/TCP']);
    expect(without.out).toContain('is not known');
  });
});

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
    // Where the deciding rule is written (the file as given) and what it says, as the app's answer shows them.
    expect(r.out).toContain(`\n  decided by:\n    - CCNP tenant-egress-baseline spec.egressDeny[0]  ${app('policies.yaml')}:5\n      denies entity world on 25/TCP\n`);
  });

  it('says under which Cilium version and settings it decided: the line under the verdict, as the app copies it', async () => {
    const ask = ['--from', 'acme-jobs/mailer', '--to', '198.51.100.25', '--port', '25'];
    const r = await cli([app('policies.yaml'), app('inventory.yaml'), ...ask]);
    const lines = r.out.split('\n');
    expect(lines[1]).toBe('Verdict: DENIED at egress');
    expect(lines[2]).toBe("Decided as Cilium 1.19 would (version assumed: not in the inputs); Cilium's defaults (no cilium-config): enable-policy=default, policy-cidr-match-mode=default; IPv4 only (from the pods' addresses)");
    expect(lines[3]).toBe('');
    // The app's "Copy explanation" (runQuery, the line, explainText) on the same inputs: the same text.
    const loaded = loadInputs(['policies.yaml', 'inventory.yaml'].map((name) => ({ name: app(name), data: readFileSync(app(name), 'utf8') })));
    const model = compile(loaded.cluster);
    const copied = withDecidedUnder(runQuery(model, { from: 'acme-jobs/mailer', to: '198.51.100.25', port: '25' }), model);
    if (copied.kind !== 'answer') throw new Error(copied.message);
    expect(r.out).toBe(explainText(copied.header, copied.decision, model));
    // Given on the command line, even the default version is not assumed.
    const set = await cli([app('policies.yaml'), app('inventory.yaml'), ...ask, '--cilium-version', '1.19', '--enforcement', 'always']);
    expect(set.out.split('\n')[2]).toBe(
      "Decided as Cilium 1.19 would (version set by hand); Cilium's defaults (no cilium-config): enable-policy=always (set by hand), policy-cidr-match-mode=default; IPv4 only (from the pods' addresses)",
    );
  });

  it('--json carries the same "decided under" as structured fields, one object per answer (--queries too)', async () => {
    const ask = ['--from', 'acme-jobs/mailer', '--to', '198.51.100.25', '--port', '25'];
    const text = await cli([app('policies.yaml'), app('inventory.yaml'), ...ask]);
    const r = await cli([app('policies.yaml'), app('inventory.yaml'), ...ask, '--json']);
    const j = JSON.parse(r.out) as { decidedUnder: Record<string, unknown> };
    expect(j.decidedUnder).toEqual({
      ciliumVersion: '1.19',
      ciliumVersionSource: 'assumed',
      settingsSource: 'defaults',
      settings: {
        'enable-policy': { value: 'default', setByHand: false },
        'policy-cidr-match-mode': { value: 'default', setByHand: false },
        'policy-audit-mode': { value: false, setByHand: false },
        'allow-localhost': { value: 'always', setByHand: false },
      },
      ipFamilies: 'ipv4',
      ipFamiliesSource: 'pod-addresses',
      text: text.out.split('\n')[2],
    });
    const set = await cli([app('policies.yaml'), app('inventory.yaml'), ...ask, '--json', '--cilium-version', '1.18', '--audit']);
    const s = JSON.parse(set.out) as { decidedUnder: { ciliumVersion: string; ciliumVersionSource: string; settings: Record<string, unknown> } };
    expect(s.decidedUnder.ciliumVersion).toBe('1.18');
    expect(s.decidedUnder.ciliumVersionSource).toBe('set-by-hand');
    expect(s.decidedUnder.settings['policy-audit-mode']).toEqual({ value: true, setByHand: true });
    const dir = mkdtempSync(path.join(tmpdir(), 'explain-du-'));
    writeFileSync(path.join(dir, 'q.jsonl'), '{"from":"acme-jobs/mailer","to":"198.51.100.25","port":25}\n{"from":"acme-web/frontend","to":"acme-web/api","port":"8080/TCP"}\n');
    const many = await cli([app('policies.yaml'), app('inventory.yaml'), '--queries', path.join(dir, 'q.jsonl'), '--json']);
    const lines = many.out.trim().split('\n').map((l) => JSON.parse(l) as { decidedUnder?: { text: string } });
    expect(lines.map((l) => l.decidedUnder?.text)).toEqual([j.decidedUnder.text, j.decidedUnder.text]);
  });

  it('exits 2 on unusable input', async () => {
    expect((await cli([app('policies.yaml'), '--from', 'x/y', '--to', 'entity:world'])).code).toBe(2);
    expect((await cli([app('policies.yaml'), app('inventory.yaml'), '--from', 'acme-web/frontend', '--to', 'entity:cluster'])).code).toBe(2);
    expect((await cli([app('policies.yaml'), app('inventory.yaml'), '--from', 'acme-web/frontend'])).code).toBe(2);
    expect((await cli(['/nonexistent.yaml', '--from', 'a/b', '--to', 'c/d'])).code).toBe(2);
    expect((await cli([app('policies.yaml'), app('inventory.yaml'), '--from', 'acme-web/frontend', '--to', 'acme-web/api', '--port', '99999'])).code).toBe(2);
    expect((await cli([app('policies.yaml'), app('inventory.yaml'), '--bogus'])).code).toBe(2);
  });

  it('refuses standard input as both an input and the queries (it can be read once), exit 2', async () => {
    // Was: the policies read stdin, --queries - read nothing: no answer at all, exit 0.
    const r = await cli(['-', app('inventory.yaml'), '--queries', '-'], readFileSync(app('policies.yaml'), 'utf8'));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('netpol-viz explain: standard input ("-") can be read only once');
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

/**
 * The rest of Part C through the CLI (the subset above covers C2, C3, C8, C13, C19–C21, C24,
 * C25, C34, C38): every packet-level scenario of the reference, same inputs as the decide()
 * tests in src/core/engine/partC.test.ts. (C26 is name matching and C28 replies: no CLI form.)
 */
describe('explain CLI: Part C scenarios (all packet-level ones)', () => {
  type Row = readonly [id: string, policies: string[], from: string, to: string, port: string, verdict: 'allowed' | 'denied', extra?: string[]];
  const rows: Row[] = [
    ['C1', [], 'shop/frontend', 'shop/backend', '8080/TCP', 'allowed'],
    ['C4', ['p1'], 'shop/db', 'shop/backend', '8080/TCP', 'denied'],
    ['C5', ['p1'], 'pay/frontend', 'shop/backend', '8080/TCP', 'denied'],
    ['C6 TCP', ['p2'], 'pay/api', 'shop/backend', '8080/TCP', 'allowed'],
    ['C6 UDP', ['p2'], 'pay/api', 'shop/backend', '8080/UDP', 'allowed'],
    ['C7', ['p-c7'], 'shop/frontend', 'pay/api', '80/TCP', 'allowed'],
    ['C9 ingress', ['p4'], 'shop/frontend', 'shop/backend', '8080/TCP', 'allowed'],
    ['C9 egress', ['p4'], 'shop/backend', 'shop/db', '5432/TCP', 'denied'],
    ['C9 only []', ['p4-only-empty'], 'shop/frontend', 'shop/backend', '8080/TCP', 'allowed'],
    ['C10 same ns', ['p5'], 'shop/db', 'shop/backend', '1234/TCP', 'allowed'],
    ['C10 other ns', ['p5'], 'pay/api', 'shop/backend', '8080/TCP', 'denied'],
    ['C10 world', ['p5'], '8.8.8.8', 'shop/backend', '8080/TCP', 'denied'],
    ['C11 world', ['p6'], '8.8.8.8', 'shop/backend', '8080/TCP', 'allowed'],
    ['C11 other ns', ['p6'], 'pay/api', 'shop/backend', '8080/TCP', 'allowed'],
    ['C11 port', ['p6'], 'shop/db', 'shop/backend', '22/TCP', 'denied'],
    ['C11 icmp', ['p6'], 'shop/frontend', 'shop/backend', '8/ICMP', 'denied'],
    ['C12', ['p7'], 'shop/frontend', 'shop/backend', '8080/TCP', 'denied'],
    ['C14', ['p1', 'p9'], 'shop/frontend', 'shop/backend', '8080/TCP', 'denied'],
    ['C15 deny', ['p10'], '8.8.8.8', 'shop/backend', '8080/TCP', 'denied'],
    ['C15 default', ['p10'], 'shop/db', 'shop/backend', '8080/TCP', 'denied'],
    ['C16 no default deny', ['p11'], 'shop/db', 'shop/backend', '8080/TCP', 'allowed'],
    ['C16 deny', ['p11'], '8.8.8.8', 'shop/backend', '8080/TCP', 'denied'],
    ['C16 sticky', ['p11', 'p1'], 'shop/db', 'shop/backend', '8080/TCP', 'denied'],
    ['C17 all', ['g1'], 'pay/api', 'shop/backend', '9999/TCP', 'allowed'],
    ['C17 world', ['g1', 'p-world-8080'], '8.8.8.8', 'shop/backend', '8080/TCP', 'denied'],
    ['C18 in', ['p12'], 'shop/frontend', 'shop/backend', '8080/TCP', 'allowed'],
    ['C18 end', ['p12'], 'shop/frontend', 'shop/backend', '8100/TCP', 'allowed'],
    ['C18 past', ['p12'], 'shop/frontend', 'shop/backend', '8101/TCP', 'denied'],
    ['C18 udp', ['p12'], 'shop/frontend', 'shop/backend', '8080/UDP', 'denied'],
    ['C19 80', ['p13'], 'shop/frontend', 'shop/backend', '80/TCP', 'denied'],
    ['C22 world', ['p16'], 'shop/frontend', '8.8.8.8', '53/UDP', 'allowed'],
    ['C22 node', ['p16'], 'shop/frontend', '172.18.0.2', '10250/TCP', 'denied'],
    ['C22 pod', ['p16'], 'shop/frontend', 'shop/db', '5432/TCP', 'denied'],
    ['C22 cidr', ['p16-cidr'], 'shop/frontend', '172.18.0.2', '10250/TCP', 'denied'],
    ['C22 remote-node', ['p16-remote-node'], 'shop/frontend', '172.18.0.2', '10250/TCP', 'allowed'],
    ['C23 pod', ['p17'], 'pay/api', 'shop/backend', '8080/TCP', 'allowed'],
    ['C23 node', ['p17'], '172.18.0.2', 'shop/backend', '8080/TCP', 'allowed'],
    ['C23 world', ['p17'], '8.8.8.8', 'shop/backend', '8080/TCP', 'denied'],
    ['C25 port 80', ['p18', 'p19'], 'shop/frontend', 'fqdn:api.github.com', '80/TCP', 'denied'],
    ['C27', ['p1', 'p20'], 'shop/frontend', 'shop/backend', '8080/TCP', 'denied'],
    ['C29', ['p22'], 'shop/frontend', 'shop/backend', '8080/TCP', 'allowed'],
    ['C30', ['p23'], 'shop/db', 'shop/backend', '5432/TCP', 'allowed'],
    ['C31 pod', ['g2'], 'pay/api', 'shop/backend', '8080/TCP', 'allowed'],
    ['C31 node', ['g2'], '172.18.0.2', 'shop/backend', '8080/TCP', 'denied'],
    ['C31 world', ['g2'], '8.8.8.8', 'shop/backend', '8080/TCP', 'denied'],
    ['C32 v1.19', ['p24'], 'pay/api', 'shop/backend', '8080/TCP', 'allowed'],
    ['C32 v1.18', ['p24'], 'pay/api', 'shop/backend', '8080/TCP', 'denied', ['--cilium-version', '1.18']],
    ['C32b other ns', ['p27'], 'pay/api', 'shop/backend', '8080/TCP', 'allowed'],
    ['C32b kube-system', ['p27'], 'kube-system/coredns', 'shop/backend', '8080/TCP', 'denied'],
    ['C32b world', ['p27'], '8.8.8.8', 'shop/backend', '8080/TCP', 'denied'],
    ['C33', ['p1', 'p25'], 'shop/frontend', 'shop/backend', '9090/TCP', 'allowed'],
    ['C35 world', ['np-c35'], 'shop/frontend', '8.8.8.8', '443/TCP', 'allowed'],
    ['C35 except', ['np-c35'], 'shop/frontend', '10.20.0.5', '443/TCP', 'denied'],
    ['C35 pod', ['np-c35'], 'shop/frontend', 'kube-system/coredns', '53/UDP', 'denied'],
    ['C35 node', ['np-c35'], 'shop/frontend', '172.18.0.2', '443/TCP', 'denied'],
    ['C35 ingress lock', ['np-c35-deny-ingress'], 'pay/api', 'shop/backend', '8080/TCP', 'denied'],
    ['C36 443', ['p26'], 'shop/frontend', 'entity:kube-apiserver', '6443/TCP', 'denied'],
    ['C36 6443', ['p26-6443'], 'shop/frontend', 'entity:kube-apiserver', '6443/TCP', 'allowed'],
    ['C37 requires', ['p-c37-requires'], 'shop/frontend', 'shop/backend', '8080/TCP', 'allowed'],
    ['C37 two kinds', ['p-c37-two-kinds'], 'shop/frontend', 'shop/backend', '8080/TCP', 'allowed'],
    ['C37 world-ipv4', ['p-c37-world-ipv4'], 'shop/frontend', 'shop/backend', '8080/TCP', 'allowed'],
  ];
  it.each(rows.map((r) => [r[0], r] as const))('%s', async (_id, row) => {
    const [, policies, from, to, port, verdict, extra = []] = row;
    expect((await partC(policies, from, to, port, extra)).verdict).toBe(verdict);
  });
  it('C14/C15/C27: the deciding side and reason are named', async () => {
    expect((await partC(['p1', 'p9'], 'shop/frontend', 'shop/backend', '8080/TCP')).ingress.reason).toBe('explicit-deny');
    expect((await partC(['p10'], 'shop/db', 'shop/backend', '8080/TCP')).ingress.reason).toBe('default-deny');
    expect((await partC(['p1', 'p20'], 'shop/frontend', 'shop/backend', '8080/TCP')).egress.reason).toBe('default-deny');
  });
});

describe('explain CLI: a DNS name no flow saw, which a toFQDNs rule allows once a pod of its node looks it up', () => {
  const backendDns = JSON.stringify({
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name: 'backend-dns', namespace: 'shop' },
    spec: {
      endpointSelector: { matchLabels: { app: 'backend' } },
      egress: [{ toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } }], toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*.github.com' }] } }] }],
    },
  });
  const stdin = `${policyDocs.get('p18') ?? ''}\n---\n${backendDns}`;
  const ask = [semantics('cluster.yaml'), '-', '--from', 'shop/frontend', '--to', 'api.github.com', '--port', '443/TCP'];
  it('says the denial is conditional and on what, in text and JSON (a firm DENIED before)', async () => {
    const text = await cli(ask, stdin);
    const lines = text.out.split('\n');
    expect(lines[1]).toBe('Verdict: DENIED at egress (conditional: ALLOWED if the condition below holds)');
    expect(lines[3]).toMatch(/^Condition: ALLOWED once api\.github\.com is resolved through Cilium's DNS proxy by a pod allowed to look it up, on node-a, .* such as shop\/backend\. Then CNP shop\/p18 spec\.egress\[0\] \(spec\.egress\[0\]\.toFQDNs\[0\], matchName api\.github\.com\) allows it\. The lookup is allowed by CNP shop\/backend-dns spec\.egress\[0\]\.toPorts\[0\]\.rules\.dns\[0\] \(matchPattern \*\.github\.com\)/);
    const j = JSON.parse((await cli([...ask, '--json'], stdin)).out) as { verdict: string; condition?: { verdict: string; text: string; rules: { name: string; path: string }[] } };
    expect(j.verdict).toBe('denied');
    expect(j.condition?.verdict).toBe('allowed');
    expect(j.condition?.text).toBe(lines[3]?.slice('Condition: '.length));
    expect(j.condition?.rules.map((r) => `${r.name} ${r.path}`)).toEqual(['p18 spec.egress[0]', 'backend-dns spec.egress[0].toPorts[0].rules.dns[0]']);
  });
});

describe('explain CLI: tier-platform (ClusterNetworkPolicy tiers, Cilium 1.20)', () => {
  const tier = (f: string) => path.join(tierPlatformDir, f);
  const files = tierPlatformFiles.map(tier);
  for (const row of tierPlatformRows)
    it(`#${row.n} ${row.from} → ${row.to} ${row.port}/TCP`, async () => {
      const r = await cli([...files, '--cilium-version', '1.20', '--from', row.from, '--to', row.to, '--port', String(row.port), '--json']);
      expect(r.code, r.err).toBe(0);
      const j = JSON.parse(r.out) as JsonAnswer & { egress: { text: string }; ingress: { text: string } };
      expect(j.verdict).toBe(row.verdict);
      expect(j.egress.reason).toBe(row.egress);
      expect(j.ingress.reason).toBe(row.ingress);
      expect(`${j.egress.text}\n${j.ingress.text}`).toContain(row.says);
    });
  it("takes the version from the cilium DaemonSet's image and says so", async () => {
    const r = await cli([...files, tier('cilium.yaml'), '--from', 'acme-web/frontend', '--to', '203.0.113.10', '--port', '25']);
    expect(r.out.split('\n')[2]).toMatch(/^Decided as Cilium 1\.20 would \(version: cilium DaemonSet image\); Cilium's defaults \(no cilium-config\): enable-policy=default, /);
  });
  it('the text explanation names tier, priority, rule and action; --cluster-network-policy off turns the tiers off', async () => {
    const on = await cli([...files, '--cilium-version', '1.20', '--from', 'acme-web/frontend', '--to', '203.0.113.10', '--port', '25']);
    expect(on.out).toContain('Verdict: DENIED at egress');
    expect(on.out).toContain('Admin tier, priority 10, rule `deny-smtp`: Deny');
    const off = await cli([...files, '--cilium-version', '1.20', '--cluster-network-policy', 'off', '--from', 'acme-web/frontend', '--to', '203.0.113.10', '--port', '25']);
    expect(off.out).toContain('Verdict: ALLOWED');
    expect(off.out).toContain('setting off');
    const bad = await cli([...files, '--cluster-network-policy', 'maybe', '--from', 'acme-web/frontend', '--to', '203.0.113.10']);
    expect(bad.code).toBe(2);
  });
});

describe('explain CLI: an endpoint whose policy Cilium cannot compute', () => {
  it('two L7 parsers on one port: the verdict is not known from the policies, and the text says what it depends on', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'explain-l7-'));
    const cnp = (name: string, rules: string) =>
      `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: server}}\n  ingress:\n  - fromEndpoints: [{matchLabels: {app: client}}]\n    toPorts: [{ports: [{port: "80", protocol: TCP}], rules: ${rules}}]\n`;
    const pod = (name: string, ip: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: shop, labels: {app: ${name}}}\nspec: {containers: [{name: c, image: x}]}\nstatus: {phase: Running, podIP: ${ip}, podIPs: [{ip: ${ip}}]}\n`;
    const file = path.join(dir, 'all.yaml');
    writeFileSync(file, [cnp('web-http', '{http: [{method: GET}]}'), cnp('web-kafka', '{kafka: [{topic: orders}]}'), pod('client', '10.0.0.1'), pod('server', '10.0.0.2')].join('---\n'));
    const r = await cli([file, '--from', 'shop/client', '--to', 'shop/server', '--port', '80']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Verdict: NOT KNOWN (Cilium cannot compute the policy of shop/server: a running endpoint keeps the last policy it computed');
    expect(r.out).not.toContain('Verdict: ALLOWED');
    expect(r.out).toContain('These policies would say: ALLOWED');
    const j = await cli([file, '--from', 'shop/client', '--to', 'shop/server', '--port', '80', '--json']);
    expect(JSON.parse(j.out)).toMatchObject({ verdict: 'not-known', notComputed: ['shop/server'], policiesWouldDecide: 'allowed', ingress: { notComputed: true } });
  });
});

describe('explain CLI: a policy the selected Cilium version refuses (core/engine/versionGaps.ts)', () => {
  it('names the policy and field, the version that refuses it, and the verdict on the release that applies it; nothing on that release', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'explain-gap-'));
    const pod = (name: string, ip: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: shop, labels: {app: ${name}}}\nspec: {containers: [{name: c, image: x}]}\nstatus: {phase: Running, podIP: ${ip}, podIPs: [{ip: ${ip}}]}\n`;
    const file = path.join(dir, 'all.yaml');
    writeFileSync(file, [backendInClusterMesh, pod('frontend', '10.0.0.1'), pod('backend', '10.0.0.2'), pod('db', '10.0.0.3')].join('---\n'));
    const ask = [file, '--from', 'shop/db', '--to', 'shop/backend', '--port', '8080'];
    const old = await cli([...ask, '--cilium-version', '1.19']);
    expect(old.code, old.err).toBe(0);
    expect(old.out).toContain('Verdict: ALLOWED');
    expect(old.out).toContain(
      '\n  - CNP shop/backend-in spec.ingress[1].fromEntities[0]: Cilium 1.19 refuses this whole policy (entity cluster-mesh; accepted from 1.20), so none of its rules apply. On Cilium 1.20 this connection would be DENIED\n',
    );
    const now = await cli([...ask, '--cilium-version', '1.20']);
    expect(now.out).toContain('Verdict: DENIED at ingress');
    expect(now.out).not.toContain('refuses');
  });
});
