import { describe, expect, it } from 'vitest';
import { LoadFailure, loadSources } from './loadClient.ts';
import { graphSessionOf } from './graphSession.ts';
import type { LoadedData } from './protocol.ts';
import { FakeWorker } from './testing.ts';

function start(signal?: AbortSignal) {
  const fake = new FakeWorker();
  const progress: number[] = [];
  const promise = loadSources([{ kind: 'text', name: 'a', text: 'x' }], {}, { signal, onProgress: (p) => progress.push(p.bytesRead) }, () => fake as unknown as Worker);
  return { fake, progress, promise };
}

describe('loadSources (worker path)', () => {
  it('forwards progress, resolves with the data and terminates the worker', async () => {
    const { fake, progress, promise } = start();
    const sent = fake.sent[0];
    expect(sent?.type === 'load' ? sent.sources : []).toHaveLength(1);
    fake.reply({ type: 'progress', progress: { phase: 'reading', bytesRead: 1, bytesTotal: 1, file: 'a', flows: 0, flowsPerSecond: 0 } });
    fake.reply({ type: 'done', data: { flowRecords: 3 } as unknown as LoadedData });
    const data = await promise;
    expect(data).toMatchObject({ flowRecords: 3 });
    expect(progress).toEqual([1]);
    // The worker lives on as the load's graph session until a newer load replaces it.
    expect(fake.terminated).toBe(false);
    expect(graphSessionOf(data)?.live).toBe(true);
  });

  it("a newer successful load ends the previous load's worker", async () => {
    const first = start();
    first.fake.reply({ type: 'done', data: { flowRecords: 1 } as unknown as LoadedData });
    const a = await first.promise;
    const second = start();
    second.fake.reply({ type: 'done', data: { flowRecords: 2 } as unknown as LoadedData });
    await second.promise;
    expect(first.fake.terminated).toBe(true);
    expect(graphSessionOf(a)?.live).toBe(false);
    expect(second.fake.terminated).toBe(false);
  });

  it('a cancelled load leaves the previous session alive', async () => {
    const first = start();
    first.fake.reply({ type: 'done', data: { flowRecords: 1 } as unknown as LoadedData });
    const a = await first.promise;
    const c = new AbortController();
    const second = start(c.signal);
    c.abort();
    await expect(second.promise).rejects.toMatchObject({ kind: 'cancelled' });
    expect(second.fake.terminated).toBe(true);
    expect(graphSessionOf(a)?.live).toBe(true);
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

  it('says where the load runs: the worker, or the main thread when no worker can be started', async () => {
    const routes: string[] = [];
    const fake = new FakeWorker();
    const inWorker = loadSources([{ kind: 'text', name: 'a', text: 'x' }], {}, { onRoute: (r) => routes.push(r) }, () => fake as unknown as Worker);
    fake.reply({ type: 'done', data: { flowRecords: 0 } as unknown as LoadedData });
    await inWorker;
    const onMain = loadSources([{ kind: 'text', name: 'a', text: 'x' }], {}, { onRoute: (r) => routes.push(r) }, () => {
      throw new Error('no workers here');
    });
    await onMain.catch(() => null);
    expect(routes).toEqual(['worker', 'main-thread']);
  });
});
