import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FlowRecord } from './Flow.ts';
import { parseFlowRecord } from './parseFlow.ts';
import { FlowLineParser, RecentMap } from './lineParser.ts';
import { syntheticChurnFlowLines } from '../synth/churnFlows.ts';
import { appPlatformFile, hubbleFlowsDir } from '../../../test/paths.ts';


function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : /\.jsonl?$/.test(n) ? [p] : [];
  });
}

/** Every real export: the corpora and the app-platform fixture. */
const REAL_EXPORTS: readonly string[] = [...filesUnder(hubbleFlowsDir), appPlatformFile('flows.jsonl')];

/** The full path: what FlowIngest did for every line before the fast path. */
function reference(line: string): FlowRecord | 'syntax' {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return 'syntax';
  }
  return parseFlowRecord(v);
}

/** The fast path either declines or gives exactly the full path's record. */
function agrees(p: FlowLineParser, line: string): boolean {
  const quick = p.parse(line);
  if (quick === null) return false;
  const ref = reference(line);
  expect(ref).not.toBe('syntax');
  expect(quick).toEqual(ref);
  return true;
}

/** Strings that look like the cuts the fast path makes, and JSON's escapes. */
const NASTY = [
  '"source":{',
  ',"destination":{',
  '},"',
  '},"Type":"L7"',
  '"pod_name":"',
  '{',
  '}',
  '"',
  '\\',
  '\\"source\\":{',
  '\u0001',
  '\u0002',
  '\\u0001',
  '\u2028',
  'é',
  '😀',
  '\ud800',
  '\n',
];
const label = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(...NASTY),
  fc.tuple(fc.string({ maxLength: 4 }), fc.constantFrom(...NASTY), fc.string({ maxLength: 4 })).map(([a, b, c]) => `k8s:${a}${b}${c}`),
  fc.constantFrom('k8s:app=frontend', 'reserved:world', 'reserved:host', 'cidr:10.0.0.0/8'),
);
const text = fc.oneof(fc.constantFrom('', 'acme-web', 'api', 'Deployment'), label);

const endpoint = fc.record(
  {
    ID: fc.oneof({ weight: 9, arbitrary: fc.nat({ max: 5000 }) }, fc.constantFrom('12', 'x', -1, 1.5)),
    identity: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(0, 1, 2, 20013, 16777217) }, fc.constantFrom('20013', 'abc', null)),
    cluster_name: text,
    namespace: text,
    labels: fc.oneof({ weight: 9, arbitrary: fc.array(label, { maxLength: 5 }) }, fc.constantFrom(null, 'k8s:a=b', [1])),
    pod_name: text,
    workloads: fc.oneof({ weight: 9, arbitrary: fc.array(fc.record({ name: text, kind: text }), { maxLength: 2 }) }, fc.constantFrom([{ name: 1 }], {}, null)),
  },
  { requiredKeys: [] },
);

const flowObject = fc.record(
  {
    time: fc.constantFrom('2026-11-20T09:00:00.427123456Z', '2026-11-20T09:00:00Z', 'yesterday'),
    uuid: fc.uuid(),
    verdict: fc.constantFrom('FORWARDED', 'DROPPED', 'AUDIT', 'BOGUS', 2),
    IP: fc.constant({ source: '10.0.0.1', destination: '10.0.0.2', ipVersion: 'IPv4' }),
    l4: fc.constantFrom({ TCP: { source_port: 5000, destination_port: 80, flags: { SYN: true } } }, { UDP: { source_port: 1, destination_port: 53 } }, 'x'),
    source: fc.oneof({ weight: 6, arbitrary: endpoint }, fc.constantFrom(null, 0, 'x', [])),
    destination: fc.oneof({ weight: 6, arbitrary: endpoint }, fc.constantFrom(null, 1, [])),
    Type: fc.constantFrom('L3_L4', 'L7', 'NOPE'),
    node_name: text,
    destination_names: fc.array(text, { maxLength: 2 }),
    is_reply: fc.constantFrom(true, false, 'yes'),
    Summary: text,
  },
  { requiredKeys: ['source', 'destination'] },
);

/** A line as Hubble writes it (wrapped or bare), from a flow object. */
const line = fc.tuple(flowObject, fc.boolean()).map(([flow, bare]) =>
  bare ? JSON.stringify(flow) : JSON.stringify({ flow, node_name: 'c/n', time: '2026-11-20T09:00:00.427123456Z' }),
);

