import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { startingProgress } from '../../workers/protocol.ts';
import { LoadStatus } from './LoadStatus.tsx';

const status = (flows: number, flowsPerSecond: number): string =>
  renderToString(
    <LoadStatus progress={{ ...startingProgress, phase: 'parsing', flows, flowsPerSecond }} pendingLabel="flows.jsonl" failure={null} shownLabel="" onCancel={() => undefined} onDismiss={() => undefined} />,
  ).replace(/<!-- -->/g, '');

describe('LoadStatus', () => {
  it('counts the flows read in words: 1 flow, 12,345 flows', () => {
    // Before: ' · 1 flows (1 flows/s)'.
    expect(status(1, 1)).toContain(' · 1 flow (1 flows/s)<');
    expect(status(12345, 2500)).toContain(' · 12,345 flows (2,500 flows/s)<');
  });
});
