/**
 * Bounded, order-independent collections for the aggregator: sets that keep the smallest values
 * (so the result does not depend on line order) and the per-peer evidence built from them.
 * @internal
 */
import type { FlowEndpoint } from '../hubble/Flow.ts';
import type { PeerEvidence } from './types.ts';
import { addBounded } from './bounds.ts';

export { addBounded };

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

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Label lists kept per numeric identity (more under one identity, e.g. 0, are not shared). */
const LISTS_PER_IDENTITY = 8;

/**
 * One copy of each endpoint label list the evidence keeps: a flow parsed whole has its own list
 * (up to a kilobyte of texts) and an edge would keep the first one it saw. Looked up by the
 * identity, then compared text by text (cheaper than a key of the joined texts).
 */
export class LabelLists {
  private readonly byIdentity = new Map<number, (readonly string[])[]>();

  get(identity: number, labels: readonly string[]): readonly string[] {
    if (labels.length === 0) return EMPTY;
    let lists = this.byIdentity.get(identity);
    if (lists === undefined) this.byIdentity.set(identity, (lists = []));
    for (let i = 0; i < lists.length; i++) {
      const l = lists[i] as readonly string[];
      if (sameList(l, labels)) return l;
    }
    if (lists.length < LISTS_PER_IDENTITY) lists.push(labels);
    return labels;
  }
}

/**
 * The bounded lists of a peer's evidence: most peers have one cluster, one identity and one
 * address, so the first value of each is a field and a list is made only for a second one (these
 * lists, as one-element arrays, were a fifth of the aggregate's objects on an export of 30,000
 * edges; every object kept is copied by the young-generation GC before it is promoted).
 */
export class PeerEvidenceAcc {
  /** The first identity (when `hasIdentity`), and the list once a second one came. */
  private hasIdentity = false;
  private identity0 = 0;
  private identities: number[] | null = null;
  private labelsIdentity = Number.POSITIVE_INFINITY;
  private labels: readonly string[] = EMPTY;
  /** The first address ('': none yet), and the list once a second one came. */
  private ip0 = '';
  private ips: string[] | null = null;
  private names: string[] | null = null;
  private cluster0 = '';
  private clusters: string[] | null = null;
  // Most flows of an edge repeat the previous values: compare with them before searching.
  private lastIp = '';
  private lastIdentity = -1;

  /**
   * `lists`: shares the label lists kept (see LabelLists; the line parser's cached endpoints
   * already share theirs). Address texts are kept as they come: a pool giving one copy of each
   * (a map of up to 2^17 addresses, most lookups a cache miss) cost more CPU than the copies it
   * saved (bench/README.md, ingest).
   */
  constructor(private readonly lists: LabelLists | null = null) {}

  add(ep: FlowEndpoint, ip: string, names: readonly string[]): void {
    const id = ep.identity;
    if (id !== this.lastIdentity) {
      this.lastIdentity = id;
      if (!this.hasIdentity) {
        this.hasIdentity = true;
        this.identity0 = id;
      }
      else if (this.identities !== null) addBounded(this.identities, id, 8);
      else if (id !== this.identity0) addBounded((this.identities = [this.identity0]), id, 8);
    }
    // A numeric identity stands for one label set (Cilium allocates it from the labels), so for the
    // same identity the lists are only compared when it is 0 (unknown): comparing six labels on
    // both sides of every flow was a tenth of the ingest time.
    if (id < this.labelsIdentity || (id === this.labelsIdentity && id === 0 && compareLists(ep.labels, this.labels) < 0)) {
      this.labelsIdentity = id;
      this.labels = this.lists === null ? ep.labels : this.lists.get(id, ep.labels);
    }
    if (ip !== '' && ip !== this.lastIp) {
      this.lastIp = ip;
      if (this.ip0 === '') this.ip0 = ip;
      else if (this.ips !== null) addBounded(this.ips, ip, 16);
      else if (ip !== this.ip0) addBounded((this.ips = [this.ip0]), ip, 16);
    }
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      if (this.names === null) this.names = [name];
      else addBounded(this.names, name, 8);
    }
    const cluster = ep.clusterName;
    if (cluster !== '' && cluster !== this.cluster0) {
      if (this.cluster0 === '') this.cluster0 = cluster;
      else if (this.clusters !== null) addBounded(this.clusters, cluster, 4);
      else addBounded((this.clusters = [this.cluster0]), cluster, 4);
    }
  }

  toPlain(): PeerEvidence {
    return {
      identities: this.identities !== null ? [...this.identities] : this.hasIdentity ? [this.identity0] : [],
      labels: [...this.labels],
      ips: this.ips !== null ? [...this.ips] : this.ip0 === '' ? [] : [this.ip0],
      names: this.names === null ? [] : [...this.names],
      clusters: this.clusters !== null ? [...this.clusters] : this.cluster0 === '' ? [] : [this.cluster0],
    };
  }
}
