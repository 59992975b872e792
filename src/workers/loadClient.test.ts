import { describe, expect, it } from 'vitest';
import { LoadFailure, loadSources } from './loadClient.ts';
import type { LoadedData, LoadRequest, WorkerMessage } from './protocol.ts';

/** A stand-in for a Worker: records what it was sent and lets the test answer. */
class FakeWorker {
  onmessage: ((e: MessageEvent<WorkerMessage>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  sent: LoadRequest[] = [];
  terminated = false;
  postMessage(m: LoadRequest): void {
    this.sent.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(m: WorkerMessage): void {
    this.onmessage?.({ data: m } as MessageEvent<WorkerMessage>);
  }
}

function start(signal?: AbortSignal) {
  const fake = new FakeWorker();
  const progress: number[] = [];
  const promise = loadSources([{ kind: 'text', name: 'a', text: 'x' }], {}, { signal, onProgress: (p) => progress.push(p.bytesRead) }, () => fake as unknown as Worker);
  return { fake, progress, promise };
}

describe('loadSources (worker path)', () => {
  it('forwards progress, resolves with the data and terminates the worker', async () => {
    const { fake, progress, promise } = start();
    expect(fake.sent[0]?.sources).toHaveLength(1);
    fake.reply({ type: 'progress', progress: { phase: 'reading', bytesRead: 1, bytesTotal: 1, file: 'a' } });
    const data = { flowRecords: 3 } as unknown as LoadedData;
    fake.reply({ type: 'done', data });
    await expect(promise).resolves.toBe(data);
    expect(progress).toEqual([1]);
    expect(fake.terminated).toBe(true);
  });

  it('cancel terminates the worker and rejects as cancelled', async () => {
    const c = new AbortController();
    const { fake, promise } = start(c.signal);
    c.abort();
    await expect(promise).rejects.toMatchObject({ kind: 'cancelled' });
    expect(fake.terminated).toBe(true);
  });

  it('a worker crash rejects as crashed', async () => {
    const { fake, promise } = start();
    fake.onerror?.({ message: 'boom', preventDefault() {} } as ErrorEvent);
    const err = await promise.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoadFailure);
    expect(err).toMatchObject({ kind: 'crashed' });
    expect(fake.terminated).toBe(true);
  });

  it('a failure reported by the worker rejects as failed', async () => {
    const { fake, promise } = start();
    fake.reply({ type: 'failed', message: 'bad' });
    await expect(promise).rejects.toMatchObject({ kind: 'failed', message: 'bad' });
  });
});
