/**
 * Fast path for one export line: `parseFlowRecord(JSON.parse(line))` without re-parsing the two
 * endpoint objects, which are most of a line's bytes and repeat across flows (a few hundred
 * distinct `source`/`destination` texts in millions of lines). Their texts are cut out with
 * `indexOf`, looked up in a bounded cache of parsed endpoints, and the rest of the line is parsed
 * with placeholders in their place. Returns null whenever it cannot prove the result equal to the
 * full path's; the caller then takes the full path, which also writes every diagnostic.
 *
 * Why the cut is sound, for `…"source":S,"destination":D…` with R the line with S, D replaced:
 * - `"source":{` cannot lie inside a JSON string (its quote after `source` would be escaped), so
 *   it is a key followed by an object value starting at `{`.
 * - S (D) is a valid JSON text on its own (parsed now, or earlier: the cache gives an endpoint only
 *   for texts that parsed). A JSON value's extent is fixed by its own text, so a parser reading the line at that
 *   position reads exactly S (D); `,"destination":` right after S is then a sibling key.
 * - If R parses, the line parses, to the same value with S and D in the placeholders' places.
 * - The placeholders are the strings "\u0001" and "\u0002". A valid JSON string can only hold
 *   these control characters as `\u0001` / `\u0002` escapes; a line without `\u000` anywhere has
 *   no other value equal to them. So `flow.source === "\u0001"` proves that the value
 *   parseFlowRecord reads as the flow's source is S (not a cut at another depth, not a duplicate
 *   key overriding it), and likewise for the destination.
 * - Only endpoints that parse without a diagnostic are used; `parseFlow` reads them where it would
 *   have parsed them, so the first error of the record (if any) is the same.
 * Cached endpoints are shared by many flows: they are frozen.
 *
 * Pods come and go: a big cluster's export names tens of thousands of pods, most of them seen a
 * few times, so a cache of whole endpoint texts misses often, and each miss parsed the whole text.
 * But the pods of one workload differ only in `ID` and `pod_name`: the rest of the text (the
 * endpoint's *shape*: identity, cluster, namespace, labels, workloads) is the same. An endpoint
 * `{"ID":N,` A `"pod_name":"` P `"` B (the `ID` member optional) is therefore read as:
 * - the shape `{` A `"pod_name":"\u0003"` B, parsed once per distinct (A, B) and cached;
 * - N, digits only (no sign, fraction or leading zero): the number `parseEndpointObject` reads;
 * - P, only `[a-z0-9.-]` (a Kubernetes pod name): a JSON string whose value is its text.
 * The text is then valid JSON exactly when the shape is (a plain member in front, one plain
 * string for another), and parses to the shape's value with `ID` N and `pod_name` P, provided
 * the shape's `pod_name` value is the marker (that member is the object's own and the last of its
 * name) and the shape has no `ID` member (which, later in the text, would override N). The marker
 * `\u0003` cannot come from the line, which holds no `\u000`. Texts of another form (no
 * `pod_name`, other characters in it: world, host, remote-node peers) are cached whole as before.
 * @internal
 */
import type { FlowEndpoint, FlowRecord } from './Flow.ts';
import { parseEndpointObject, parseFlowRecordWith } from './parseFlow.ts';
import { parseFlowPlain } from './parseFlowPlain.ts';
import { isObject, WireErrors } from './wire.ts';

const SOURCE_KEY = '"source":{';
const DESTINATION_KEY = ',"destination":{';
/** What follows the destination object: its closing brace and the next key (`,"Type"` or `,"node_name"` in the exports seen). */
const AFTER_DESTINATION = '},"';
const SOURCE_MARK = '\u0001';
const DESTINATION_MARK = '\u0002';
const SOURCE_MARK_JSON = '"\\u0001"';
const DESTINATION_MARK_JSON = '"\\u0002"';

/**
 * Pods kept (and shapes, and whole texts of other endpoints): the most recently used ones, in two
 * generations (the older one is dropped when the younger fills), so memory stays flat.
 */
