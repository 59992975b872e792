/**
 * Classes of the connectivity matrix's peers whose pairs are all another peer's, for the first
 * step of a big load (connectivity.ts `connectivityInSteps` with `classes`): each class is
 * evaluated once. Only the load worker's first step of a big cluster uses it, so in the browser it
 * is a chunk of its own (matrixClassesLazy.ts), off the default screen.
 * @internal
 */
import type { ContainerPort, Workload } from '../model/cluster.ts';

/** What `classesOf` reads of a profile of the matrix (connectivity.ts `Profile`). */
export interface ClassProfile {
  readonly allows: readonly { readonly peers: Uint32Array; readonly fixedPorts: unknown }[];
  readonly denies: readonly { readonly peers: Uint32Array; readonly fixedPorts: unknown }[];
  readonly tier?: {
    readonly base: ClassProfile;
    readonly admin: readonly { readonly c: { readonly peers: Uint32Array } }[];
    readonly baseline: readonly { readonly c: { readonly peers: Uint32Array } }[];
    readonly named: boolean;
  };
}

interface ClassParty {
  readonly kind: string;
  readonly ports: readonly ContainerPort[];
}

interface ClassPeer {
  readonly kind: string;
  readonly workloads?: readonly string[];
  /** Cilium cannot compute its policy (connectivity.ts ConnPeer): every pair it is an end of is not known. */
  readonly notComputed?: true;
}

/** The matrix's parties, peers and profiles (connectivity.ts `MatrixState`), and the cluster's workloads. */
export interface ClassInputs {
  readonly parties: readonly ClassParty[];
  readonly peers: readonly ClassPeer[];
  readonly egress: readonly ClassProfile[];
  readonly ingress: readonly ClassProfile[];
  readonly workloads: readonly Workload[];
}

export interface MatrixClasses {
  /** 1 for the peers the first step lists (each class's last peer, and every peer in no class). */
  readonly listed: Uint8Array;
  /** Per class's last peer, the peers of its class, ascending. */
  readonly standsFor: Map<number, readonly number[]>;
}

const MANY = Symbol('many');

/**
 * Peers whose pairs in the first step are all another peer's, in classes. `keys`: the deferral
 * key of each peer (the pairs of two peers with the same non-null key are not in the first step).
 * Two identities are in one class when both are pods with one workload each and the same non-null
 * key, the same egress and the same ingress profile (the same rules select them), the same
 * container ports where a named port could resolve on them (an entry naming ports in their own
 * ingress profile or in the egress profile of a peer with another key), and the same membership in
 * every peer set that the profiles of a peer with another key hold (allow and deny entries, tier
 * rules), and both or neither of them an endpoint whose policy Cilium cannot compute. Then `pair(s, d)` of the first step is the same for either of them as `s` and as `d`:
 * every input of `pair` and `evalSide` about a party is one of these (its pairs with peers of its
 * own key, where the sets of its own key's profiles would count, are deferred). Each class is
 * listed by its last peer, so that the last pair naming a peer on either side (the graph's
 * enforcement per workload, fromEngine.ts) is the same for every member.
 */
