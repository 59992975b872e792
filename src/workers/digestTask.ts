/**
 * The input digest of a load (core/export/digest.ts) with crypto.subtle, one file at a time (a
 * big load's files are never all held at once). The load worker computes it off the page's main
 * thread once the graph the page opens with is built, and sends it then (`digest` message); the
 * page computes it itself only after a load on the main thread (ui/export/inputDigest.ts).
 * @internal
 */
import { combinedDigest, type Sha256 } from '../core/export/digest.ts';
import type { LoadSource } from './protocol.ts';

/** Hex SHA-256 with crypto.subtle; null where it does not exist (insecure contexts: exports then say "digest unknown"). */
export function subtleSha256(): Sha256 | null {
  if (typeof crypto === 'undefined' || crypto.subtle === undefined) return null;
  return async (bytes) => {
    const buf = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
    return [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
  };
}

async function bytesOf(source: LoadSource): Promise<Uint8Array> {
  return source.kind === 'file' ? new Uint8Array(await source.file.arrayBuffer()) : new TextEncoder().encode(source.text);
}

/** The digest of the sources as given (compressed files as compressed), or null when it cannot be computed. */
export async function sourcesDigest(sources: readonly LoadSource[], sha256: Sha256 | null = subtleSha256()): Promise<string | null> {
  if (sha256 === null) return null;
  try {
    const each: string[] = [];
    for (const s of sources) each.push(await sha256(await bytesOf(s)));
    return await combinedDigest(each, sha256);
  } catch {
    return null;
  }
}
