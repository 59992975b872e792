/**
 * Regular expressions from policies, as Cilium handles them: compiled with RE2 syntax (Go's
 * `regexp.Compile`, which Cilium's `PortRuleHTTP.Sanitize` runs on `path` and `method`) and
 * matched in linear time (Envoy's RE2 full-string match). re2js is a port of RE2: no
 * backtracking, so a hostile pattern cannot hang the worker or the CLI, and JavaScript-only
 * syntax (lookbehind, backreferences) is rejected as Cilium rejects it.
 *
 * Only HTTP rules (`http:` lists: path, method, host) carry such patterns, and re2js is about a
 * tenth of what the app's default screen loads: in the browser it is a chunk of its own, loaded
 * by `loadRe2()` where input may need it (`mayNeedRe2`: the load pipeline before it parses the
 * policies, the page before it compiles the engine model, the what-if shells before they start);
 * in Node (CLI, tests, benches) it is loaded with this module. Using a pattern before it is
 * loaded throws: never a silent verdict.
 * @public
 */
import type { RE2JS } from 're2js';

let engine: typeof RE2JS | null = null;
let loading: Promise<void> | null = null;

/** Loads re2js (once); resolves when patterns can be compiled. */
export function loadRe2(): Promise<void> {
  loading ??= import('re2js').then((m) => {
    engine = m.RE2JS;
  });
  return loading;
}

/** Whether re2js is loaded. */
export function re2Loaded(): boolean {
  return engine !== null;
}

// Node has no bundle to keep small: load it now (top-level await), so every caller there finds it.
if (typeof globalThis.process?.versions?.node === 'string') await loadRe2();

/**
 * Whether `value` (policy documents, or the model's policies) may hold an RE2 pattern: an `http`
 * key with a non-empty list (documents), or `kind: 'http'` (the model's L7 rules) anywhere in it.
 * Cheap, and never false for a policy with HTTP rules.
 */
export function mayNeedRe2(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    for (const [k, x] of Object.entries(v)) {
      if ((k === 'http' && Array.isArray(x) && x.length > 0) || (k === 'kind' && x === 'http')) return true;
      stack.push(x);
    }
  }
  return false;
}

export type Re2Compiled = { readonly ok: true; readonly re: RE2JS } | { readonly ok: false; readonly error: string };

const MAX_CACHE = 2048;
const cache = new Map<string, Re2Compiled>();

/** Compiles `pattern` as RE2 (cached); the error text is RE2's. Throws when re2js is not loaded (`loadRe2`). */
export function compileRe2(pattern: string): Re2Compiled {
  let hit = cache.get(pattern);
  if (hit) return hit;
  if (engine === null) throw new Error('netpol-viz: an RE2 pattern was used before re2js was loaded (loadRe2); this is a bug');
  try {
    hit = { ok: true, re: engine.compile(pattern) };
  } catch (e) {
    hit = { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(pattern, hit);
  return hit;
}

/** The RE2 error for `pattern`, or null when it compiles. */
export function re2Error(pattern: string): string | null {
  const c = compileRe2(pattern);
  return c.ok ? null : c.error;
}

/** Whether the whole of `value` matches `pattern` (RE2); false when the pattern does not compile. */
export function re2FullMatch(pattern: string, value: string): boolean {
  const c = compileRe2(pattern);
  return c.ok && c.re.matches(value);
}