export function classesOf(state: ClassInputs, keys: readonly (string | null)[]): MatrixClasses {
  const { parties, peers, egress, ingress } = state;
  const n = parties.length;
  const listed = new Uint8Array(n).fill(1);
  // Every peer set the profiles hold, each object once, numbered.
  const sets = new Map<Uint32Array, number>();
  const profiles = new Set<ClassProfile>();
  const addProfile = (p: ClassProfile): void => {
    if (profiles.has(p)) return;
    profiles.add(p);
    for (const c of p.allows) if (!sets.has(c.peers)) sets.set(c.peers, sets.size);
    for (const c of p.denies) if (!sets.has(c.peers)) sets.set(c.peers, sets.size);
    if (p.tier) {
      addProfile(p.tier.base);
      for (const t of [...p.tier.admin, ...p.tier.baseline]) if (!sets.has(t.c.peers)) sets.set(t.c.peers, sets.size);
    }
  };
  // Per set, the deferral key of the parties whose profiles hold it (MANY: more than one key):
  // a party's membership in a set only matters for pairs with those parties, and its pairs with
  // parties of its own key are deferred (not in `first`).
  const users = new Map<Uint32Array, string | null | typeof MANY>();
  const use = (bits: Uint32Array, key: string | null): void => {
    const u = users.get(bits);
    if (u === undefined) users.set(bits, key);
    else if (u !== key) users.set(bits, MANY);
  };
  const usersOf = (p: ClassProfile, key: string | null): void => {
    for (const c of p.allows) use(c.peers, key);
    for (const c of p.denies) use(c.peers, key);
    if (p.tier) {
      usersOf(p.tier.base, key);
      for (const t of [...p.tier.admin, ...p.tier.baseline]) use(t.c.peers, key);
    }
  };
  for (let i = 0; i < n; i++) {
    addProfile(egress[i] as ClassProfile);
    addProfile(ingress[i] as ClassProfile);
    usersOf(egress[i] as ClassProfile, keys[i] ?? null);
    usersOf(ingress[i] as ClassProfile, keys[i] ?? null);
  }
  const candidate = (i: number): boolean => {
    const p = peers[i] as ClassPeer;
    return keys[i] != null && (parties[i] as ClassParty).kind === 'pod' && p.kind === 'identity' && p.workloads?.length === 1;
  };
  // Per candidate, the numbers of the sets holding it, ascending.
  const memberOf: (number[] | null)[] = parties.map((_, i) => (candidate(i) ? [] : null));
  // Per key, the candidates of other keys (bits), made when a set held by one key's profiles is met.
  const words = (n + 31) >>> 5;
  const all = new Uint32Array(words);
  for (let i = 0; i < n; i++) if (memberOf[i] !== null) all[i >>> 5] = (all[i >>> 5] as number) | (1 << (i & 31));
  const others = new Map<string | null, Uint32Array>();
  const othersOf = (key: string | null): Uint32Array => {
    let m = others.get(key);
    if (m === undefined) {
      m = all.slice();
      for (let i = 0; i < n; i++) if (memberOf[i] !== null && keys[i] === key) m[i >>> 5] = (m[i >>> 5] as number) & ~(1 << (i & 31));
      others.set(key, m);
    }
    return m;
  };
  for (const [bits, id] of sets) {
    const u = users.get(bits);
    const mask = u === undefined || u === MANY ? all : othersOf(u as string | null);
    for (let w = 0; w < words; w++) {
      let word = (bits[w] as number) & (mask[w] as number);
      while (word !== 0) {
        const low = word & -word;
        const i = (w << 5) + (31 - Math.clz32(low));
        word ^= low;
        memberOf[i]?.push(id);
      }
    }
  }
  // Container ports matter only to entries naming ports (named ports resolve on the destination's):
  // those of the party's own ingress profile, and those of the egress profiles of the parties it
  // has pairs with in `first` (another key).
  const names = (p: ClassProfile): boolean => p.allows.some((c) => c.fixedPorts === null) || p.denies.some((c) => c.fixedPorts === null) || p.tier?.named === true || (p.tier !== undefined && names(p.tier.base));
  const namingKeys = new Set<string | null>();
  for (let i = 0; i < n; i++) if (names(egress[i] as ClassProfile)) namingKeys.add(keys[i] ?? null);
  const portsMatter = (i: number): boolean => names(ingress[i] as ClassProfile) || [...namingKeys].some((k) => k !== keys[i]);
  const profileIds = new Map<ClassProfile, number>();
  const profileId = (p: ClassProfile): number => {
    let id = profileIds.get(p);
    if (id === undefined) profileIds.set(p, (id = profileIds.size));
    return id;
  };
  const portsIds = new Map<readonly ContainerPort[], string>();
  const portsId = (ports: readonly ContainerPort[]): string => {
    let id = portsIds.get(ports);
    if (id === undefined) portsIds.set(ports, (id = JSON.stringify(ports.map((p) => [p.name ?? null, p.port, p.protocol]))));
    return id;
  };
  // The graph's terms resolve named ports on the workload's own ports (graph/fromEngine.ts): both count.
  let workloadPorts: Map<string, readonly ContainerPort[]> | null = null;
  const portsOf = (i: number): string => {
    workloadPorts ??= new Map(state.workloads.map((w) => [w.key, w.ports]));
    const w = (peers[i] as ClassPeer).workloads?.[0] as string;
    return `${portsId((parties[i] as ClassParty).ports)}/${portsId(workloadPorts.get(w) ?? [])}`;
  };
  const byKey = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const m = memberOf[i];
    if (m == null) continue;
    const key = `${keys[i] as string}\n${profileId(egress[i] as ClassProfile)}|${profileId(ingress[i] as ClassProfile)}|${portsMatter(i) ? portsOf(i) : '-'}|${(peers[i] as ClassPeer).notComputed === true ? 'x' : ''}|${m.join(',')}`;
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [i]);
    else list.push(i);
  }
  const standsFor = new Map<number, readonly number[]>();
  for (const list of byKey.values()) {
    if (list.length < 2) continue;
    for (let j = 0; j < list.length - 1; j++) listed[list[j] as number] = 0;
    standsFor.set(list[list.length - 1] as number, list);
  }
  return { listed, standsFor };
}

/** What `sameSide` reads of a side of a pair (connectivity.ts `ConnSide`). */
interface SideContent {
  readonly mode: string;
  readonly allowed: object;
  readonly allowedBy: readonly object[];
  readonly deniedBy: readonly object[];
  readonly authFailed?: { readonly ports: object; readonly by: readonly object[] };
}

/**
 * One side object per content, for the matrix of a big load: the sides of two profiles are one
 * object when they have the same mode, ports (as JSON) and rule items (the same objects), so what
 * is worked out per side object downstream (connectivityInput's path bodies, the meet of two
 * sides) is worked out once per content. At 20k, 16,019 side objects held 1,320 contents (rules
 * many profiles share: clusterwide policies, the platform's). Equal keys only for equal sides;
 * equal sides with their ports' protocols in another order stay two objects, as before. Only for
 * the first step with classes (connectivityInSteps): a what-if's diff memoises decisions by side
 * object, which there must stand for one profile (diffConnectivity.ts SampleMemo).
 */
export function sameSide<S extends SideContent>(): (side: S) => S {
  const seen = new Map<string, S>();
  const ids = new Map<object, number>();
  const id = (o: object): number => {
    let i = ids.get(o);
    if (i === undefined) ids.set(o, (i = ids.size));
    return i;
  };
  return (side) => {
    const a = side.authFailed;
    const key = `${side.mode}|${JSON.stringify(side.allowed)}|${side.allowedBy.map(id).join()}|${side.deniedBy.map(id).join()}|${a ? `${JSON.stringify(a.ports)}|${a.by.map(id).join()}` : '-'}`;
    let hit = seen.get(key);
    if (hit === undefined) seen.set(key, (hit = side));
    return hit;
  };
}
