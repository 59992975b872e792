/**
 * Text form of a connectivity diff (CLI, exports): paths with the same source and the same change
 * are grouped on one line; each group says which ports opened and closed and which rules decided a
 * sample port before and after.
 * @public
 */
import { formatPortSet, isEmpty } from '../engine/PortSet.ts';
import { formatRuleRef } from '../engine/side.ts';
import type { Change, ChangeSample, SideWhy } from './types.ts';
import { plural } from '../util/plural.ts';

function sideText(dir: 'egress' | 'ingress', s: SideWhy): string | null {
  const rules = s.rules.map(formatRuleRef).join(', ');
  switch (s.reason) {
    case 'not-applicable':
    case 'no-policy':
      return null;
    case 'allowed':
      return `${dir} allowed by ${rules || 'allow-any (no default deny)'}`;
    case 'explicit-deny':
      return `${dir} denied by ${rules}`;
    case 'auth-denied':
      return `${dir} dropped by ${rules} (authentication mode test-always-fail)`;
    case 'default-deny':
      return `${dir} default deny (enabled by ${rules || 'enable-policy=always'})`;
  }
}

export function decisionText(d: ChangeSample['before']): string {
  const verdict = d.egress.verdict === 'allowed' && d.ingress.verdict === 'allowed' ? 'allowed' : 'denied';
  const parts = [sideText('egress', d.egress), sideText('ingress', d.ingress)].filter((x) => x !== null);
  return `${verdict}${parts.length > 0 ? ` (${parts.join('; ')})` : ' (no policy on either side)'}`;
}

const MARK: Readonly<Record<Change['kind'], string>> = { 'newly-allowed': '+', 'newly-denied': '-', 'ports-changed': '~' };

function groupKey(c: Change): string {
  return JSON.stringify([c.from.key, c.kind, c.opened, c.closed, c.samples.map((s) => [s.before, s.after])]);
}

/** Runs of changes with the same source and the same change (same ports, same deciding rules), in order. */
export function groupChanges(changes: readonly Change[]): Change[][] {
  const out: Change[][] = [];
  let last = '';
  for (const c of changes) {
    const k = groupKey(c);
    const prev = out[out.length - 1];
    if (prev && k === last) prev.push(c);
    else out.push([c]);
    last = k;
  }
  return out;
}

export function diffSummary(changes: readonly Change[]): string {
  const n = (k: Change['kind']) => changes.filter((c) => c.kind === k).length;
  if (changes.length === 0) return 'No connectivity changes.';
  return `${changes.length} path(s) change: ${n('newly-allowed')} newly allowed, ${n('newly-denied')} newly denied, ${n('ports-changed')} with changed ports.`;
}

export function diffText(changes: readonly Change[]): string {
  const lines = [diffSummary(changes)];
  for (const group of groupChanges(changes)) {
    const c = group[0] as Change;
    lines.push('');
    lines.push(`${MARK[c.kind]} ${c.from.display} → ${group.map((g) => g.to.display).join(', ')}`);
    if (!isEmpty(c.opened)) lines.push(`    opened: ${formatPortSet(c.opened)}`);
    if (!isEmpty(c.closed)) lines.push(`    closed: ${formatPortSet(c.closed)}`);
    for (const s of c.samples) {
      lines.push(`    ${s.port} before: ${decisionText(s.before)}`);
      lines.push(`    ${' '.repeat(s.port.length)} after:  ${decisionText(s.after)}`);
    }
    for (const g of group)
      for (const o of g.observed ?? [])
        lines.push(`    observed: ${plural(o.flows, 'flow')} ${o.source} → ${o.destination} ${o.port}/${o.protocol} ${o.effect === 'breaks' ? `would be dropped (${o.passed} passed before)` : `would now pass (${o.dropped} dropped before)`}`);
  }
  return lines.join('\n') + '\n';
}