export const DEFAULT_ENDPOINT_CACHE_SIZE = 65_536;

interface CacheEntry {
  readonly text: string;
  /** The parsed endpoint, or null when the text is not a valid, error-free endpoint. */
  readonly endpoint: FlowEndpoint | null;
  readonly next: CacheEntry | null;
}

const POD_NAME_KEY = '"pod_name":"';
const ID_KEY = '{"ID":';
const IDENTITY_KEY = '"identity":';
const POD_MARK = '\u0003';
/** Entries kept under one pod name, shapes under one identity. */
const MAX_CHAIN = 32;
const POD_MARK_JSON = '\\u0003';

/** An endpoint's text without `ID` and the pod name: `{` a (ends with `"pod_name":"`) hole b. */
interface Shape {
  readonly identity: number;
  readonly a: string;
  readonly b: string;
  /** The shape parsed (pod name and ID still to fill in). */
  readonly base: FlowEndpoint;
}

/** A pod's endpoint as the shape, ID and name made it. */
interface PodEntry {
  readonly shape: Shape;
  readonly hasId: boolean;
  readonly id: number;
  readonly endpoint: FlowEndpoint;
  readonly next: PodEntry | null;
}

/**
 * A map that keeps the most recently used keys: two generations; a key found in the older one
 * moves to the younger; when the younger holds `half` keys, the older is dropped.
 * `keyOf` gives the key a value is stored under: a key found in the older generation moves with
 * the stored key, never the one looked up (a slice of the line: it would keep the line's whole
 * decoded text alive, 64 KiB per moved pod, up to the whole input).
 */
export class RecentMap<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  constructor(
    private readonly half: number,
    private readonly keyOf: (value: V) => K,
  ) {}

  get(key: K): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) {
      this.old.delete(key);
      this.set(this.keyOf(o), o);
    }
    return o;
  }

  set(key: K, value: V): void {
    if (this.young.size >= this.half && !this.young.has(key)) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}

/** Whether `line` holds `key` at `at` (short keys: a loop the compiler inlines, no builtin call). */
function holds(line: string, at: number, key: string): boolean {
  for (let i = 0; i < key.length; i++) if (line.charCodeAt(at + i) !== key.charCodeAt(i)) return false;
  return true;
}

/** The unsigned decimal integer at `line[at…]` (digits only, no leading zero), and where it ends; null if none. */
function digitsAt(line: string, at: number, end: number): [number, number] | null {
  let i = at;
  let v = 0;
  for (; i < end && i - at < 15; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
  }
  if (i === at || (line.charCodeAt(at) === 48 && i > at + 1)) return null;
  return [v, i];
}

/** Whether `line[from, to)` is a non-empty run of `[a-z0-9.-]` (a pod name: a plain JSON string). */
function plainPodName(line: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const c = line.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 46)) return false;
  }
  return true;
}

/** How the endpoint cache did: every endpoint text looked up, and those found already parsed. */
export interface EndpointCacheStats {
  readonly lookups: number;
  /** Found whole (the same pod, or the same text). */
  readonly hits: number;
  /** Not found whole, but built from a cached shape (a new pod of a known workload): no text parsed. */
  readonly shapeHits: number;
}

/**
 * Lines per window of the adaptive parser (see `FlowLineParser`), the share of endpoints it must
 * find whole in its cache over a window to go on, and the windows it then rests (doubled after
 * each such window in a row, up to MAX_REST_WINDOWS). A window that finds fewer than
 * EARLY_MIN_WHOLE_HITS of its endpoints whole in its first EARLY_LINES lines ends there.
 */
const WINDOW_LINES = 4096;
const MIN_WHOLE_HITS = 0.9;
const REST_WINDOWS = 16;
const MAX_REST_WINDOWS = 256;
const EARLY_LINES = 512;
const EARLY_MIN_WHOLE_HITS = 0.6;

