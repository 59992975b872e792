/**
 * A path query as typed (PEER, PEER, PORT) → the engine's Decision, the same way the CLI's
 * `explain` answers it: parse both peers, resolve them against the loaded model (a Service
 * ClusterIP becomes a backend and its port the target port), then `decide`.
 * @public
 */
import type { EngineModel } from '../engine/compile.ts';
import { decide } from '../engine/decide.ts';
import type { ExplainHeader } from '../engine/explainText.ts';
import { parsePeerRef, resolvePeerRef, serviceTargetPort } from '../engine/peerRef.ts';
import type { Decision, Query } from '../engine/types.ts';
import { parsePortSpec, portSpecText } from './portSpec.ts';
import { withObservedAddress, type DnsAddresses } from './dnsAddresses.ts';
import { withFqdnCondition } from './fqdnCondition.ts';

/** A path query as the user typed it (PEER grammar and `N[/PROTO]`), kept once it was run. */
export interface QueryText {
  readonly from: string;
  readonly to: string;
  readonly port: string;
}

export type QueryField = 'from' | 'to' | 'port';

export type QueryOutcome =
  | { readonly kind: 'answer'; readonly text: QueryText; readonly query: Query; readonly decision: Decision; readonly header: ExplainHeader }
  | { readonly kind: 'invalid'; readonly text: QueryText; readonly field: QueryField; readonly message: string };

/**
 * `dns`: the addresses loaded Hubble flows saw for DNS names (observedDnsAddresses): a query to a
 * name is answered for the first of them, as the graph decides the observed peer.
 */
export function runQuery(model: EngineModel, text: QueryText, dns?: DnsAddresses): QueryOutcome {
  const invalid = (field: QueryField, message: string): QueryOutcome => ({ kind: 'invalid', text, field, message });
  const fromRef = parsePeerRef(text.from);
  if (!fromRef.ok) return invalid('from', fromRef.error);
  const toRef = parsePeerRef(text.to);
  if (!toRef.ok) return invalid('to', toRef.error);
  const from = resolvePeerRef(model, fromRef.value);
  if (!from.ok) return invalid('from', from.error);
  const to = resolvePeerRef(model, toRef.value);
  if (!to.ok) return invalid('to', to.error);
  const spec = parsePortSpec(text.port);
  if (!spec.ok) return invalid('port', spec.error);

  const notes = [...from.value.notes, ...to.value.notes];
  let port = spec.port;
  const svc = to.value.service;
  if (svc !== null && typeof port === 'number') {
    const target = serviceTargetPort(svc, port, spec.protocol);
    if (target !== null) {
      notes.push(`Service port ${port} is translated to target port ${target} before policy is applied`);
      port = target;
    } else notes.push(`Service ${svc.namespace}/${svc.name} has no port ${port}/${spec.protocol}; evaluating port ${port} on the backend`);
  }
  const base: Query = { from: from.value.endpoint, to: to.value.endpoint, port, protocol: spec.protocol };
  const { query, notes: dnsNotes } = observedQuery(model, base, dns);
  notes.push(...dnsNotes);
  const decision = withFqdnCondition(model, query, decide(model, query));
  return {
    kind: 'answer',
    text,
    query,
    decision: notes.length > 0 ? { ...decision, notes: [...notes, ...decision.notes] } : decision,
    header: { from: query.from.display, to: query.to.display, what: portSpecText(port, spec.protocol) },
  };
}

/**
 * The query with its DNS-name destination given an address the flows saw for it, and a note saying
 * which (and whether the other addresses seen get the same verdict). Shared with the CLI's explain.
 */
export function observedQuery(model: EngineModel, query: Query, dns: DnsAddresses | undefined): { query: Query; notes: string[] } {
  const seen = dns ? withObservedAddress(query.to, dns) : null;
  if (seen === null || seen.endpoint.kind !== 'fqdn') return { query, notes: [] };
  const name = seen.endpoint.name;
  const ip = seen.endpoint.ip ?? '';
  const q: Query = { ...query, to: seen.endpoint };
  let note = `${name} was seen at ${ip} in the loaded Hubble flows (destination_names): answered for that address, as CIDR rules decide it`;
  if (seen.others.length > 0) {
    const verdict = decide(model, q).verdict;
    const differ = seen.others.filter((o) => decide(model, { ...q, to: { ...seen.endpoint, ip: o } as typeof seen.endpoint }).verdict !== verdict);
    note += differ.length === 0 ? `; the ${seen.others.length === 1 ? 'other address seen gets' : `${seen.others.length} other addresses seen get`} the same verdict` : `; ${differ.join(', ')} (also seen) ${differ.length === 1 ? 'is' : 'are'} not ${verdict}: query ${differ.length === 1 ? 'it' : 'them'} by address`;
  }
  return { query: q, notes: [note] };
}
