import { describe, expect, it } from 'vitest';
import { LoadFailure, loadSources, warmLoader } from './loadClient.ts';
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

  it('a load takes the worker started ahead by its factory, which was told to start its helper first', async () => {
    const made: FakeWorker[] = [];
    const factory = (): Worker => (made.push(new FakeWorker()), made.at(-1) as unknown as Worker);
    warmLoader(factory);
    warmLoader(factory);
    expect(made).toHaveLength(1);
    const promise = loadSources([{ kind: 'text', name: 'a', text: 'x' }], {}, {}, factory);
    expect(made).toHaveLength(1);
    expect(made[0]?.sent.map((m) => m.type)).toEqual(['warm', 'load']);
    made[0]?.reply({ type: 'done', data: { flowRecords: 4 } as unknown as LoadedData });
    await expect(promise).resolves.toMatchObject({ flowRecords: 4 });
    // Taken: the next load starts a worker of its own.
    void loadSources([{ kind: 'text', name: 'a', text: 'x' }], {}, {}, factory);
    expect(made).toHaveLength(2);
    expect(made[1]?.sent.map((m) => m.type)).toEqual(['load']);
  });

  it('a worker started ahead that failed to start is ended and not used; another factory does not take it', async () => {
    const made: FakeWorker[] = [];
    const factory = (): Worker => (made.push(new FakeWorker()), made.at(-1) as unknown as Worker);
    warmLoader(factory);
    made[0]?.onerror?.({ message: 'script failed', preventDefault() {} } as ErrorEvent);
    expect(made[0]?.terminated).toBe(true);
    void loadSources([{ kind: 'text', name: 'a', text: 'x' }], {}, {}, factory);
    expect(made).toHaveLength(2);
    expect(made[1]?.sent.map((m) => m.type)).toEqual(['load']);

    warmLoader(factory);
    const other = new FakeWorker();
    void loadSources([{ kind: 'text', name: 'a', text: 'x' }], {}, {}, () => other as unknown as Worker);
    expect(other.sent.map((m) => m.type)).toEqual(['load']);
    void loadSources([{ kind: 'text', name: 'a', text: 'x' }], {}, {}, factory);
    expect(made).toHaveLength(3);
    expect(made[2]?.sent.map((m) => m.type)).toEqual(['warm', 'load']);
  });
});
