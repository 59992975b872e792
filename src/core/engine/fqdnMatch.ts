/**
 * toFQDNs / DNS-rule name matching, exactly as Cilium's pkg/fqdn/matchpattern (reference A.7.3,
 * Cilium 1.19 `escapeRegexpCharacters`), in time linear in the name.
 *
 * Cilium turns a pattern into an anchored Go (RE2) regular expression and RE2 matches in linear
 * time. A JavaScript `RegExp` built from the same text backtracks: `*a*a*a…*b.com` against a long
 * run of `a` takes exponential time, and names come from Hubble flows. So the pattern is compiled
 * here into a small NFA (one state per pattern character) that is run on all states at once:
 * O(name length × pattern length), no backtracking, whatever the input.
 *
 * The language, per Cilium 1.19 (pattern trimmed, lower-cased, a trailing dot added):
 * - a pattern made only of `*` (optionally with a trailing dot: `*`, `**.`): every name of one or
 *   more labels, and the root `.`;
 * - a leading run of two or more `*` followed by a dot (`**.example.com`, 1.19): one or more whole
 *   labels (`a.` or `a.b.c.`);
 * - any other run of `*`: zero or more label characters (`[-a-zA-Z0-9_]*`) within one label;
 * - every other character: itself.
 * Before 1.19 only a lone `*` matched every name and every other run of `*` stayed inside one
 * label (no `**.` prefix; it came with cilium/cilium#43420): `multiLevelPatterns`.
 * @public
 */

const isLabelCode = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95 || (c >= 65 && c <= 90);
const DOT = 46;

/** A consuming transition: on a character that passes `test`, go to every state of `to`. */
interface Transition {
  /** A single character code, or -1 for any label character. */
  readonly code: number;
  readonly to: readonly number[];
}

/**
 * An NFA over states 0..accept. `eps[i]` lists the states reachable from i without consuming
 * (a `*` may match nothing); transitions consume one character.
 */
interface Nfa {
  readonly accept: number;
  readonly moves: readonly (readonly Transition[])[];
  readonly eps: readonly (readonly number[])[];
  /** The whole-wildcard pattern also matches the root name `.`. */
  readonly root: boolean;
}

/** Lower-case, trailing dot added: Cilium's canonical DNS name. */
export function fqdnName(name: string): string {
  const n = name.trim().toLowerCase();
  return n.endsWith('.') ? n : `${n}.`;
}

/** `*`, `**`, `*.`, `***.`: Cilium's isDNSWildcard (matches every name). */
function isDnsWildcard(p: string): boolean {
  const body = p.endsWith('.') ? p.slice(0, -1) : p;
  return body.length > 0 && /^\*+$/.test(body);
}

class NfaBuilder {
  readonly moves: Transition[][] = [];
  readonly eps: number[][] = [];
  state(): number {
    this.moves.push([]);
    this.eps.push([]);
    return this.moves.length - 1;
  }
  move(from: number, code: number, ...to: number[]): void {
    (this.moves[from] as Transition[]).push({ code, to });
  }
}

/** `(L+([.]L+)*)[.]` from `at`: one or more whole labels, ending after a dot. Returns the state after. */
function wholeLabels(b: NfaBuilder, at: number): number {
  const inLabel = b.state();
  const after = b.state();
  b.move(at, -1, inLabel);
  b.move(inLabel, -1, inLabel);
  b.move(inLabel, DOT, at, after);
  return after;
}

/** Whether a Cilium version has 1.19's `**.` prefix and `**`/`*.` match-all patterns. */
export function multiLevelPatterns(ciliumVersion: string): boolean {
  const [maj, min] = ciliumVersion.split('.').map(Number);
  return (maj ?? 1) > 1 || (min ?? 19) >= 19;
}

function compilePattern(pattern: string, multiLevel: boolean): Nfa {
  let p = pattern.trim().toLowerCase();
  const b = new NfaBuilder();
  const start = b.state();
  if (multiLevel ? isDnsWildcard(p) : p === '*') {
    const accept = wholeLabels(b, start);
    return { accept, moves: b.moves, eps: b.eps, root: true };
  }
  if (!p.endsWith('.')) p += '.';
  let i = 0;
  let cur = start;
  let stars = 0;
  while (stars < p.length && p[stars] === '*') stars++;
  if (multiLevel && stars >= 2 && p[stars] === '.') {
    cur = wholeLabels(b, cur);
    i = stars + 1;
  }
  while (i < p.length) {
    const c = p.charCodeAt(i);
    if (c === 42 /* * */) {
      while (p.charCodeAt(i + 1) === 42) i++;
      const next = b.state();
      b.move(cur, -1, cur);
      (b.eps[cur] as number[]).push(next);
      cur = next;
    } else {
      const next = b.state();
      b.move(cur, c, next);
      cur = next;
    }
    i++;
  }
  return { accept: cur, moves: b.moves, eps: b.eps, root: false };
}

const MAX_CACHE = 4096;
const cache = new Map<string, Nfa>();

function nfaFor(pattern: string, multiLevel: boolean): Nfa {
  const key = multiLevel ? pattern : `\u0000${pattern}`;
  let nfa = cache.get(key);
  if (!nfa) {
    if (cache.size >= MAX_CACHE) cache.clear();
    nfa = compilePattern(pattern, multiLevel);
    cache.set(key, nfa);
  }
  return nfa;
}

/** Adds `s` and everything reachable from it without consuming to `set` (marks in `seen`). */
function addClosed(nfa: Nfa, s: number, set: number[], seen: Uint8Array): void {
  if (seen[s] === 1) return;
  seen[s] = 1;
  set.push(s);
  for (const e of nfa.eps[s] as readonly number[]) addClosed(nfa, e, set, seen);
}

/**
 * Whether a canonical name (`fqdnName`) matches the pattern's anchored expression. Each step
 * visits every live state once: linear in the name for a given pattern.
 */
function nfaMatches(nfa: Nfa, name: string): boolean {
  if (nfa.root && name === '.') return true;
  const n = nfa.moves.length;
  let seen = new Uint8Array(n);
  let cur: number[] = [];
  addClosed(nfa, 0, cur, seen);
  for (let k = 0; k < name.length && cur.length > 0; k++) {
    const c = name.charCodeAt(k);
    const label = isLabelCode(c);
    const next: number[] = [];
    seen = new Uint8Array(n);
    for (const s of cur)
      for (const t of nfa.moves[s] as readonly Transition[])
        if (t.code === c || (t.code === -1 && label)) for (const to of t.to) addClosed(nfa, to, next, seen);
    cur = next;
  }
  return cur.includes(nfa.accept);
}

/** Whether `name` matches `matchPattern` as Cilium (1.19 unless `ciliumVersion` says older) matches it (linear time). */
export function matchesPattern(pattern: string, name: string, ciliumVersion = '1.19'): boolean {
  return nfaMatches(nfaFor(pattern, multiLevelPatterns(ciliumVersion)), fqdnName(name));
}

export function matchesFqdnSelector(sel: { readonly matchName: string | null; readonly matchPattern: string | null }, name: string, ciliumVersion = '1.19'): boolean {
  if (sel.matchName !== null) return fqdnName(sel.matchName) === fqdnName(name);
  if (sel.matchPattern !== null) return matchesPattern(sel.matchPattern, name, ciliumVersion);
  return false;
}

export function formatFqdnSelector(sel: { readonly matchName: string | null; readonly matchPattern: string | null }): string {
  return sel.matchName !== null ? `matchName ${sel.matchName}` : `matchPattern ${sel.matchPattern ?? ''}`;
}