/** Text-level damage: duplicate keys, other depths, whitespace, cut and inserted characters. */
const edit = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom(...NASTY, ' ', '0', '1', ',"source":0', ',"destination":1', ',"source":"\\u0001"', ',"destination":"\\u0002"', '"source":{"a":1},"destination":{"b":2},')).map(
    ([at, ins]) =>
      (l: string) => {
        const i = at % (l.length + 1);
        return l.slice(0, i) + ins + l.slice(i);
      },
  ),
  fc.tuple(fc.nat(), fc.nat({ max: 6 })).map(([at, n]) => (l: string) => {
    const i = at % (l.length + 1);
    return l.slice(0, i) + l.slice(i + n);
  }),
);

describe('FlowLineParser gives the full path’s record or declines (fast-check)', () => {
  it('on generated flows with adversarial labels, one parser (cache) for all', () => {
    const p = new FlowLineParser(8);
    let fast = 0;
    fc.assert(
      fc.property(line, (l) => {
        if (agrees(p, l)) fast++;
        // Twice: the second read comes from the cache.
        agrees(p, l);
      }),
      { numRuns: 1500 },
    );
    expect(fast).toBeGreaterThan(300);
  });

  it('on generated lines damaged at the text level', () => {
    const p = new FlowLineParser(16);
    fc.assert(
      fc.property(line, fc.array(edit, { minLength: 1, maxLength: 3 }), (l, edits) => {
        let t = l;
        for (const e of edits) t = e(t);
        agrees(p, t);
      }),
      { numRuns: 1500 },
    );
  });

  it('on every real export, each line read twice', () => {
    const p = new FlowLineParser();
    let fast = 0;
    let lines = 0;
    for (const f of REAL_EXPORTS) {
      for (const l of readFileSync(f, 'utf8').split('\n')) {
        if (l.trim() === '') continue;
        lines++;
        if (agrees(p, l)) fast++;
        agrees(p, l);
      }
    }
    // Most real lines take the fast path (the rest: escapes such as DNS answers in Summary).
    expect(fast / lines).toBeGreaterThan(0.8);
  });
});

describe('FlowLineParser declines what it cannot prove', () => {
  const ep = '{"identity":20013,"namespace":"acme-web","pod_name":"api-1","labels":["k8s:app=api"]}';
  const other = '{"identity":20026,"namespace":"acme-web","pod_name":"web-1"}';
  const cases: Record<string, string> = {
    'a literal value overriding the cut source (duplicate key)': `{"flow":{"source":${ep},"destination":${other},"Type":"L7","source":0}}`,
    'the cut at another depth while the flow has its own source': `{"flow":{"x":{"source":${ep},"destination":${other},"y":1},"source":3,"destination":4}}`,
    'a literal value overriding the cut destination (duplicate key)': `{"flow":{"source":${ep},"destination":${other},"Type":"L7","destination":1}}`,
    'a duplicate key holding the placeholder itself': `{"flow":{"source":${ep},"destination":${other},"Type":"L7","source":"\\u0001"}}`,
    'a placeholder-looking escape elsewhere': `{"flow":{"source":${ep},"destination":${other},"Summary":"\\u0001"}}`,
    'an endpoint with a diagnostic': `{"flow":{"source":{"identity":"x"},"destination":${other},"Type":"L7"}}`,
    'destination last in the flow': `{"flow":{"source":${ep},"destination":${other}},"node_name":"n"}`,
    'a trailing comma after the destination': `{"flow":{"source":${ep},"destination":${other},},"node_name":"n"}`,
  };
  for (const [name, l] of Object.entries(cases)) {
    it(name, () => {
      const p = new FlowLineParser();
      expect(p.parse(l)).toBeNull();
      expect(p.parse(l)).toBeNull();
    });
  }

  it('takes a plain line, shares and freezes its cached endpoints', () => {
    const p = new FlowLineParser();
    const l = (uuid: string) => `{"flow":{"uuid":"${uuid}","source":${ep},"destination":${other},"Type":"L3_L4"},"node_name":"n"}`;
    const a = p.parse(l('a'));
    const b = p.parse(l('b'));
    expect(a).toEqual(parseFlowRecord(JSON.parse(l('a'))));
    if (a?.kind !== 'flow' || b?.kind !== 'flow') throw new Error('expected flows');
    expect(b.flow.source).toBe(a.flow.source);
    expect(Object.isFrozen(a.flow.source)).toBe(true);
    expect(Object.isFrozen(a.flow.source.labels)).toBe(true);
    expect(Object.isFrozen(a.flow.destination.workloads)).toBe(true);
  });
});

