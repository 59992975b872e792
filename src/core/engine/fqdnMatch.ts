/**
 * toFQDNs / DNS-rule name matching, exactly as Cilium's pkg/fqdn/matchpattern (reference A.7.3).
 * @public
 */
const allowedLabelChars = '[-a-zA-Z0-9_]';
const cache = new Map<string, RegExp>();

/** Lower-case, trailing dot added: Cilium's canonical DNS name. */
export function fqdnName(name: string): string {
  const n = name.trim().toLowerCase();
  return n.endsWith('.') ? n : `${n}.`;
}

/** The anchored regex Cilium builds for a matchPattern. */
export function patternRegex(pattern: string): RegExp {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let pat = pattern.trim().toLowerCase();
  let re: RegExp;
  if (/^[*]+[.]?$/.test(pat)) {
    re = new RegExp(`(^(${allowedLabelChars}+[.])+$)|(^[.]$)`);
  } else {
    if (!pat.endsWith('.')) pat += '.';
    pat = pat.replace(/\./g, '[.]');
    // A leading run of two or more stars plus a dot: one or more whole labels.
    pat = pat.replace(/^\*\*+\[\.\]/, `(${allowedLabelChars}+([.]${allowedLabelChars}+){0,})[.]`);
    // Any other star run: zero or more characters within one label.
    pat = pat.replace(/(?<!\[-a-zA-Z0-9_\])\*+/g, `${allowedLabelChars}*`);
    re = new RegExp(`^${pat}$`);
  }
  cache.set(pattern, re);
  return re;
}

export function matchesFqdnSelector(sel: { readonly matchName: string | null; readonly matchPattern: string | null }, name: string): boolean {
  const n = fqdnName(name);
  if (sel.matchName !== null) return fqdnName(sel.matchName) === n;
  if (sel.matchPattern !== null) return patternRegex(sel.matchPattern).test(n);
  return false;
}

export function formatFqdnSelector(sel: { readonly matchName: string | null; readonly matchPattern: string | null }): string {
  return sel.matchName !== null ? `matchName ${sel.matchName}` : `matchPattern ${sel.matchPattern ?? ''}`;
}
