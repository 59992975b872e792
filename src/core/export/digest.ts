/**
 * A short fingerprint of the inputs a picture was made from, so a figure in a review can be
 * traced to its data: SHA-256 over the sorted SHA-256 digests of the input files (bytes as
 * given, compressed files as compressed). Order and file names do not matter, so the app and the
 * CLI agree, and anyone can recompute it:
 *   sha256sum policies.yaml inventory.yaml flows.jsonl | cut -d' ' -f1 | sort | sha256sum
 * The hash function is passed in (crypto.subtle in the browser, node:crypto in the CLI).
 * @public
 */

/** Hex SHA-256 of some bytes. */
export type Sha256 = (bytes: Uint8Array) => Promise<string>;

export async function inputsDigest(files: readonly Uint8Array[], sha256: Sha256): Promise<string> {
  return combinedDigest(await Promise.all(files.map((f) => sha256(f))), sha256);
}

/** The same digest from the files' own digests (hex, any order): files can be hashed one at a time. */
export function combinedDigest(each: readonly string[], sha256: Sha256): Promise<string> {
  const list = [...each].sort().map((h) => `${h}\n`).join('');
  return sha256(new TextEncoder().encode(list));
}

/** The first 12 hex digits: enough to tell input sets apart in a caption. */
export function shortDigest(hex: string): string {
  return hex.slice(0, 12);
}