export class FlowLineParser {
  /**
   * Endpoint texts by a short bucket key (the pod name when the text has one, else the whole
   * text): hashing a whole 500-character text per lookup cost more than the parse it saves.
   * Within a bucket the text itself is compared.
   */
  private readonly buckets = new Map<string, CacheEntry>();
  private size = 0;
  private lookups = 0;
  private hits = 0;
  private shapeHits = 0;
  /** Pod endpoints by pod name (then ID and the shape's texts compared). */
  private readonly pods: RecentMap<string, PodEntry>;
  /** Shapes by identity (then their texts compared). */
  private readonly shapes: RecentMap<number, Shape[]>;

  /** Adaptive: lines left in this window, lines left to decline, and the counts when the window began. */
  private windowLeft = WINDOW_LINES;
  private resting = 0;
  private windowLookups = 0;
  private windowHits = 0;
  /** Windows the next rest lasts. */
  private restWindows = REST_WINDOWS;

  /**
   * `adaptive`: the cache pays only when it finds endpoints whole. An export of a big cluster whose
   * pods come and go misses a third of them, and every lookup then touches a map of tens of
   * thousands of pods; parsing the whole line is cheaper. So when fewer than 90% of a window's
   * endpoints were found whole, the parser declines the next 16 windows' lines (the caller parses
   * them whole, as for any decline), then tries again. A window that finds fewer than 60% whole
   * in its first 512 lines ends there (on such an export a window cost more than the 16 it rests
   * save), and each failed window in a row doubles the rest (up to 256 windows, about a million
   * lines), so an export that never pays costs a few hundred lines per doubling. Results are the
   * same either way.
   */
  constructor(
    private readonly maxEndpoints = DEFAULT_ENDPOINT_CACHE_SIZE,
    private readonly adaptive = false,
  ) {
    const half = Math.max(1, Math.ceil(maxEndpoints / 2));
    this.pods = new RecentMap(half, (e) => e.endpoint.podName);
    this.shapes = new RecentMap(half, (list) => (list[0] as Shape).identity);
  }

  /**
   * The record `parseFlowRecord(JSON.parse(line))` would give, or null: take the full path.
   * `envelopeOk` may decline a line by its top-level object (the flow's two endpoints replaced by
   * placeholder strings): the loader takes only lines it would itself classify as a flow.
   */
  parse(line: string, envelopeOk?: (envelope: Readonly<Record<string, unknown>>) => boolean): FlowRecord | null {
    if (this.adaptive) {
      if (this.resting === 0 && (this.windowLeft === 0 || this.windowLeft === WINDOW_LINES - EARLY_LINES)) this.checkWindow();
      if (this.resting > 0) {
        this.resting--;
        return null;
      }
      this.windowLeft--;
    }
    const i = line.indexOf(SOURCE_KEY);
    if (i < 0) return null;
    const sStart = i + SOURCE_KEY.length - 1;
    const j = line.indexOf(DESTINATION_KEY, sStart);
    if (j < 0) return null;
    const dStart = j + DESTINATION_KEY.length - 1;
    const k = line.indexOf(AFTER_DESTINATION, dStart);
    if (k < 0) return null;
    const dEnd = k + 1;
    if (line.indexOf('\\u000') >= 0) return null;
    const source = this.endpoint(line, sStart, j);
    if (source === null) return null;
    const destination = this.endpoint(line, dStart, dEnd);
    if (destination === null) return null;
    let value: unknown;
    try {
      value = JSON.parse(line.slice(0, sStart) + SOURCE_MARK_JSON + line.slice(j, dStart) + DESTINATION_MARK_JSON + line.slice(dEnd));
    } catch {
      return null;
    }
    if (!isObject(value)) return null;
    if (envelopeOk && !envelopeOk(value)) return null;
    // The object parseFlowRecord reads the flow from: `flow` when present, else the line itself.
    const wrapped = value['flow'];
    const flow = wrapped === undefined ? value : wrapped;
    if (!isObject(flow) || flow['source'] !== SOURCE_MARK || flow['destination'] !== DESTINATION_MARK) return null;
    if (wrapped !== undefined) {
      // parseFlowRecordWith's wrapped case, with the plain reader first (null: a field to report).
      const envTime = value['time'];
      const envNode = value['node_name'];
      const plain = parseFlowPlain(flow, typeof envTime === 'string' ? envTime : '', typeof envNode === 'string' ? envNode : '', source, destination);
      if (plain !== null) return { kind: 'flow', flow: plain };
    }
    return parseFlowRecordWith(value, source, destination);
  }

