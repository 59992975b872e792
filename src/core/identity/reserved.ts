/**
 * Reserved identities (semantics reference A.6, pkg/identity/numericidentity.go).
 * @public
 */
import { labelSet, type LabelSet } from '../model/labels.ts';
import type { ReservedEntity } from '../engine/types.ts';

export const reservedNumeric: Readonly<Record<ReservedEntity, number>> = {
  host: 1,
  world: 2,
  unmanaged: 3,
  health: 4,
  init: 5,
  'remote-node': 6,
  'kube-apiserver': 7,
  ingress: 8,
};

export const reservedEntities: readonly ReservedEntity[] = ['host', 'remote-node', 'kube-apiserver', 'health', 'init', 'ingress', 'unmanaged', 'world'];

export function isReservedEntity(name: string): name is ReservedEntity {
  return (reservedEntities as readonly string[]).includes(name);
}

/** `reserved:<name>` labels of a reserved identity (plus extra reserved names, e.g. kube-apiserver on a node). */
export function reservedLabels(names: readonly ReservedEntity[]): LabelSet {
  return labelSet(names.map((n) => ({ source: 'reserved', key: n, value: '' })));
}
