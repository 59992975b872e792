import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphModel } from '../../core/graph/types.ts';
import { PathList } from './PathList.tsx';

const edge = (id: string, target: string, flows: number): GraphEdge => ({ id, source: 'w:a', target, verdict: 'allowed', portsText: '443/TCP', observed: { flows } }) as unknown as GraphEdge;
const graph = {
  nodes: [
    { id: 'w:a', label: 'a' },
    { id: 'w:b', label: 'b' },
    { id: 'w:c', label: 'c' },
  ],
  edges: [edge('e1', 'w:b', 1), edge('e2', 'w:c', 1234)],
} as unknown as GraphModel;

describe('PathList', () => {
  it('counts flows in words: 1 flow, 1,234 flows', () => {
    const html = renderToString(<PathList graph={graph} nodeId="w:a" selected={null} onSelect={() => undefined} />).replace(/<!-- -->/g, '');
    // Before: '· 1 flows'.
    expect(html).toContain('· 1 flow<');
    expect(html).toContain('· 1,234 flows<');
  });
});