  /**
   * Adaptive, at the end of a window or after its first EARLY_LINES lines: rests when the window
   * found too few endpoints whole (then a new window begins after the rest); else a window that
   * ended begins again and one that did not goes on.
   */
  private checkWindow(): void {
    const lookups = this.lookups - this.windowLookups;
    const early = this.windowLeft > 0;
    if (this.hits - this.windowHits < lookups * (early ? EARLY_MIN_WHOLE_HITS : MIN_WHOLE_HITS)) {
      this.resting = this.restWindows * WINDOW_LINES;
      this.restWindows = Math.min(MAX_REST_WINDOWS, 2 * this.restWindows);
    } else if (early) return;
    else this.restWindows = REST_WINDOWS;
    this.windowLeft = WINDOW_LINES;
    this.windowLookups = this.lookups;
    this.windowHits = this.hits;
  }

  stats(): EndpointCacheStats {
    return { lookups: this.lookups, hits: this.hits, shapeHits: this.shapeHits };
  }

  /** The endpoint whose text is `line[start, end)`. */
  private endpoint(line: string, start: number, end: number): FlowEndpoint | null {
    this.lookups++;
    // pod_name is near the end of an endpoint: searching backwards reads less.
    const p = line.lastIndexOf(POD_NAME_KEY, end - POD_NAME_KEY.length);
    if (p > start) {
      const nameStart = p + POD_NAME_KEY.length;
      const q = line.indexOf('"', nameStart);
      if (q >= 0 && q < end) {
        const pod = this.podEndpoint(line, start, end, nameStart, q);
        if (pod !== undefined) return pod;
      }
    }
    return this.wholeText(line, start, end, p >= start ? p : -1);
  }

  /**
   * A pod's endpoint through its shape (see the header), or undefined when the text is not of
   * that form (then it is cached whole). `line[nameStart, q)` is the pod name's text.
   */
  private podEndpoint(line: string, start: number, end: number, nameStart: number, q: number): FlowEndpoint | null | undefined {
    let hasId = false;
    let id = 0;
    let a = start + 1;
    if (holds(line, start, ID_KEY)) {
      const n = digitsAt(line, start + ID_KEY.length, end);
      if (n === null || line.charCodeAt(n[1]) !== 44 /* , */) return undefined;
      hasId = true;
      id = n[0];
      a = n[1] + 1;
    }
    if (nameStart - POD_NAME_KEY.length < a) return undefined;
    const aLength = nameStart - a;
    const bLength = end - q;
    const name = line.slice(nameStart, q);
    const first = this.pods.get(name);
    let chain = 0;
    // Substrings compared with `===` (one memcmp each): `startsWith` at an offset reads char by char.
    let aText: string | null = null;
    let bText: string | null = null;
    for (let e: PodEntry | null = first ?? null; e !== null; e = e.next, chain++) {
      const s = e.shape;
      // The identity is part of the text a: compared with it.
      if (e.id === id && e.hasId === hasId && s.a.length === aLength && s.b.length === bLength) {
        aText ??= line.slice(a, nameStart);
        bText ??= line.slice(q, end);
        if (aText === s.a && bText === s.b) {
          this.hits++;
          return e.endpoint;
        }
      }
    }
    if (!plainPodName(line, nameStart, q)) return undefined;
    const identity = holds(line, a, IDENTITY_KEY) ? (digitsAt(line, a + IDENTITY_KEY.length, end)?.[0] ?? -1) : -1;
    const shape = this.shapeOf(line, a, nameStart, q, end, identity);
    if (shape === null) return undefined;
    const b = shape.base;
    const endpoint = Object.freeze({ id, identity: b.identity, clusterName: b.clusterName, namespace: b.namespace, labels: b.labels, podName: ownCopy(name), workloads: b.workloads });
    // Names shared by many pods (`redis-0` in every namespace) keep a bounded chain.
    this.pods.set(endpoint.podName, { shape, hasId, id, endpoint, next: chain >= MAX_CHAIN ? null : (first ?? null) });
    return endpoint;
  }

