import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inputsDigest } from '../core/export/digest.ts';
import { sourcesDigest, subtleSha256 } from './digestTask.ts';

const nodeSha256 = async (b: Uint8Array): Promise<string> => createHash('sha256').update(b).digest('hex');

describe('sourcesDigest', () => {
  it('is the input digest of the files as given, one file at a time, whatever their order', async () => {
    const gz = new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]);
    const sources = [
      { kind: 'text' as const, name: 'policies.yaml', text: 'kind: CiliumNetworkPolicy\n' },
      { kind: 'file' as const, name: 'flows.json.gz', file: new Blob([gz]) },
    ];
    const expected = await inputsDigest([new TextEncoder().encode('kind: CiliumNetworkPolicy\n'), gz], nodeSha256);
    expect(await sourcesDigest(sources)).toBe(expected);
    expect(await sourcesDigest([...sources].reverse(), subtleSha256())).toBe(expected);
    expect(await sourcesDigest(sources, nodeSha256)).toBe(expected);
  });

  it('is null where it cannot be computed', async () => {
    expect(await sourcesDigest([{ kind: 'text', name: 'a', text: 'x' }], null)).toBeNull();
    expect(await sourcesDigest([{ kind: 'text', name: 'a', text: 'x' }], () => Promise.reject(new Error('no')))).toBeNull();
  });
});
