/**
 * Outside ranges and names are part of the internet: a rule that admits the world
 * (`fromEntities: [world]`) also admits every range and FQDN policies name, and connectivity
 * lists each of them. Drawing them all says the same thing five times. A policy-only part
 * between a range/FQDN node and X is dropped when the internet's part for the same X, verdict
 * and direction already covers its ports with the same rules; what a policy names specifically
 * (other rules, other ports) and everything flows saw stays.
 * @internal
 */
import { emptyPortSet, subtract, union, isEmpty, type PortSet } from '../engine/PortSet.ts';
import { ruleKey, type EdgePart } from './edgeParts.ts';
import { WORLD_ID } from './outside.ts';
import type { Registry } from './registry.ts';

export function subsumeByWorld(parts: readonly EdgePart[], reg: Registry): EdgePart[] {
  const isPart = (id: string): boolean => {
    const k = reg.kindOf(id);
    return k === 'cidr' || k === 'fqdn';
  };
  // Internet parts per (direction, other end, verdict): ports and rules.
  const worldParts = new Map<string, { ports: PortSet; rules: Set<string> }>();
  for (const p of parts) {
    if (!p.policy) continue;
    const key = p.source === WORLD_ID ? `in|${p.target}|${p.verdict}` : p.target === WORLD_ID ? `out|${p.source}|${p.verdict}` : null;
    if (key === null) continue;
    const acc = worldParts.get(key) ?? { ports: emptyPortSet, rules: new Set<string>() };
    acc.ports = union(acc.ports, p.ports);
    for (const r of p.rules) acc.rules.add(ruleKey(r));
    worldParts.set(key, acc);
  }
  return parts.filter((p) => {
    if (!p.policy || p.observed !== null) return true;
    const key = isPart(p.source) ? `in|${p.target}|${p.verdict}` : isPart(p.target) ? `out|${p.source}|${p.verdict}` : null;
    if (key === null) return true;
    const w = worldParts.get(key);
    if (!w) return true;
    return !(isEmpty(subtract(p.ports, w.ports)) && p.rules.every((r) => w.rules.has(ruleKey(r))));
  });
}
