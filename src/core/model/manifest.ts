/**
 * The object a policy was loaded from, as a user would edit it (the what-if editor): what the
 * API server adds on its own (`status`, `managedFields`, `uid`, `resourceVersion`, …, the
 * `last-applied-configuration` annotation) left out, and the namespace written out when the
 * input relied on a default (`kubectl -n`). The input is never modified.
 * @public
 */

/** Metadata the API server sets; editing it changes nothing. */
const SERVER_METADATA = ['managedFields', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export type Manifest = Readonly<Record<string, unknown>>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function editableManifest(obj: Readonly<Record<string, unknown>>, namespace: string | null): Manifest {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'status') continue;
    if (k !== 'metadata' || !isRecord(v)) {
      out[k] = v;
      continue;
    }
    const md: Record<string, unknown> = {};
    for (const [mk, mv] of Object.entries(v)) {
      if (SERVER_METADATA.includes(mk)) continue;
      if (mk === 'annotations' && isRecord(mv) && LAST_APPLIED in mv) {
        const rest = Object.fromEntries(Object.entries(mv).filter(([ak]) => ak !== LAST_APPLIED));
        if (Object.keys(rest).length > 0) md[mk] = rest;
        continue;
      }
      md[mk] = mv;
    }
    if (namespace !== null && md['namespace'] === undefined) {
      // Keep `name` first, as kubectl prints it.
      const { name, ...others } = md;
      out[k] = name === undefined ? { namespace, ...others } : { name, namespace, ...others };
    } else out[k] = md;
  }
  return out;
}
