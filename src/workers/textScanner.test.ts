import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { generateCluster, synthPresets } from '../core/synth/cluster.ts';
import { appPlatformFile, sysdumpZip } from '../../test/paths.ts';
import { HELPER_SHARE, helperReads, readLoad, type ReadLoad } from './loadPipeline.ts';
import type { LoadProgress, LoadSource } from './protocol.ts';
import { replyOf } from './scanHost.ts';
import { portScanner, type RecordAsk, type ScanAnswer, type ScanPort, type ScanReply, type ScanRequest, type TextScanner } from './textScanner.ts';

const part = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);
const enc = new TextEncoder();

/**
 * The helper's work done on this thread (what scanHost.ts computes), its answer cloned as
 * postMessage clones it, counting what it was asked, answered, and parsed itself.
 */
function inThreadScanner(heads = true): TextScanner & { scanned: Blob[]; answered: number; parsed: number } {
  const s = {
    scanned: [] as Blob[],
    answered: 0,
    parsed: 0,
    async scan(file: Blob, record: RecordAsk | null = null): Promise<ScanReply | null> {
      s.scanned.push(file);
      const reply = replyOf(new Uint8Array(await file.arrayBuffer()), record);
      if (reply.scanned !== null) s.answered++;
      if (reply.scanned?.recording) s.parsed++;
      return structuredClone(heads ? reply : { ...reply, head: null });
    },
    close() {},
  };
  return s;
}

/** A port whose worker answers asynchronously, in reverse order of the requests, or fails. */
function fakePort(mode: 'reverse' | 'error'): ScanPort & { requests: ScanRequest[]; terminated: boolean } {
  const port = {
    requests: [] as ScanRequest[],
    terminated: false,
    onmessage: null as ((event: MessageEvent<ScanAnswer>) => void) | null,
    onerror: null as ((event: Event) => void) | null,
    postMessage(request: ScanRequest) {
      port.requests.push(request);
      if (mode === 'error') {
        setTimeout(() => port.onerror?.(new Event('error')), 0);
        return;
      }
      if (port.requests.length < 2) return;
      for (const r of [...port.requests].reverse()) {
        void r.file.arrayBuffer().then((b) => port.onmessage?.({ data: { id: r.id, ...replyOf(new Uint8Array(b), r.record) } } as MessageEvent<ScanAnswer>));
      }
    },
    terminate() {
      port.terminated = true;
    },
  };
  return port;
}

/**
 * The 200-workload synthetic cluster as kubectl JSON Lists, as the render bench opens it, in Lists
 * of at most 50 items: the 20k cluster's layout (4 Deployment, 4 ReplicaSet, 8 Pod Lists).
 */
function synthSources(): LoadSource[] {
  return generateCluster({ ...synthPresets['200'], format: 'json', maxItemsPerFile: 50 }).files.map((f) => ({ kind: 'file', name: f.name, file: new Blob([part(enc.encode(f.data))]) }));
}

const comparable = (r: ReadLoad): unknown => ({ cluster: r.cluster, flows: r.flows, flowRecords: r.flowRecords, diagnostics: r.diagnostics, files: r.files });

describe('portScanner', () => {
  it('matches answers to their requests by id, whatever their order', async () => {
    const port = fakePort('reverse');
    const scanner = portScanner(port);
    const [a, b] = await Promise.all([scanner.scan(new Blob(['{"a": 1}'])), scanner.scan(new Blob(['{"b": 2}']))]);
    expect(a?.scanned?.facts?.text).toBe('{"a": 1}');
    expect(b?.scanned?.facts?.text).toBe('{"b": 2}');
    expect(new TextDecoder().decode(b?.head ?? new Uint8Array())).toBe('{"b": 2}');
    scanner.close();
    expect(port.terminated).toBe(true);
    // After close: nothing asked, null answered (the load worker reads the file itself).
    expect(await scanner.scan(new Blob(['{}']))).toBeNull();
    expect(port.requests).toHaveLength(2);
  });

  it('answers null for every pending and later scan once the helper failed, and on close', async () => {
    const failing = portScanner(fakePort('error'));
    expect(await failing.scan(new Blob(['{}']))).toBeNull();
    expect(await failing.scan(new Blob(['{}']))).toBeNull();
    const silent = fakePort('reverse');
    const closing = portScanner(silent);
    const pending = closing.scan(new Blob(['{}']));
    closing.close();
    expect(await pending).toBeNull();
  });
});

