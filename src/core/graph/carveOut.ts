/**
 * Egress exceptions made visible. When a source may reach an outside peer on some ports but
 * not on others ("internet allowed except 25/TCP"), the denied part gets its own stub node
 * (`internet 25/TCP`) so the red edge cannot hide under the green one: one reads the allowed
 * edge to the internet and, next to it, the carved-out port, at a glance.
 *
 * A denied part to an outside peer goes to a stub when the same source may reach that peer on
 * other ports, or when a deny rule names only some ports (a port-specific deny is an exception
 * carved out of whatever else allows the peer, even if no allowed traffic to it is in view).
 * @internal
 */
import { emptyPortSet, isFull, union, type PortSet } from '../engine/PortSet.ts';
import type { EdgePart } from './edgeParts.ts';
import type { OutsideNode } from './outside.ts';
import { portsText } from './portsText.ts';
import type { Registry } from './registry.ts';
import { isDenied } from './types.ts';

const OUTSIDE_TARGETS = new Set(['world', 'cidr', 'fqdn', 'entity']);

export interface CarveOutStub extends OutsideNode {
  /** The outside node the stub carves its ports out of. */
  readonly of: string;
}

export function carveOut(parts: readonly EdgePart[], reg: Registry): { parts: EdgePart[]; stubs: CarveOutStub[] } {
  const passing = new Set<string>();
  const denied = new Map<string, PortSet>();
  const explicit = new Map<string, PortSet>();
  for (const p of parts) {
    if (!OUTSIDE_TARGETS.has(reg.kindOf(p.target))) continue;
    if (isDenied(p.verdict)) denied.set(p.pair, union(denied.get(p.pair) ?? emptyPortSet, p.ports));
    else passing.add(p.pair);
    if (p.verdict === 'explicit-deny') explicit.set(p.pair, union(explicit.get(p.pair) ?? emptyPortSet, p.ports));
  }
  const carved = (pair: string): boolean => {
    if (passing.has(pair)) return true;
    const e = explicit.get(pair);
    return e !== undefined && !isFull(e, true);
  };
  const stubs = new Map<string, CarveOutStub>();
  // Most sources share the same denied port set (one deny rule, one carve-out): text it once.
  const texts = new Map<PortSet, string>();
  const out = parts.map((p) => {
    if (!isDenied(p.verdict)) return p;
    const ports = denied.get(p.pair);
    if (ports === undefined || !carved(p.pair)) return p;
    let text = texts.get(ports);
    if (text === undefined) texts.set(ports, (text = portsText(ports)));
    const id = `${p.target}~${text}`;
    if (!stubs.has(id)) {
      const base = reg.outside.nodes.get(p.target)?.label ?? p.target;
      stubs.set(id, { id, kind: 'carve-out', label: `${base} ${text}`, of: p.target });
    }
    return { ...p, target: id };
  });
  return { parts: out, stubs: [...stubs.values()].sort((a, b) => a.id.localeCompare(b.id)) };
}