describe('FlowLineParser under pod churn', () => {
  const pod = (name: string, workload: string, id: number | null, identity = 30001) =>
    `{${id === null ? '' : `"ID":${id},`}"identity":${identity},"cluster_name":"c1","namespace":"shop","labels":["k8s:app=${workload}"],"pod_name":"${name}","workloads":[{"name":"${workload}","kind":"Deployment"}]}`;
  const dns = '{"identity":30002,"cluster_name":"c1","namespace":"kube-system","labels":["k8s:app=coredns"],"pod_name":"coredns-1","workloads":[{"name":"coredns","kind":"Deployment"}]}';
  const line = (src: string, ip: string) =>
    `{"flow":{"time":"2026-11-20T09:00:00.000000000Z","verdict":"FORWARDED","IP":{"source":"${ip}","destination":"10.0.9.9","ipVersion":"IPv4"},"source":${src},"destination":${dns},"Type":"L3_L4"},"node_name":"n"}`;

  it('a pod IP reused by another pod later gives the later pod, not the cached one', () => {
    const p = new FlowLineParser();
    const first = p.parse(line(pod('cart-7d9c5f8b6d-x2k4p', 'cart', 101), '10.0.1.5'));
    const later = p.parse(line(pod('checkout-5f6d7c8b9-q7r2t', 'checkout', 101), '10.0.1.5'));
    if (first?.kind !== 'flow' || later?.kind !== 'flow') throw new Error('expected flows');
    expect(first.flow.source.podName).toBe('cart-7d9c5f8b6d-x2k4p');
    expect(later.flow.source.podName).toBe('checkout-5f6d7c8b9-q7r2t');
    expect(later.flow.source.workloads).toEqual([{ name: 'checkout', kind: 'Deployment' }]);
    expect(later).toEqual(reference(line(pod('checkout-5f6d7c8b9-q7r2t', 'checkout', 101), '10.0.1.5')));
  });

  it('a StatefulSet pod restarted under the same name, with another endpoint ID or identity, is read anew', () => {
    const p = new FlowLineParser();
    for (const l of [
      line(pod('db-0', 'db', 7), '10.0.1.6'),
      line(pod('db-0', 'db', 8), '10.0.2.6'),
      line(pod('db-0', 'db', null), '10.0.2.6'),
      line(pod('db-0', 'db', 8, 30009), '10.0.2.6'),
      line(pod('db-0', 'db', 7), '10.0.1.6'),
    ]) {
      expect(agrees(p, l)).toBe(true);
    }
  });

  it('on an export with pod churn, with a cache far smaller than the live pods, every line agrees', () => {
    const p = new FlowLineParser(64);
    let n = 0;
    let fast = 0;
    for (const l of syntheticChurnFlowLines({ namespaces: 6, nodes: 3, seed: 4 })) {
      if (agrees(p, l)) fast++;
      if (++n === 3000) break;
    }
    expect(fast).toBe(n);
    expect(p.stats().lookups).toBe(2 * n);
  });

  it('adaptive: a window that finds fewer than 60% of its endpoints whole in its first 512 lines ends there; each such window in a row rests twice as long (16, 32, … windows of 4096 lines)', () => {
    // Every line a new pod (its destination found whole): half the endpoints found whole.
    const churn = new FlowLineParser(undefined, true);
    let taken = 0;
    for (let i = 0; i < 512 + 16 * 4096 + 512 + 32 * 4096 + 10; i++) if (churn.parse(line(pod(`cart-5f6d-${i.toString(36)}`, 'cart', i), '10.0.1.5')) !== null) taken++;
    // 512 lines, 16 windows declined, 512 lines, 32 windows declined, then a window again.
    expect(taken).toBe(512 + 512 + 10);
    expect(churn.stats().lookups).toBe(2 * taken);
  });

  it('adaptive: rests for 16 windows of 4096 lines when fewer than 90% of a window’s endpoints were found whole, keeps going while they are', () => {
    // Every other line a new pod: three endpoints in four found whole (past the first 512 lines' test).
    const churn = new FlowLineParser(undefined, true);
    let taken = 0;
    const src = (i: number) => (i % 2 === 0 ? pod(`cart-5f6d-${i.toString(36)}`, 'cart', i) : pod('cart-5f6d-a1b2c', 'cart', 7));
    for (let i = 0; i < 4096 + 16 * 4096 + 10; i++) if (churn.parse(line(src(i), '10.0.1.5')) !== null) taken++;
    // The first window, then 16 windows declined, then a window again.
    expect(taken).toBe(4096 + 10);
    // The same pod on every line: found whole, never rests.
    const steady = new FlowLineParser(undefined, true);
    taken = 0;
    for (let i = 0; i < 3 * 4096; i++) if (steady.parse(line(pod('cart-5f6d-a1b2c', 'cart', 7), '10.0.1.5')) !== null) taken++;
    expect(taken).toBe(3 * 4096);
  });

  it('reads a new pod of a known workload from the cached shape, and the odd forms agree too', () => {
    const p = new FlowLineParser();
    expect(agrees(p, line(pod('cart-7d9c5f8b6d-x2k4p', 'cart', 101), '10.0.1.5'))).toBe(true);
    expect(agrees(p, line(pod('cart-7d9c5f8b6d-q9w8e', 'cart', 102), '10.0.1.6'))).toBe(true);
    expect(agrees(p, line(pod('cart-7d9c5f8b6d-z1z1z', 'cart', null), '10.0.1.7'))).toBe(true);
    // Source and destination of the first line parsed; the two later sources built from the source's shape.
    expect(p.stats()).toEqual({ lookups: 6, hits: 2, shapeHits: 2 });
    const odd = [
      // A later ID overrides the leading one: the shape has an ID, so the text is parsed whole.
      line(pod('cart-7d9c5f8b6d-x2k4p', 'cart', 101).replace('"pod_name"', '"ID":5,"pod_name"'), '10.0.1.5'),
      // Not a plain pod name (upper case, escapes): cached whole.
      line(pod('Cart-X', 'cart', 101), '10.0.1.5'),
      line(pod('cart\\u0041', 'cart', 101), '10.0.1.5'),
      // ID with a sign, a fraction or a leading zero: not the plain form.
      line(pod('cart-1', 'cart', 101).replace('"ID":101', '"ID":-1'), '10.0.1.5'),
      line(pod('cart-1', 'cart', 101).replace('"ID":101', '"ID":1.5'), '10.0.1.5'),
      // A second pod_name member: the last one counts.
      line(pod('cart-1', 'cart', 101).replace('"labels"', '"pod_name":"x-1","labels"'), '10.0.1.5'),
      line(pod('cart-1', 'cart', 101).replace('"workloads"', '"pod_name":"x-2","workloads"'), '10.0.1.5'),
    ];
    for (const l of odd) {
      agrees(p, l);
      agrees(p, l);
    }
    // Not JSON at all (leading zero): declined, as the full path rejects it.
    expect(p.parse(line(pod('cart-1', 'cart', 101).replace('"ID":101', '"ID":0101'), '10.0.1.5'))).toBeNull();
  });
});

describe('RecentMap (the pod and shape caches)', () => {
  it('keeps the most recent keys in two generations; a key found in the older one moves under the key its value gives', () => {
    // keyOf deliberately differs from the key stored first: after the move the entry is under keyOf(value).
    const m = new RecentMap<string, { own: string }>(2, (v) => v.own);
    m.set('a', { own: 'A' });
    m.set('b', { own: 'b' });
    m.set('c', { own: 'c' }); // the younger generation was full: {a, b} is now the older one
    expect(m.get('a')).toEqual({ own: 'A' }); // found in the older generation, moved
    expect(m.get('A')).toEqual({ own: 'A' });
    expect(m.get('a')).toBeUndefined();
    m.set('d', { own: 'd' }); // younger {c, A} full: the older {b} is dropped
    expect(m.get('b')).toBeUndefined();
    expect(m.get('c')).toEqual({ own: 'c' });
  });
});
