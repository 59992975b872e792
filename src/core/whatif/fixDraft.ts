/**
 * A suggested fix (src/core/fix) as what-if documents, so it can be tried in the editor before it
 * ships: each new policy becomes a new document; each edit of a loaded policy is applied to that
 * policy's manifest (`add` appends the YAML's list items to the list at the path, creating it;
 * `replace` puts the YAML's fields in place of the field at the path) and becomes an edited
 * document. Edits of the same policy accumulate in one document. Never throws: an edit that
 * cannot be applied (no manifest, a path that does not exist) is reported instead.
 * @public
 */
import { parse, stringify } from 'yaml';
import type { Fix } from '../fix/types.ts';
import type { Policy, PolicyKey } from '../model/policy.ts';
import { policyKey } from '../model/policy.ts';
import { policyLabel } from '../model/policyLabel.ts';

export interface FixDocument {
  readonly replaces: PolicyKey | null;
  readonly name: string;
  /** The loaded policy's text ('' for a new policy). */
  readonly original: string;
  readonly text: string;
}

export interface FixDraft {
  readonly documents: readonly FixDocument[];
  /** Edits that could not be applied, in words. */
  readonly problems: readonly string[];
}

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `spec.egressDeny[0].toEntities` → ['spec', 'egressDeny', 0, 'toEntities']. */
export function parseFieldPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return [];
    if (m[1]) out.push(m[1]);
    for (const i of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(i[1]));
  }
  return out;
}

function at(root: unknown, path: readonly (string | number)[]): unknown {
  let cur = root;
  for (const k of path) {
    if (typeof k === 'number') cur = Array.isArray(cur) ? cur[k] : undefined;
    else cur = isRecord(cur) ? cur[k] : undefined;
  }
  return cur;
}

/** Applies one edit to `doc` in place; returns a problem or null. */
export function applyEdit(doc: Json, op: 'add' | 'replace', path: string, yaml: string): string | null {
  const segs = parseFieldPath(path);
  const last = segs[segs.length - 1];
  if (segs.length === 0 || typeof last !== 'string') return `cannot read the field path ${path}`;
  const parent = at(doc, segs.slice(0, -1));
  if (!isRecord(parent)) return `${path}: the policy has no ${segs.slice(0, -1).join('.')}`;
  let value: unknown;
  try {
    value = parse(yaml);
  } catch (e) {
    return `the suggested YAML does not parse: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (op === 'add') {
    if (!Array.isArray(value)) return `${path}: the suggested items are not a list`;
    const list = parent[last];
    if (list === undefined || list === null) parent[last] = [...value];
    else if (Array.isArray(list)) list.push(...(value as unknown[]));
    else return `${path} is not a list`;
    return null;
  }
  if (!isRecord(value)) return `${path}: the suggested replacement is not a set of fields`;
  // Keep the field order: the replacement takes the replaced field's place.
  const entries = Object.entries(parent);
  for (const k of Object.keys(parent)) delete parent[k];
  for (const [k, v] of entries) {
    if (k === last) Object.assign(parent, value);
    else if (!(k in value)) parent[k] = v;
  }
  return null;
}

export function fixDraft(fix: Fix, policies: readonly Policy[]): FixDraft {
  const documents: FixDocument[] = [];
  const problems: string[] = [];
  const edited = new Map<PolicyKey, { original: string; doc: Json; name: string }>();
  for (const c of fix.changes) {
    if (c.kind === 'add-policy') {
      documents.push({ replaces: null, name: `what-if: suggested ${policyLabel(c.policy)}`, original: '', text: c.yaml });
      continue;
    }
    const key = policyKey(c.policy);
    let e = edited.get(key);
    if (!e) {
      const p = policies.find((x) => x.key === key);
      if (!p?.manifest) {
        problems.push(`${policyLabel(c.policy)} is not among the loaded policies with a source to edit: apply "${c.why}" by hand`);
        continue;
      }
      const original = stringify(p.manifest, { lineWidth: 0, aliasDuplicateObjects: false });
      e = { original, doc: parse(original) as Json, name: `what-if: ${policyLabel(p.ref)}` };
      edited.set(key, e);
    }
    const problem = applyEdit(e.doc, c.op, c.path, c.yaml);
    if (problem) problems.push(`${policyLabel(c.policy)}: ${problem}`);
  }
  for (const [key, e] of edited) documents.push({ replaces: key, name: e.name, original: e.original, text: stringify(e.doc, { lineWidth: 0 }) });
  return { documents, problems };
}