  /** The shape `{` line[a, nameStart) marker line[q, end), cached; null when it is not a plain, error-free endpoint. */
  private shapeOf(line: string, a: number, nameStart: number, q: number, end: number, identity: number): Shape | null {
    // (a, nameStart, q, end) delimit the shape's two texts.
    const aText = line.slice(a, nameStart);
    const bText = line.slice(q, end);
    const list = this.shapes.get(identity);
    if (list !== undefined) {
      for (const s of list)
        if (s.a === aText && s.b === bText) {
          this.shapeHits++;
          return s;
        }
    }
    let v: unknown;
    try {
      v = JSON.parse(`{${aText}${POD_MARK_JSON}${bText}`);
    } catch {
      return null;
    }
    if (!isObject(v) || v['pod_name'] !== POD_MARK || 'ID' in v) return null;
    const e = new WireErrors();
    const base = parseEndpointObject(v, '', e);
    if (e.first !== null) return null;
    if (base.identity !== identity && identity >= 0) return null;
    const shape: Shape = { identity, a: flatCopy(aText), b: flatCopy(bText), base: frozen(base) };
    if (list === undefined || list.length >= MAX_CHAIN) this.shapes.set(identity, [shape]);
    else list.push(shape);
    return shape;
  }

  /** Endpoints of other forms, cached by their whole text (bucketed by the pod name when there is one). */
  private wholeText(line: string, start: number, end: number, p: number): FlowEndpoint | null {
    const text = line.slice(start, end);
    let key = text;
    if (p >= start) {
      const q = line.indexOf('"', p + POD_NAME_KEY.length);
      if (q >= 0 && q < end) key = line.slice(p + POD_NAME_KEY.length, q);
    }
    const first = this.buckets.get(key);
    for (let e: CacheEntry | null = first ?? null; e !== null; e = e.next)
      if (e.text === text) {
        this.hits++;
        return e.endpoint;
      }
    const endpoint = parseEndpointText(text);
    if (this.size >= this.maxEndpoints) {
      this.buckets.clear();
      this.size = 0;
    }
    const copy = ownCopy(text);
    this.buckets.set(key === text ? copy : ownCopy(key), { text: copy, endpoint, next: this.size === 0 ? null : (first ?? null) });
    this.size++;
    return endpoint;
  }
}

/** An endpoint text parsed, or null when it is not JSON or would record a diagnostic. */
function parseEndpointText(text: string): FlowEndpoint | null {
  try {
    const v: unknown = JSON.parse(text);
    if (!isObject(v)) return null;
    const e = new WireErrors();
    const parsed = parseEndpointObject(v, '', e);
    return e.first === null ? frozen(parsed) : null;
  } catch {
    // Not a JSON text: a cut in the wrong place (a label holding `,"destination":{`); full path.
    return null;
  }
}

function frozen(ep: FlowEndpoint): FlowEndpoint {
  Object.freeze(ep.labels);
  for (const w of ep.workloads) Object.freeze(w);
  Object.freeze(ep.workloads);
  return Object.freeze(ep);
}

/**
 * A sequential copy of `text` (JSON.parse makes new strings): compared with `===` for every pod
 * line, where a sliced or concatenated string would take the runtime's slow path.
 */
function flatCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** Character codes of the text being copied (reused: no array per copy). */
const codes: number[] = [];

/**
 * A copy of `text` that does not keep the whole line alive: a slice of a string references its
 * parent, and a cache key outlives the line. Built from its character codes: one sequential
 * string (a concatenation then a slice, as before, kept three objects per pod name: the slice,
 * the joined text and its flat copy, each copied by the young-generation GC).
 */
function ownCopy(text: string): string {
  codes.length = text.length;
  for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
  return String.fromCharCode.apply(null, codes);
}
