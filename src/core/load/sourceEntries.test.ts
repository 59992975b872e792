import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { strToU8, Zip, ZipDeflate, zipSync } from 'fflate';
import { Loader, loadInputs } from './loadInputs.ts';
import { tarArchive } from './archiveTesting.ts';
import type { FlowRecordInput } from './types.ts';

const TS = '20240131-235959';
const DIR = `cilium-sysdump-${TS}`;
const POLICY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicyList\nitems:\n- metadata: {name: deny, namespace: shop}\n  spec: {podSelector: {}}\n';
const PODS = 'apiVersion: v1\nkind: PodList\nitems:\n- metadata: {name: web-5c4-a, namespace: shop, labels: {app: web, pod-template-hash: 5c4}, ownerReferences: [{kind: ReplicaSet, name: web-5c4, controller: true}]}\n  spec: {containers: [{name: c}]}\n  status: {podIP: 10.0.0.1}\n';
const FLOW = (n: number): string => JSON.stringify({ flow: { verdict: 'FORWARDED', IP: { source: '10.0.0.1', destination: '10.0.0.2' }, source: {}, destination: {} }, node_name: `node-${n}` });
/** An agent's cilium-bugtool tarball with none of the outputs netpol-viz reads. */
const BUGTOOL = new Uint8Array(gzipSync(tarArchive([{ name: 'cilium-bugtool-20240131-235960-1234/cmd/cilium-dbg-status.md', data: 'KVStore: Disabled\n' }])));
const SYSDUMP: { name: string; data: string | Uint8Array }[] = [
  { name: `${DIR}/k8s-networkpolicies-${TS}.yaml`, data: POLICY },
  { name: `${DIR}/k8s-pods-${TS}.yaml`, data: PODS },
  { name: `${DIR}/hubble-flows-cilium-abcde-${TS}.json`, data: `${FLOW(1)}\n${FLOW(1)}\n` },
  { name: `${DIR}/logs-cilium-abcde-cilium-agent-${TS}.log`, data: 'level=info msg=hello\n' },
  { name: `${DIR}/metrics-cilium-abcde-cilium-agent-${TS}.txt`, data: 'cilium_x 1\n' },
  { name: `${DIR}/k8s-events-${TS}.yaml`, data: 'apiVersion: v1\nkind: EventList\nitems: []\n' },
  { name: `${DIR}/cilium-bugtool-cilium-abcde-${TS}.tar.gz`, data: BUGTOOL },
];

function load(name: string, bytes: Uint8Array, chunk = 1000): { loader: Loader; flows: FlowRecordInput[] } {
  const flows: FlowRecordInput[] = [];
  const loader = new Loader({ flowSink: { accept: (r) => flows.push(r) } });
  const s = loader.openSource(name);
  for (let i = 0; i < bytes.length; i += chunk) s.push(bytes.subarray(i, i + chunk));
  s.end();
  return { loader, flows };
}

const bytes = (d: string | Uint8Array): Uint8Array => (typeof d === 'string' ? strToU8(d) : d);

function streamingZip(files: readonly { name: string; data: string | Uint8Array }[]): Uint8Array {
  // fflate's streaming Zip writes sizes in data descriptors after each member, as Go's archive/zip does.
  const out: Uint8Array[] = [];
  const z = new Zip((err, data) => {
    if (err) throw err;
    out.push(data);
  });
  for (const f of files) {
    const e = new ZipDeflate(f.name, { level: 6 });
    z.add(e);
    e.push(bytes(f.data), true);
  }
  z.end();
  const all = new Uint8Array(out.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of out) {
    all.set(p, o);
    o += p.length;
  }
  return all;
}

