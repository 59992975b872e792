/**
 * Regular expressions from policies, as Cilium handles them: compiled with RE2 syntax (Go's
 * `regexp.Compile`, which Cilium's `PortRuleHTTP.Sanitize` runs on `path` and `method`) and
 * matched in linear time (Envoy's RE2 full-string match). re2js is a port of RE2: no
 * backtracking, so a hostile pattern cannot hang the worker or the CLI, and JavaScript-only
 * syntax (lookbehind, backreferences) is rejected as Cilium rejects it.
 * @public
 */
import { RE2JS } from 're2js';

export type Re2Compiled = { readonly ok: true; readonly re: RE2JS } | { readonly ok: false; readonly error: string };

const MAX_CACHE = 2048;
const cache = new Map<string, Re2Compiled>();

/** Compiles `pattern` as RE2 (cached); the error text is RE2's. */
export function compileRe2(pattern: string): Re2Compiled {
  let hit = cache.get(pattern);
  if (hit) return hit;
  try {
    hit = { ok: true, re: RE2JS.compile(pattern) };
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