describe('helperReads', () => {
  it('gives the helper its share of the bytes (HELPER_SHARE), only files after the first that it can decode whole', () => {
    const file = (name: string, size: number): LoadSource => ({ kind: 'file', name, file: new Blob([new Uint8Array(size)]) });
    const sources = [file('a', 10), file('b', 10), file('c', 10), { kind: 'text', name: 'd', text: 'x'.repeat(30) } as LoadSource, file('e', 10), file('f', 10), file('g', 10)];
    // 'a' is read here (the helper is still starting), 'd' is text: the helper's share counts them.
    expect(helperReads(sources)).toEqual([false, false, false, false, true, false, true]);
    const many = Array.from({ length: 40 }, (_, i) => file(String(i), 10));
    const share = helperReads(many).filter(Boolean).length / many.length;
    expect(share).toBeGreaterThan(HELPER_SHARE - 0.05);
    expect(share).toBeLessThan(HELPER_SHARE + 0.05);
  });

  it('gives the helper a file only when, with it, the helper stays within its share: the load worker never waits for a recording it could not overtake', () => {
    const file = (size: number): LoadSource => ({ kind: 'file', name: String(size), file: { size } as Blob });
    // The 20k cluster's order: a small file first, then Lists of 15-17 MB. The helper used to
    // get the second and third files, so the load worker waited for its recording at the start.
    const mb = [1.1, 0.13, 15.1, 15.2, 15.2, 15.2, 17.5, 17.5, 17.5, 17.5, 17, 17, 17, 17, 17, 17, 17, 17, 0.008, 6.3, 0.66];
    expect(helperReads(mb.map((m) => file(Math.round(m * 1e6)))).map((h, i) => (h ? i : -1)).filter((i) => i >= 0)).toEqual([1, 5, 9, 13, 17, 18, 20]);
    let seed = 7;
    const random = (): number => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    for (let round = 0; round < 50; round++) {
      const sizes = Array.from({ length: 2 + Math.floor(random() * 30) }, () => 1 + Math.floor(random() * (random() < 0.5 ? 100 : 20_000_000)));
      const reads = helperReads(sizes.map(file));
      let helper = 0;
      let all = 0;
      reads.forEach((h, i) => {
        all += sizes[i] as number;
        if (!h) return;
        helper += sizes[i] as number;
        expect(helper).toBeLessThan(HELPER_SHARE * all);
      });
    }
  });
});

describe('readLoad with the helper scanning ahead', () => {
  it('reads the synthetic cluster exactly as without it, the helper scanning every file but the first and parsing some', async () => {
    const sources = synthSources();
    const scanner = inThreadScanner();
    const progress: LoadProgress[] = [];
    const scanned = await readLoad(sources, {}, (p) => progress.push(p), undefined, scanner);
    const alone = await readLoad(synthSources(), {}, () => {});
    expect(comparable(scanned)).toStrictEqual(comparable(alone));
    expect(scanned.cluster.pods.length).toBeGreaterThan(100);
    expect(scanner.scanned).toEqual(sources.slice(1).map((s) => (s.kind === 'file' ? s.file : null)));
    expect(scanner.answered).toBe(sources.length - 1);
    // Pods and workloads parsed there (policies are left to the load worker).
    expect(scanner.parsed).toBeGreaterThanOrEqual(4);
    const last = progress[progress.length - 1];
    expect(last?.bytesRead).toBe(last?.bytesTotal);
  });

  it('reads what the helper leaves to it (gzip, an archive, a broken file, pasted text) as without it', async () => {
    const fixture = (name: string): Uint8Array => readFileSync(appPlatformFile(name));
    const sources = (): LoadSource[] => [
      { kind: 'file', name: 'policies.yaml', file: new Blob([part(fixture('policies.yaml'))]) },
      { kind: 'file', name: 'inventory.yaml.gz', file: new Blob([part(gzipSync(fixture('inventory.yaml')))]) },
      { kind: 'file', name: 'sysdump.zip', file: new Blob([part(readFileSync(sysdumpZip))]) },
      { kind: 'file', name: 'broken.json', file: new Blob([part(new Uint8Array([0x7b, 0xff, 0x7d]))]) },
      { kind: 'text', name: 'flows.jsonl', text: new TextDecoder().decode(fixture('flows.jsonl')) },
      { kind: 'file', name: 'inventory-again.yaml', file: new Blob([part(fixture('inventory.yaml'))]) },
    ];
    const scanner = inThreadScanner();
    const scanned = await readLoad(sources(), {}, () => {}, undefined, scanner);
    const alone = await readLoad(sources(), {}, () => {});
    expect(comparable(scanned)).toEqual(comparable(alone));
    expect(scanned.diagnostics.some((d) => d.file === 'broken.json' && d.code === 'binary-file')).toBe(true);
    // Asked for the files after the first (not the pasted text); it answered the plain inventory only.
    expect(scanner.scanned).toHaveLength(4);
    expect(scanner.answered).toBe(1);
  });

  it("takes a scanned file's first bytes from the helper's reply, and reads them from the file only without one", async () => {
    /** A file that counts the reads of a part of it (`slice`): each one a round trip to the browser in a worker. */
    class CountingBlob extends Blob {
      slices = 0;
      override slice(start?: number, end?: number, type?: string): Blob {
        this.slices++;
        return super.slice(start, end, type);
      }
    }
    const counted = (): { sources: LoadSource[]; files: CountingBlob[] } => {
      const files: CountingBlob[] = [];
      const sources = synthSources().map((s): LoadSource => {
        if (s.kind !== 'file') return s;
        const file = new CountingBlob([s.file]);
        files.push(file);
        return { kind: 'file', name: s.name, file };
      });
      return { sources, files };
    };
    const alone = await readLoad(synthSources(), {}, () => {});
    const withHeads = counted();
    const read = await readLoad(withHeads.sources, {}, () => {}, undefined, inThreadScanner());
    expect(comparable(read)).toStrictEqual(comparable(alone));
    // The first file is read here (the helper is still starting); the others only by the helper.
    expect(withHeads.files.map((f) => f.slices > 0)).toEqual(withHeads.files.map((_, i) => i === 0));
    const without = counted();
    const readWithout = await readLoad(without.sources, {}, () => {}, undefined, inThreadScanner(false));
    expect(comparable(readWithout)).toStrictEqual(comparable(alone));
    expect(without.files.every((f) => f.slices > 0)).toBe(true);
  });

  it('loads everything when the helper fails', async () => {
    const scanned = await readLoad(synthSources(), {}, () => {}, undefined, portScanner(fakePort('error')));
    const alone = await readLoad(synthSources(), {}, () => {});
    expect(comparable(scanned)).toEqual(comparable(alone));
  });
});
