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

/** Distinct endpoint texts kept; the cache is emptied when full, so memory stays flat. */
export const DEFAULT_ENDPOINT_CACHE_SIZE = 10_000;

interface CacheEntry {
  readonly text: string;
  /** The parsed endpoint, or null when the text is not a valid, error-free endpoint. */
  readonly endpoint: FlowEndpoint | null;
  readonly next: CacheEntry | null;
}

const POD_NAME_KEY = '"pod_name":"';

/** How the endpoint cache did: every endpoint text looked up, and those found already parsed. */
export interface EndpointCacheStats {
  readonly lookups: number;
  readonly hits: number;
}

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

  constructor(private readonly maxEndpoints = DEFAULT_ENDPOINT_CACHE_SIZE) {}

  /**
   * The record `parseFlowRecord(JSON.parse(line))` would give, or null: take the full path.
   * `envelopeOk` may decline a line by its top-level object (the flow's two endpoints replaced by
   * placeholder strings): the loader takes only lines it would itself classify as a flow.
   */
  parse(line: string, envelopeOk?: (envelope: Readonly<Record<string, unknown>>) => boolean): FlowRecord | null {
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

  stats(): EndpointCacheStats {
    return { lookups: this.lookups, hits: this.hits };
  }

  /** The endpoint whose text is `line[start, end)`. */
  private endpoint(line: string, start: number, end: number): FlowEndpoint | null {
    const text = line.slice(start, end);
    // pod_name is near the end of an endpoint: searching backwards reads less.
    const p = line.lastIndexOf(POD_NAME_KEY, end - POD_NAME_KEY.length);
    let key = text;
    if (p >= start) {
      const q = line.indexOf('"', p + POD_NAME_KEY.length);
      if (q >= 0 && q < end) key = line.slice(p + POD_NAME_KEY.length, q);
    }
    this.lookups++;
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
 * A copy of `text` that does not keep the whole line alive: a slice of a string references its
 * parent, and a cache key outlives the line. Concatenation then slicing yields a fresh flat string.
 */
function ownCopy(text: string): string {
  return (text + ' ').slice(0, -1);
}