describe('archives: source → entries', () => {
  const archives: [string, Uint8Array][] = [
    ['dump.zip', zipSync(Object.fromEntries(SYSDUMP.map((f) => [f.name, bytes(f.data)])))],
    ['dump-streamed.zip', streamingZip(SYSDUMP)],
    ['dump.tar', tarArchive(SYSDUMP)],
    ['dump.tar.gz', new Uint8Array(gzipSync(tarArchive(SYSDUMP)))],
  ];
  for (const [name, bytes] of archives) {
    it(`${name}: reads policies, pods and flows, skips the rest with a count`, () => {
      for (const chunk of [7, 4096, 1 << 20]) {
        const { loader, flows } = load(name, bytes, chunk);
        const r = loader.finish();
        expect(r.cluster.policies.map((p) => p.key)).toEqual(['NetworkPolicy/shop/deny']);
        expect(r.cluster.pods.map((p) => p.workload)).toEqual(['shop/Deployment/web']);
        expect(flows.map((f) => [f.file, f.line])).toEqual([
          [`${name}/${DIR}/hubble-flows-cilium-abcde-${TS}.json`, 1],
          [`${name}/${DIR}/hubble-flows-cilium-abcde-${TS}.json`, 2],
        ]);
        expect(r.cluster.sources.map((s) => s.file)).toEqual([`${name}/${DIR}/k8s-networkpolicies-${TS}.yaml`, `${name}/${DIR}/k8s-pods-${TS}.yaml`, `${name}/${DIR}/hubble-flows-cilium-abcde-${TS}.json`]);
        const skipped = r.diagnostics.filter((d) => d.code === 'archive-skipped');
        expect(skipped).toHaveLength(1);
        expect(skipped[0]).toMatchObject({ file: name, severity: 'info' });
        expect(skipped[0]?.message).toContain(`Read 4 of 7 files in this archive; skipped 1 log, 1 metrics dump, 1 other file (k8s-events-${TS}.yaml)`);
        const bugtool = r.diagnostics.filter((d) => d.code === 'bugtool-archive');
        expect(bugtool.map((d) => [d.file, d.severity])).toEqual([[`${name}/${DIR}/cilium-bugtool-cilium-abcde-${TS}.tar.gz`, 'info']]);
        expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
      }
    });
  }

  it('loads an archive given whole to loadInputs, and a plain file as before', () => {
    const r = loadInputs([{ name: 'dump.zip', data: zipSync({ 'a/np.yaml': strToU8(POLICY) }) }, { name: 'pods.yaml', data: PODS }]);
    expect(r.cluster.sources.map((s) => [s.file, s.counts])).toEqual([
      ['dump.zip/a/np.yaml', { NetworkPolicy: 1 }],
      ['pods.yaml', { Pod: 1 }],
    ]);
  });

  it('reads gzip members and members with long names', () => {
    const long = `${'d'.repeat(120)}/policies.yaml`;
    const tar = tarArchive([
      { name: long, data: POLICY },
      { name: 'x/pods.yaml.gz', data: new Uint8Array(gzipSync(PODS)) },
    ]);
    const r = load('t.tar', tar).loader.finish();
    expect(r.cluster.sources.map((s) => s.file)).toEqual([`t.tar/${long}`, 't.tar/x/pods.yaml.gz']);
    expect(r.cluster.pods).toHaveLength(1);
  });

  it('reports a cut-short or damaged archive and keeps what was read', () => {
    const tar = tarArchive(SYSDUMP);
    const cut = load('cut.tar', tar.subarray(0, 2600)).loader.finish();
    expect(cut.cluster.policies).toHaveLength(1);
    expect(cut.diagnostics.map((d) => d.code)).toContain('archive-damaged');
    const zip = zipSync({ 'np.yaml': strToU8(POLICY), 'pods.yaml': strToU8(PODS) });
    const bad = zip.slice();
    bad.fill(0x41, 60, 90);
    const r = load('bad.zip', bad).loader.finish();
    expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  it('a gzip file cut short before its trailer, inside its header too, is damaged, not empty (archives.property seed -930033489)', () => {
    const gz = new Uint8Array(gzipSync(tarArchive(SYSDUMP)));
    for (const at of [2, 5, 9, 10, 19, 20, gz.length - 9]) {
      const r = load('dump.tar.gz', gz.subarray(0, at)).loader.finish();
      expect(r.diagnostics.map((d) => `${d.severity} ${d.code}`), `cut at ${at} of ${gz.length}`).toContain('error archive-damaged');
    }
    const whole = load('dump.tar.gz', gz).loader.finish();
    expect(whole.diagnostics.map((d) => d.code)).not.toContain('archive-damaged');
    expect(whole.cluster.policies).toHaveLength(1);
  });

  it('gzip data whose CRC-32 or length disagrees with its trailer is damaged (archives.property seed -1851624260: inflated garbage read as the end of a tar)', () => {
    const gz = new Uint8Array(gzipSync(tarArchive(SYSDUMP)));
    for (const at of [gz.length - 8, gz.length - 1]) {
      const bad = gz.slice();
      bad[at] = (bad[at] as number) ^ 0x01;
      const r = load('dump.tar.gz', bad).loader.finish();
      expect(r.diagnostics.map((d) => `${d.severity} ${d.code}`), `byte ${at} of ${gz.length}`).toContain('error archive-damaged');
    }
    // Two gzip members one after the other (as `cat a.gz b.gz` makes) are whole.
    const two = new Uint8Array([...gzipSync(strToU8(POLICY.slice(0, 40))), ...gzipSync(strToU8(POLICY.slice(40)))]);
    const r = load('np.yaml.gz', two).loader.finish();
    expect(r.diagnostics.map((d) => d.code)).not.toContain('archive-damaged');
    expect(r.cluster.policies).toHaveLength(1);
  });

  it('a gzip stream of several members checks each against its own trailer and names the tar members the damaged one held; the rest loads', () => {
    // A tar cut at its member boundaries, each part a gzip member of its own (pigz --independent, cat a.gz b.gz c.gz),
    // stored (level 0) so that a byte changed in the second member's data inflates without an error.
    const files = ['a', 'b', 'c'].map((n) => ({ name: `${DIR}/k8s-networkpolicies-${n}-${TS}.yaml`, data: POLICY.replace('name: deny', `name: deny-${n}`) }));
    const parts = [tarArchive(files.slice(0, 1)).subarray(0, -1024), tarArchive(files.slice(1, 2)).subarray(0, -1024), tarArchive(files.slice(2))];
    const members = parts.map((p) => new Uint8Array(gzipSync(p, { level: 0 })));
    const at = members[0]!.length + members[1]!.indexOf(strToU8('deny-b')[0]!, 600);
    const whole = new Uint8Array(members.reduce<number[]>((a, m) => [...a, ...m], []));
    const clean = load('dump.tar.gz', whole, 700).loader.finish();
    expect(clean.diagnostics.map((d) => d.code)).not.toContain('archive-damaged');
    expect(clean.cluster.policies.map((p) => p.ref.name).sort()).toEqual(['deny-a', 'deny-b', 'deny-c']);
    for (const chunk of [700, 100_000]) {
      const bad = whole.slice();
      bad[at] = (bad[at] as number) ^ 0x20;
      const r = load('dump.tar.gz', bad, chunk).loader.finish();
      const damaged = r.diagnostics.filter((d) => d.code === 'archive-damaged');
      expect(damaged, JSON.stringify(r.diagnostics)).toHaveLength(1);
      expect(damaged[0]!.message).toContain('the 2nd of its gzip members');
      expect(damaged[0]!.message).toContain(`k8s-networkpolicies-b-${TS}.yaml`);
      expect(damaged[0]!.message).not.toContain(`k8s-networkpolicies-a-${TS}.yaml`);
      // Both neighbours load whole; the damaged member's text is read as it came.
      expect(r.cluster.policies.map((p) => p.ref.name)).toEqual(expect.arrayContaining(['deny-a', 'deny-c']));
    }
  });

  it("a zip member whose name was overwritten into a folder's ('…/') yet holds data is named, not skipped unsaid (archives.property seed 925503689)", () => {
    const zip = zipSync({ 'd/np.yaml': strToU8(POLICY), 'd/pods.yaml': strToU8(PODS) });
    const bad = zip.slice();
    bad.fill(0x2f, 30, 30 + 'd/np.yaml'.length); // the first local header's name: '/////////'
    const r = load('bad.zip', bad).loader.finish();
    expect(r.cluster.pods).toHaveLength(1);
    const said = r.diagnostics.filter((d) => d.severity === 'error' && d.file === 'bad.zip');
    expect(said.map((d) => d.message).join(' ')).toContain('/////////');
  });

  it('opens a sysdump zipped inside a zip, reads cilium-config under its cilium-cli 0.8/0.9 name, and leaves an unpacked bugtool unread', () => {
    const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cilium-config, namespace: kube-system}\ndata: {enable-policy: always, cluster-name: c9}\n';
    const inner = zipSync({
      [`${DIR}/k8s-networkpolicies-${TS}.yaml`]: strToU8(POLICY),
      [`${DIR}/cilium-config-configmap-${TS}.yaml`]: strToU8(CM),
      [`${DIR}/cilium-bugtool-cilium-abcde-${TS}/cmd/envoy-config.json`]: strToU8('{"configs":[]}'),
    });
    const r = load('case.zip', zipSync({ [`case-1234/${DIR}.zip`]: inner, 'case-1234/notes.txt': strToU8('customer says…') })).loader.finish();
    expect(r.cluster.policies.map((p) => p.key)).toEqual(['NetworkPolicy/shop/deny']);
    expect(r.cluster.agentConfig?.enforcementMode).toBe('always');
    expect(r.cluster.name).toBe('c9');
    expect(r.cluster.sources.map((s) => s.file)).toEqual([`case.zip/case-1234/${DIR}.zip/${DIR}/k8s-networkpolicies-${TS}.yaml`, `case.zip/case-1234/${DIR}.zip/${DIR}/cilium-config-configmap-${TS}.yaml`]);
    const skipped = r.diagnostics.filter((d) => d.code === 'archive-skipped').map((d) => [d.file, d.message.replace(/:.*/, '')]);
    expect(skipped.sort()).toEqual([
      ['case.zip', 'Read 1 of 2 files in this archive; skipped 1 other file (notes.txt)'],
      [`case.zip/case-1234/${DIR}.zip`, 'Read 2 of 3 files in this archive; skipped 1 cilium-bugtool file'],
    ]);
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('a zip whose local header is damaged: the entries lost after it are said (the directory lists more than were read)', () => {
    const zip = zipSync({ 'a.yaml': strToU8(POLICY), 'b.yaml': strToU8(PODS), 'c.yaml': strToU8(POLICY.replace('deny', 'deny-c')), 'd.yaml': strToU8(POLICY.replace('deny', 'deny-d')) });
    const bad = zip.slice();
    // The third local header's signature (PK\x03\x04), as a flipped bit leaves it.
    let seen = 0;
    for (let i = 0; i + 3 < bad.length; i++) if (bad[i] === 0x50 && bad[i + 1] === 0x4b && bad[i + 2] === 3 && bad[i + 3] === 4 && ++seen === 3) bad[i + 2] = 7;
    const r = load('bad.zip', bad).loader.finish();
    const keys = r.cluster.policies.map((p) => p.key);
    expect(keys).toContain('NetworkPolicy/shop/deny');
    expect(keys).not.toContain('NetworkPolicy/shop/deny-c');
    const d = r.diagnostics.filter((x) => x.code === 'archive-damaged');
    expect(d.map((x) => [x.file, x.severity])).toEqual([['bad.zip', 'error']]);
    expect(d[0]?.message).toMatch(/its directory lists 4 entries but only [23] were found/);
  });

  it('a tar cut between two members (no end-of-archive blocks): said, not silent', () => {
    const tar = tarArchive([
      { name: 'a.yaml', data: POLICY },
      { name: 'b.yaml', data: PODS },
    ]);
    const firstEnd = 512 + Math.ceil(strToU8(POLICY).length / 512) * 512;
    const r = load('cut.tar', tar.subarray(0, firstEnd)).loader.finish();
    expect(r.cluster.policies).toHaveLength(1);
    expect(r.diagnostics.filter((x) => x.code === 'archive-damaged').map((x) => x.file)).toEqual(['cut.tar']);
    // Whole, it is not.
    expect(load('whole.tar', tar).loader.finish().diagnostics.filter((x) => x.code === 'archive-damaged')).toEqual([]);
  });

  it('a tar member header that is damaged (bad checksum): that member is missing and said, the members after it are read (GNU tar skips to the next header too)', () => {
    const ns = (n: string): string => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${n}\n`;
    const tar = tarArchive([
      { name: 'd/a.yaml', data: ns('a') },
      { name: 'd/b.yaml', data: ns('b') },
      { name: 'd/c.yaml', data: ns('c') },
      { name: 'd/e.yaml', data: ns('e') },
    ]);
    for (const [what, damage, missing] of [
      ['the second member', [1024], ['b']],
      ['the second and third', [1024, 2048], ['b', 'c']],
      ['the last', [3072], ['e']],
    ] as const) {
      const bad = tar.slice();
      for (const at of damage) bad[at + 150] = (bad[at + 150] as number) ^ 0x07;
      for (const chunk of [7, 512, 1 << 20]) {
        const r = load('bad.tar', bad, chunk).loader.finish();
        expect([...r.cluster.namespaces.keys()].sort(), `${what}/${chunk}`).toEqual(['a', 'b', 'c', 'e'].filter((n) => !(missing as readonly string[]).includes(n)));
        const said = r.diagnostics.filter((d) => d.code === 'archive-damaged');
        expect(said.map((d) => [d.file, d.severity]), `${what}/${chunk}`).toEqual([['bad.tar', 'error']]);
        expect(said[0]?.message, what).toContain(`a member header at byte ${damage[0]} is damaged (bad checksum)`);
        expect(said[0]?.message, what).toContain(what === 'the last' ? 'no member header follows it' : `read again from the next header, at byte ${(damage[damage.length - 1] as number) + 1024}`);
      }
    }
  });

  it('a tar member header that is damaged, its member a tar whose bytes are intact: the inner archive is read, then the members after it', () => {
    const ns = (n: string): string => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${n}\n`;
    const inner = tarArchive([
      { name: 'x/b.yaml', data: ns('b') },
      { name: 'x/c.yaml', data: ns('c') },
    ]);
    // GNU tar pads an archive to 10 KiB records: zeros after the inner tar's end blocks.
    const padded = new Uint8Array(10240);
    padded.set(inner);
    for (const [what, member] of [
      ['as written by Go', inner],
      ['padded to a record', padded],
    ] as const) {
      const tar = tarArchive([
        { name: 'd/a.yaml', data: ns('a') },
        { name: 'd/inner.tar', data: member },
        { name: 'd/e.yaml', data: ns('e') },
      ]);
      // The inner tar's member header: its checksum field, as a flipped bit leaves it.
      const bad = tar.slice();
      bad[1024 + 150] = (bad[1024 + 150] as number) ^ 0x07;
      for (const chunk of [7, 512, 1 << 20]) {
        const r = load('bad.tar', bad, chunk).loader.finish();
        expect([...r.cluster.namespaces.keys()].sort(), `${what}/${chunk}`).toEqual(['a', 'b', 'c', 'e']);
        expect(r.cluster.namespaces.get('b')?.source?.file, `${what}/${chunk}`).toBe('bad.tar/d/inner.tar/x/b.yaml');
        const said = r.diagnostics.filter((d) => d.code === 'archive-damaged');
        expect(said.map((d) => [d.file, d.severity]), `${what}/${chunk}`).toEqual([['bad.tar', 'warning']]);
        expect(said[0]?.message).toContain('the member header at byte 1024 is damaged (bad checksum)');
        expect(said[0]?.message).toContain('"d/inner.tar"');
      }
    }
    // Bytes after the inner tar's end that are neither zeros nor a header: passed over, and said.
    const stray = new Uint8Array(inner.length + 512).fill(0x78);
    stray.set(inner);
    const withStray = tarArchive([
      { name: 'd/a.yaml', data: ns('a') },
      { name: 'd/inner.tar', data: stray },
      { name: 'd/e.yaml', data: ns('e') },
    ]);
    withStray[1024 + 150] = (withStray[1024 + 150] as number) ^ 0x07;
    const s = load('stray.tar', withStray).loader.finish();
    expect([...s.cluster.namespaces.keys()].sort()).toEqual(['a', 'b', 'c', 'e']);
    expect(s.diagnostics.filter((d) => d.code === 'archive-damaged').map((d) => d.severity)).toEqual(['warning', 'error']);
    expect(s.diagnostics.find((d) => d.severity === 'error')?.message).toContain(`it ends at byte ${1536 + inner.length}), the bytes up to the next member header, at byte ${1536 + inner.length + 512}`);
    // A damaged header whose size field says 0 (an empty file): the next header is the next member's, as before.
    const empty = tarArchive([
      { name: 'd/a.yaml', data: ns('a') },
      { name: 'd/empty.yaml', data: '' },
      { name: 'd/e.yaml', data: ns('e') },
    ]);
    empty[1024 + 150] = (empty[1024 + 150] as number) ^ 0x07;
    const r = load('empty.tar', empty).loader.finish();
    expect([...r.cluster.namespaces.keys()].sort()).toEqual(['a', 'e']);
    expect(r.cluster.namespaces.get('e')?.source?.file).toBe('empty.tar/d/e.yaml');
  });

  it('says so when an archive holds no inputs', () => {
    const r = load('logs.zip', zipSync({ 'a.log': strToU8('x'), 'b.txt': strToU8('y') })).loader.finish();
    expect(r.diagnostics.map((d) => [d.code, d.file])).toEqual([['archive-no-inputs', 'logs.zip']]);
  });

  it('counts in words agree in number: 1 file, 2 files', () => {
    const bugtool = load('cilium-bugtool-20240131-235960-1234.tar.gz', BUGTOOL).loader.finish();
    expect(bugtool.diagnostics.find((d) => d.code === 'bugtool-archive')?.message).toContain("(one agent's own view: 1 file): none of the outputs");
    const one = load('log.zip', zipSync({ 'a.log': strToU8('x') })).loader.finish();
    expect(one.diagnostics.find((d) => d.code === 'archive-no-inputs')?.message).toContain('No input files in this archive (1 file: 1 log)');
    const two = load('logs.zip', zipSync({ 'a.log': strToU8('x'), 'b.log': strToU8('y') })).loader.finish();
    expect(two.diagnostics.find((d) => d.code === 'archive-no-inputs')?.message).toContain('No input files in this archive (2 files: 2 logs)');
  });
});
