import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { memoryIo } from '../io.ts';
import { main } from '../main.ts';
import { serviceEndpointsDir } from '../../../test/paths.ts';

/** toServices towards Services without a selector: their Endpoints/EndpointSlice addresses are CIDR selectors (Cilium 1.19). */
async function verdict(to: string, port: string): Promise<string> {
  const io = memoryIo('');
  const code = await main(['explain', path.join(serviceEndpointsDir, 'cluster.yaml'), '--from', 'shop/web', '--to', to, '--port', port, '--json'], io);
  expect(code, io.stderr).toBe(0);
  return (JSON.parse(io.stdout) as { verdict: string }).verdict;
}

describe('selector-less Services and their Endpoints', () => {
  it('allows a backend listed in an Endpoints object', async () => {
    expect(await verdict('203.0.113.10', '5432/TCP')).toBe('allowed');
  });
  it('allows a backend listed in an EndpointSlice', async () => {
    expect(await verdict('198.51.100.7', '6379/TCP')).toBe('allowed');
  });
  it('denies an address no Endpoints lists', async () => {
    expect(await verdict('203.0.113.11', '5432/TCP')).toBe('denied');
  });
  it('loads Endpoints and EndpointSlices instead of skipping them', async () => {
    const io = memoryIo('');
    await main(['inspect', path.join(serviceEndpointsDir, 'cluster.yaml'), '--json'], io);
    expect((JSON.parse(io.stdout) as { counts: Record<string, number> }).counts).toMatchObject({ Endpoints: 1, EndpointSlice: 1, Service: 2 });
  });
});
