/**
 * Bounded, order-independent collections for the aggregator: sets that keep the smallest values
 * (so the result does not depend on line order) and the per-peer evidence built from them.
 * @internal
 */
import type { FlowEndpoint } from '../hubble/Flow.ts';
import type { PeerEvidence } from './types.ts';

/** Adds `v` to ascending `arr` unless present; keeps at most `max` smallest. Returns whether `arr` changed. */
export function addBounded<T extends string | number>(arr: T[], v: T, max: number): boolean {
  let i = arr.length;
  if (i === max && v > (arr[i - 1] as T)) return false;
  while (i > 0 && (arr[i - 1] as T) > v) i--;
  if (i > 0 && arr[i - 1] === v) return false;
  arr.splice(i, 0, v);
  if (arr.length > max) arr.pop();
  return true;
}

/** Lexicographic order of label lists, so the labels kept for a peer do not depend on line order. */
function compareLists(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

const EMPTY: readonly string[] = Object.freeze([]);

export class PeerEvidenceAcc {
  private readonly identities: number[] = [];
  private labelsIdentity = Number.POSITIVE_INFINITY;
  private labels: readonly string[] = EMPTY;
  private readonly ips: string[] = [];
  private readonly names: string[] = [];
  private readonly clusters: string[] = [];
  // Most flows of an edge repeat the previous values: compare with them before searching.
  private lastIp = '';
  private lastIdentity = -1;

  add(ep: FlowEndpoint, ip: string, names: readonly string[]): void {
    const id = ep.identity;
    if (id !== this.lastIdentity) {
      this.lastIdentity = id;
      addBounded(this.identities, id, 8);
    }
    // A numeric identity stands for one label set (Cilium allocates it from the labels), so for the
    // same identity the lists are only compared when it is 0 (unknown): comparing six labels on
    // both sides of every flow was a tenth of the ingest time.
    if (id < this.labelsIdentity || (id === this.labelsIdentity && id === 0 && compareLists(ep.labels, this.labels) < 0)) {
      this.labelsIdentity = id;
      this.labels = ep.labels;
    }
    if (ip !== '' && ip !== this.lastIp) {
      this.lastIp = ip;
      addBounded(this.ips, ip, 16);
    }
    for (let i = 0; i < names.length; i++) addBounded(this.names, names[i] as string, 8);
    if (ep.clusterName !== '' && (this.clusters.length === 0 || this.clusters[0] !== ep.clusterName)) addBounded(this.clusters, ep.clusterName, 4);
  }

  toPlain(): PeerEvidence {
    return {
      identities: [...this.identities],
      labels: [...this.labels],
      ips: [...this.ips],
      names: [...this.names],
      clusters: [...this.clusters],
    };
  }
}
