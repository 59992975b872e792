/**
 * Exact IPv4/IPv6 prefix arithmetic on bigints.
 * @public
 */
export type IpFamily = 4 | 6;

export interface Ip {
  readonly family: IpFamily;
  readonly value: bigint;
}

export interface Cidr {
  readonly family: IpFamily;
  /** Network address (host bits cleared). */
  readonly base: bigint;
  readonly bits: number;
  /** As the user wrote it (normalised to prefix notation for bare IPs). */
  readonly text: string;
}

const width = (f: IpFamily): number => (f === 4 ? 32 : 128);

export function parseIp(text: string): Ip | null {
  // Most addresses (every pod's, at 40,000 pods) are dotted IPv4 with no space: one number, one bigint.
  const v4 = ipv4Value(text);
  if (v4 >= 0) return { family: 4, value: BigInt(v4) };
  const s = text.trim();
  if (s.includes(':')) return parseIpv6(s);
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  let v = 0n;
  for (let i = 1; i <= 4; i++) {
    const part = m[i] as string;
    if (part.length > 1 && part.startsWith('0')) return null;
    const n = Number(part);
    if (n > 255) return null;
    v = (v << 8n) | BigInt(n);
  }
  return { family: 4, value: v };
}

/**
 * Whether `s` is an IP address as Go's netip.ParseAddr reads one (what Hubble writes: dotted IPv4
 * without leading zeros, or IPv6), with no space around it. IPv4, the common case in flow exports,
 * is checked without building a bigint.
 */
export function isIpAddress(s: string): boolean {
  if (s.includes(':')) return s.trim() === s && parseIpv6(s) !== null;
  return ipv4Value(s) >= 0;
}

/** The value of `s` as dotted IPv4 without leading zeros and with no space around it, or -1. */
function ipv4Value(s: string): number {
  let dots = 0;
  let digits = 0;
  let n = 0;
  let value = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return -1;
      value = value * 256 + n;
      digits = 0;
      n = 0;
    } else if (c >= 48 && c <= 57) {
      // A leading zero (010) is refused, as netip.ParseAddr refuses it.
      if (digits > 0 && n === 0) return -1;
      n = n * 10 + (c - 48);
      if (++digits > 3 || n > 255) return -1;
    } else return -1;
  }
  return dots === 3 && digits > 0 ? value * 256 + n : -1;
}

function parseIpv6(s: string): Ip | null {
  // Embedded IPv4 tail (::ffff:1.2.3.4).
  let tail: bigint | null = null;
  let body = s;
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    const v4 = parseIp(s.slice(lastColon + 1));
    if (!v4 || v4.family !== 4) return null;
    tail = v4.value;
    body = s.slice(0, lastColon + 1) + '0:0';
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const parse = (h: string): number[] | null => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parse(halves[0] as string);
  const rest = halves.length === 2 ? parse(halves[1] as string) : [];
  if (!head || !rest) return null;
  let groups: number[];
  if (halves.length === 2) {
    const fill = 8 - head.length - rest.length;
    if (fill < 1) return null;
    groups = [...head, ...new Array<number>(fill).fill(0), ...rest];
  } else {
    groups = head;
  }
  if (groups.length !== 8) return null;
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(g);
  if (tail !== null) v = (v & ~0xffffffffn) | tail;
  return { family: 6, value: v };
}

/** Parses `a.b.c.d/n`, `x::/n`, or a bare address (as /32 or /128 when `allowBare`). */
export function parseCidr(text: string, allowBare = true): Cidr | null {
  const s = text.trim();
  const slash = s.indexOf('/');
  const ipText = slash >= 0 ? s.slice(0, slash) : s;
  const ip = parseIp(ipText);
  if (!ip) return null;
  const w = width(ip.family);
  let bits = w;
  if (slash >= 0) {
    const b = s.slice(slash + 1);
    if (!/^\d{1,3}$/.test(b)) return null;
    bits = Number(b);
    if (bits > w) return null;
  } else if (!allowBare) {
    return null;
  }
  const base = ip.value & prefixMask(ip.family, bits);
  return { family: ip.family, base, bits, text: slash >= 0 ? s : `${s}/${w}` };
}

export function prefixMask(family: IpFamily, bits: number): bigint {
  const w = width(family);
  const all = (1n << BigInt(w)) - 1n;
  return bits === 0 ? 0n : (all >> BigInt(w - bits)) << BigInt(w - bits);
}

/** Last address of the prefix. */
export function cidrEnd(c: Cidr): bigint {
  return c.base | (((1n << BigInt(width(c.family))) - 1n) >> BigInt(c.bits));
}

export function cidrContainsIp(c: Cidr, ip: Ip): boolean {
  return c.family === ip.family && (ip.value & prefixMask(c.family, c.bits)) === c.base;
}

/** Whether `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return outer.family === inner.family && inner.bits >= outer.bits && (inner.base & prefixMask(outer.family, outer.bits)) === outer.base;
}

export function formatIp(ip: Ip): string {
  if (ip.family === 4) {
    const v = ip.value;
    return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
  }
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((ip.value >> BigInt(i * 16)) & 0xffffn).toString(16));
  // Compress the longest run of zero groups.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/**
 * A warning text when the prefix `c` was written with host bits set (`10.0.0.1/8`), or null.
 * Cilium reads such a prefix masked, `10.0.0.0/8` (cilium/cilium pkg/labels/cidr.go
 * IPStringToLabel: netip.ParsePrefix, then Prefix.Masked(); the CRD's CIDR pattern accepts it), as
 * `parseCidr` does: the rule covers the whole prefix, not the one address its author may have meant.
 */
export function hostBitsWarning(c: Cidr): string | null {
  const slash = c.text.indexOf('/');
  const ip = slash < 0 ? null : parseIp(c.text.slice(0, slash));
  if (ip === null || ip.value === c.base) return null;
  const masked = formatCidr(c);
  const one = `${formatIp(ip)}/${width(ip.family)}`;
  return `${c.text} has host bits set: Cilium masks it to ${masked} (netip.Prefix.Masked), so it covers all of ${masked}, not the one address ${formatIp(ip)}. Write ${masked}, or ${one} for that address alone.`;
}

export function formatCidr(c: Cidr): string {
  return `${formatIp({ family: c.family, value: c.base })}/${c.bits}`;
}

/** The fewest prefixes covering exactly [lo, hi] (at most `max`; null when more are needed). */
export function rangePrefixes(family: IpFamily, lo: bigint, hi: bigint, max = 4): string[] | null {
  const w = width(family);
  const out: string[] = [];
  let at = lo;
  while (at <= hi) {
    if (out.length === max) return null;
    // The largest aligned block starting at `at` that ends within `hi`.
    let bits = w;
    while (bits > 0) {
      const size = 1n << BigInt(w - bits + 1);
      if (at % size !== 0n || at + size - 1n > hi) break;
      bits--;
    }
    out.push(formatCidr({ family, base: at, bits, text: '' }));
    at += 1n << BigInt(w - bits);
  }
  return out;
}
