/**
 * A small seeded PRNG (mulberry32) for the synthetic generators: the same seed gives the same
 * sequence on every machine, so generated clusters are byte-identical run to run. Never use
 * `Math.random` in a generator: benchmarks and tests compare outputs across runs.
 * @internal
 */
export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** n characters from `alphabet`. */
  chars(n: number, alphabet: string): string;
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(items.length)] as T;
    },
    chance: (p) => next() < p,
    chars(n, alphabet) {
      let out = '';
      for (let i = 0; i < n; i++) out += alphabet[int(alphabet.length)] ?? '';
      return out;
    },
  };
}
