import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatPortSet } from '../engine/PortSet.ts';
import { parsePeerRef, resolvePeerRef } from '../engine/peerRef.ts';
import type { EngineModel } from '../engine/compile.ts';
import type { Endpoint, Query } from '../engine/types.ts';
import { suggestFix } from '../fix/suggestFix.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { applyEdit, fixDraft, parseFieldPath } from './fixDraft.ts';
import { runWhatIf, whatIfBase } from './whatIf.ts';
import { appPlatformDir } from '../../../test/paths.ts';

const dir = appPlatformDir;
const cluster = loadInputs(['policies.yaml', 'inventory.yaml'].map((n) => ({ name: n, data: readFileSync(path.join(dir, n), 'utf8') }))).cluster;
const base = whatIfBase(cluster, null);

function ep(m: EngineModel, text: string): Endpoint {
  const p = parsePeerRef(text);
  if (!p.ok) throw new Error(p.error);
  const r = resolvePeerRef(m, p.value);
  if (!r.ok) throw new Error(r.error);
  return r.value.endpoint;
}
const query = (from: string, to: string, port: number): Query => ({ from: ep(base.model, from), to: ep(base.model, to), port, protocol: 'TCP' });
const line = (c: { from: { display: string }; to: { display: string }; opened: Parameters<typeof formatPortSet>[0]; closed: Parameters<typeof formatPortSet>[0] }) =>
  `${c.from.display} → ${c.to.display} +${formatPortSet(c.opened)} -${formatPortSet(c.closed)}`;

/** The fix tried as a what-if: the path flips, and everything else that changes is the fix's blast radius. */
function tryFix(q: Query) {
  const fix = suggestFix(base.model, q);
  const draft = fixDraft(fix, cluster.policies);
  expect(draft.problems).toEqual([]);
  const run = runWhatIf(base, { documents: draft.documents.map((d, i) => ({ id: String(i), replaces: d.replaces, name: d.name, text: d.text })), removed: [] });
  expect(run.outcome.documents.flatMap((d) => d.diagnostics)).toEqual([]);
  return { fix, draft, run };
}

describe('fixDraft: a suggested fix tried in the what-if editor', () => {
  it('a new policy (envoy → acme-web/api 9000/TCP): opens exactly that path', () => {
    const { draft, run } = tryFix(query('platform-ingress/envoy', 'acme-web/api', 9000));
    expect(draft.documents.map((d) => [d.replaces, d.name])).toEqual([[null, 'what-if: suggested CNP acme-web/allow-envoy-to-api-9000-tcp']]);
    expect(run.outcome.changes.map(line)).toEqual(['platform-ingress/envoy → acme-web/api +TCP 9000 -No Connections']);
  });

  it('an edit of a loaded policy (narrowing the SMTP deny): the path opens, and the rest is the blast radius', () => {
    const { fix, draft, run } = tryFix(query('acme-jobs/mailer', '198.51.100.25', 25));
    expect(draft.documents).toHaveLength(1);
    expect(draft.documents[0]?.replaces).toBe('CiliumClusterwideNetworkPolicy//tenant-egress-baseline');
    expect(draft.documents[0]?.text).toContain('toCIDRSet');
    expect(draft.documents[0]?.text).not.toContain('toEntities');
    const all = run.outcome.changes.map(line);
    expect(all).toContain('acme-jobs/mailer → 198.51.100.25 +TCP 25 -No Connections');
    expect(all.filter((l) => !l.startsWith('acme-jobs/mailer → 198.51.100.25 '))).toEqual(fix.blastRadius.map(line));
  });
});

describe('applyEdit', () => {
  it('reads field paths', () => {
    expect(parseFieldPath('spec.egressDeny[0].toEntities')).toEqual(['spec', 'egressDeny', 0, 'toEntities']);
    expect(parseFieldPath('specs[1].ingress[2]')).toEqual(['specs', 1, 'ingress', 2]);
  });

  it('adds list items, creating the list; replaces a field in place; reports what it cannot do', () => {
    const doc = { spec: { a: 1, sel: { matchLabels: { x: 'y' } }, z: 2 } };
    expect(applyEdit(doc, 'add', 'spec.sel.matchExpressions', '- key: k\n  operator: NotIn\n  values: [v]\n')).toBeNull();
    expect(doc.spec.sel).toEqual({ matchLabels: { x: 'y' }, matchExpressions: [{ key: 'k', operator: 'NotIn', values: ['v'] }] });
    expect(applyEdit(doc, 'replace', 'spec.a', 'b: 3\n')).toBeNull();
    expect(Object.keys(doc.spec)).toEqual(['b', 'sel', 'z']);
    expect(applyEdit(doc, 'add', 'spec.nope.list', '- 1\n')).toMatch(/has no spec.nope/);
    expect(applyEdit(doc, 'add', 'spec.z', '- 1\n')).toMatch(/not a list/);
    expect(applyEdit(doc, 'replace', 'spec.z', '- 1\n')).toMatch(/not a set of fields/);
  });
});
