import { describe, expect, it } from 'vitest';
import { minuteOf } from '../../core/flows/timeline.ts';
import { ingestTexts } from '../../core/flows/ingest.ts';
import { dropGroups, mismatchGroups } from '../../core/flows/inbox.ts';
import { brushValueText, clock, groupLabel, mismatchWords, rangeText, spansDays, timeSpan } from './inboxView.ts';

describe('inbox words', () => {
  it('writes times in UTC, with the date only when the capture spans days', () => {
    expect(clock('2026-11-20T09:00:07.511123456Z', false)).toBe('09:00:07');
    expect(clock('2026-11-20T09:00:07.511123456Z', true)).toBe('11-20 09:00:07');
    expect(timeSpan('2026-11-20T09:00:07.5Z', '2026-11-20T09:01:42.1Z', false)).toBe('09:00:07–09:01:42');
    expect(timeSpan('2026-11-20T09:00:07.5Z', '2026-11-20T09:00:07.9Z', false)).toBe('09:00:07');
    expect(spansDays('2026-11-20T23:59:00Z', '2026-11-21T00:01:00Z')).toBe(true);
    expect(spansDays('2026-11-20T09:00:00Z', '2026-11-20T10:00:00Z')).toBe(false);
  });

  it('writes a time range as minutes', () => {
    const from = minuteOf('2026-11-20T09:00:00.000000000Z') as number;
    expect(rangeText({ from, to: from + 3 }, false)).toBe('09:00–09:03 UTC');
  });

  it('gives the time brush a value that agrees in number (read "all times, 1 flows")', () => {
    const from = minuteOf('2026-11-20T09:00:00.000000000Z') as number;
    expect(brushValueText(null, false, 1)).toBe('all times, 1 flow');
    expect(brushValueText(null, false, 1500)).toBe('all times, 1,500 flows');
    expect(brushValueText({ from, to: from + 3 }, false, 1)).toBe('09:00–09:03 UTC');
  });

  it('says what a mismatch class means', () => {
    expect(mismatchWords('observed-denied-predicted-allowed')).toBe('dropped although the policy allows it');
    expect(mismatchWords('some-new-class')).toBe('some new class');
  });
});

describe('groupLabel: what a screen reader says of a group', () => {
  const pod = (ns: string, name: string): Record<string, unknown> => ({ identity: 1000 + name.length, namespace: ns, labels: [`k8s:app=${name}`], pod_name: `${name}-abc12`, workloads: [{ name, kind: 'Deployment' }] });
  const line = (time: string, flow: Record<string, unknown>): string => {
    const t = `2026-01-01T${time}.000000001Z`;
    return JSON.stringify({ flow: { time: t, uuid: `u${time}${String(flow.verdict)}`, verdict: 'FORWARDED', traffic_direction: 'EGRESS', l4: { TCP: { source_port: 40000, destination_port: 25, flags: { SYN: true } } }, ...flow }, node_name: 'c/n', time: t });
  };
  const mailer = { source: pod('jobs', 'mailer'), destination: { identity: 2, labels: ['reserved:world'] }, IP: { source: '10.0.0.1', destination: '198.51.100.25' } };
  const denied = { verdict: 'DROPPED', drop_reason_desc: 'POLICY_DENY', egress_denied_by: [{ name: 'tenant-egress', kind: 'CiliumClusterwideNetworkPolicy', revision: '4' }] };
  const a = ingestTexts([{ name: 'flows.jsonl', text: [line('10:02:10', { ...mailer, ...denied }), line('10:02:20', { ...mailer, ...denied }), line('10:03:00', mailer)].join('\n') }]);

  it('names the path, the dropped flows, the reason, the policy recorded and the times', () => {
    const [g] = dropGroups(a);
    expect(g && groupLabel(g, false)).toBe('jobs/mailer → internet (198.51.100.25) 25/TCP: 2 dropped flows, POLICY_DENY, recorded by tenant-egress, from 10:02:10 to 10:02:20 UTC');
    expect(g && groupLabel(g, true)).toContain('from 01-01 10:02:10 to 01-01 10:02:20 UTC');
  });

  it('says when the flows disagree with the policy, and a mismatch its flows and drops', () => {
    const edge = dropGroups(a)[0]?.edgeKey ?? '';
    const classes = new Map([[edge, 'observed-denied-predicted-allowed']]);
    const [d] = dropGroups(a, classes);
    expect(d && groupLabel(d, false)).toContain('2 dropped flows, POLICY_DENY, disagrees with the policy: dropped although the policy allows it, recorded by tenant-egress');
    const [m] = mismatchGroups(a, classes);
    expect(m && groupLabel(m, false)).toBe('jobs/mailer → internet (198.51.100.25) 25/TCP: 3 flows, dropped although the policy allows it, 2 drops, from 10:02:10 to 10:03:00 UTC');
  });
});
