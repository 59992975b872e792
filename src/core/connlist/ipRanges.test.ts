import { describe, expect, it } from 'vitest';
import { cidrMinusExcept, externalRanges, partitionIpv4 } from './ipRanges.ts';
import { formatIpv4Range } from './peer.ts';
import { parseCidr } from '../net/cidr.ts';
import type { Cidr } from '../net/cidr.ts';
import { policyKey } from '../model/policy.ts';
import type { Entry, Policy, PolicyRef, Rule } from '../model/policy.ts';

const c = (s: string): Cidr => {
  const r = parseCidr(s);
  if (!r) throw new Error(`bad cidr ${s}`);
  return r;
};
const show = (rs: { start: number; end: number }[]) => rs.map((r) => formatIpv4Range(r.start, r.end));

const ref: PolicyRef = { kind: 'NetworkPolicy', namespace: 'default', name: 'p' };
const cidrEntry = (direction: 'ingress' | 'egress', cidr: string, except: string[] = []): Entry => ({
  path: `spec.${direction}[0]`,
  direction,
  action: 'allow',
  peers: { kind: 'list', items: [{ kind: 'cidr', path: 'x', cidr: c(cidr), except: except.map(c) }] },
  ports: [],
  icmps: [],
  authRequired: false,
});
const policy = (ingress: Entry[], egress: Entry[]): Policy => {
  const rule: Rule = {
    policy: ref,
    path: 'spec',
    subject: { kind: 'endpoints', selector: { requirements: [] } },
    ingress,
    ingressDeny: [],
    egress,
    egressDeny: [],
    enableDefaultDeny: { ingress: null, egress: null },
  };
  return { key: policyKey(ref), ref, source: { file: 'f', document: 0, line: 1 }, rules: [rule] };
};

describe('external ranges', () => {
  it('subtracts except holes from a CIDR', () => {
    expect(show(cidrMinusExcept(c('0.0.0.0/0'), [c('10.0.0.0/8'), c('172.21.0.0/16')]))).toEqual([
      '0.0.0.0-9.255.255.255',
      '11.0.0.0-172.20.255.255',
      '172.22.0.0-255.255.255.255',
    ]);
    expect(cidrMinusExcept(c('::/0'), [])).toEqual([]);
  });

  it('is the whole space when no policy names a CIDR', () => {
    expect(show(partitionIpv4([]))).toEqual(['0.0.0.0-255.255.255.255']);
  });

  it('splits at every CIDR and except edge (upstream ipblockstest)', () => {
    const p = policy([cidrEntry('ingress', '0.0.0.0/0', ['10.0.0.0/8', '172.21.0.0/16', '172.30.0.0/16'])], []);
    const { sources, destinations } = externalRanges([p]);
    expect(show(sources)).toEqual([
      '0.0.0.0-9.255.255.255',
      '10.0.0.0-10.255.255.255',
      '11.0.0.0-172.20.255.255',
      '172.21.0.0-172.21.255.255',
      '172.22.0.0-172.29.255.255',
      '172.30.0.0-172.30.255.255',
      '172.31.0.0-255.255.255.255',
    ]);
    expect(show(destinations)).toEqual(['0.0.0.0-255.255.255.255']);
  });

  it('splits sources by ingress rules and destinations by egress rules only', () => {
    const p = policy([cidrEntry('ingress', '1.2.3.4/32')], [cidrEntry('egress', '192.168.0.0/16')]);
    const { sources, destinations } = externalRanges([p]);
    expect(show(sources)).toEqual(['0.0.0.0-1.2.3.3', '1.2.3.4-1.2.3.4', '1.2.3.5-255.255.255.255']);
    expect(show(destinations)).toEqual(['0.0.0.0-192.167.255.255', '192.168.0.0-192.168.255.255', '192.169.0.0-255.255.255.255']);
  });

  it('handles ranges touching the ends of the space and overlapping CIDRs', () => {
    expect(show(partitionIpv4([{ start: 0, end: 0 }, { start: 0xffffff00, end: 0xffffffff }, { start: 0, end: 0xff }]))).toEqual([
      '0.0.0.0-0.0.0.0',
      '0.0.0.1-0.0.0.255',
      '0.0.1.0-255.255.254.255',
      '255.255.255.0-255.255.255.255',
    ]);
  });
});
