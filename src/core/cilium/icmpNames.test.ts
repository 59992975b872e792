import { describe, expect, it } from 'vitest';
import { parseCiliumPolicy } from './CiliumNetworkPolicy.ts';
import { testCtx, valueDoc } from './testDocs.ts';

/**
 * ICMP type names by Cilium version. Before 1.16 `ICMPField.Type` is `uint8` with the CRD schema
 * `type: integer, minimum 0, maximum 255` (pkg/policy/api/icmp.go at 1.15), so the API server
 * refuses a policy naming a type. cilium/cilium#30330 ("ICMP: Introduce ICMP type name in
 * ICMPField", released in 1.16.0) made it an IntOrString whose string form must match the CRD
 * pattern `^([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]|EchoReply|…)$` and then be a name of
 * the field's family (`ICMPField.UnmarshalJSON`). The pattern lists `ExtendedEcho Reply` (with a
 * space) and not `ExtendedEchoReply`, so that name is refused on every version (cilium/cilium,
 * Apache-2.0, pkg/policy/api/icmp.go and the generated CRD).
 */
const cnp = (fields: object[]) =>
  valueDoc({
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNetworkPolicy',
    metadata: { name: 'p', namespace: 'shop' },
    spec: { endpointSelector: {}, ingress: [{ fromEndpoints: [{}], icmps: [{ fields }] }] },
  });
const parse = (fields: object[], ciliumVersion: string) => parseCiliumPolicy(cnp(fields), { ...testCtx, ciliumVersion });
const types = (fields: object[], v: string) =>
  parse(fields, v).value?.rules[0]?.ingress[0]?.icmps.map((i) => `${i.family}:${i.type}`) ?? null;
const error = (fields: object[], v: string) => parse(fields, v).diagnostics.find((d) => d.severity === 'error');

describe('ICMP type names by Cilium version', () => {
  it('1.14 and 1.15: a type name is refused (the CRD says integer), naming the release that accepts it', () => {
    for (const v of ['1.14', '1.15']) {
      expect(types([{ type: 'EchoRequest' }], v)).toBeNull();
      const e = error([{ type: 'EchoRequest' }], v);
      expect(e?.path).toBe('spec.ingress[0].icmps[0].fields[0].type');
      expect(e?.message).toContain(`Cilium ${v}`);
      expect(e?.message).toContain('1.16');
      expect(e?.message).toContain('#30330');
      expect(types([{ type: 8 }], v)).toEqual(['IPv4:8']);
    }
  });

  it('1.16 and later: names of the family resolve', () => {
    for (const v of ['1.16', '1.19', '1.20']) {
      expect(types([{ type: 'EchoRequest' }, { type: 'EchoRequest', family: 'IPv6' }, { type: 'Echo' }], v)).toEqual(['IPv4:8', 'IPv6:128', 'IPv4:8']);
    }
  });

  it('1.16 and later: a quoted number 0-255 is the type (the CRD pattern accepts it), leading zeros are not', () => {
    expect(types([{ type: '8' }, { type: '128', family: 'IPv6' }, { type: '0' }], '1.19')).toEqual(['IPv4:8', 'IPv6:128', 'IPv4:0']);
    expect(error([{ type: '08' }], '1.19')?.path).toBe('spec.ingress[0].icmps[0].fields[0].type');
    expect(error([{ type: '256' }], '1.19')?.path).toBe('spec.ingress[0].icmps[0].fields[0].type');
    expect(error([{ type: '8' }], '1.15')?.message).toContain('1.16');
  });

  it('ExtendedEchoReply is refused on every version: the CRD pattern spells it "ExtendedEcho Reply"', () => {
    for (const family of ['IPv4', 'IPv6']) {
      const e = error([{ type: 'ExtendedEchoReply', family }], '1.19');
      expect(e?.message).toContain('ExtendedEcho Reply');
      expect(types([{ type: family === 'IPv4' ? 43 : 161, family }], '1.19')).toEqual([`${family}:${family === 'IPv4' ? 43 : 161}`]);
    }
    expect(types([{ type: 'ExtendedEchoRequest' }], '1.19')).toEqual(['IPv4:42']);
  });
});
