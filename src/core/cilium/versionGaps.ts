import type { ParseResult } from '../load/parseTypes.ts';
import type { Policy } from '../model/policy.ts';
import type { VersionGap } from '../model/versionGap.ts';
import { parseVersion } from './collect.ts';

/**
 * The version gaps of one policy document (model/versionGap.ts): for each release its gates name,
 * the document read again as that release reads it (`reparse`); a gate whose release refuses the
 * policy too (for another reason) is dropped. `read` is the first reading, on `version`.
 * @internal
 */
export function versionGapsOf(read: ParseResult<Policy>, version: string | undefined, reparse: (ciliumVersion: string) => ParseResult<Policy>): VersionGap[] {
  const gates = read.versionGates ?? [];
  if (gates.length === 0) return [];
  const v = parseVersion(version).join('.');
  const out: VersionGap[] = [];
  for (const appliesOn of new Set(gates.map((g) => g.appliesOn))) {
    const applied = reparse(appliesOn).value;
    if (!applied) continue;
    for (const g of gates)
      if (g.appliesOn === appliesOn) out.push({ ...g, policy: applied.ref, version: v, refused: read.value === null, applied });
  }
  return out;
}
