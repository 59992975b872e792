/**
 * Test helpers of the worker clients (imported by their unit tests only).
 * @internal
 */
import type { WorkerMessage, WorkerRequest } from './protocol.ts';

/** A stand-in for the load worker: records what it was sent and lets the test answer. */
export class FakeWorker {
  onmessage: ((e: MessageEvent<WorkerMessage>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  sent: WorkerRequest[] = [];
  terminated = false;
  postMessage(m: WorkerRequest): void {
    this.sent.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(m: WorkerMessage): void {
    this.onmessage?.({ data: m } as MessageEvent<WorkerMessage>);
  }
}
