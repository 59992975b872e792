/**
 * Port sets as a support engineer reads them: `9000/TCP`, `53/TCP+UDP`, `40000-40100/UDP`,
 * `all ports`, `all except 25/TCP`. Protocols with identical ranges are joined.
 * @public
 */
import { fullPortSet, isEmpty, isFull, portProtocols, subtract, type PortSet, type Ranges } from '../engine/PortSet.ts';

function rangesText(r: Ranges): string {
  return r.map(([lo, hi]) => (lo === hi ? String(lo) : `${lo}-${hi}`)).join(',');
}

/** The set without the "all except" form. */
function listText(s: PortSet): string {
  const byRanges = new Map<string, string[]>();
  for (const p of portProtocols) {
    const r = s[p];
    if (r.length === 0) continue;
    const [min, max] = p === 'ICMP' || p === 'ICMPv6' ? [0, 255] : [1, 65535];
    const full = r.length === 1 && (r[0] as readonly [number, number])[0] === min && (r[0] as readonly [number, number])[1] === max;
    const key = full ? '*' : rangesText(r);
    const list = byRanges.get(key);
    if (list) list.push(p);
    else byRanges.set(key, [p]);
  }
  const parts: string[] = [];
  for (const [key, protos] of byRanges) parts.push(key === '*' ? `all ${protos.join('+')}` : `${key}/${protos.join('+')}`);
  return parts.join(', ');
}

/** Text for a port set; `none` for the empty set. */
export function portsText(s: PortSet): string {
  if (isEmpty(s)) return 'none';
  if (isFull(s)) return 'all ports';
  if (isFull(s, true)) return 'all ports (no ICMP)';
  const rest = subtract(fullPortSet, s);
  const restText = listText(rest);
  const text = listText(s);
  // "all except 25/TCP" reads at a glance when the carved-out part is the short one.
  const covers = portProtocols.filter((p) => s[p].length > 0).length >= 3;
  if (covers && restText.length < text.length) return `all except ${restText}`;
  return text;
}
