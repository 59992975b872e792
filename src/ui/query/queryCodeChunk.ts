/**
 * The page's path-query code, one chunk (loaded by queryCode.ts): answering a query, the lit
 * path, the explanation's text, the DNS names' observed addresses and the query boxes'
 * suggestions. Only what asks the compiled engine model a question: nothing on the default
 * screen before the first query, selection or use of the query form.
 * @internal
 */
export { runQuery } from '../../core/query/runQuery.ts';
export { pathHighlight } from '../../core/query/pathHighlight.ts';
export { explainText } from '../../core/engine/explainText.ts';
export { observedDnsAddresses } from '../../core/query/dnsAddresses.ts';
export { matchOptions, peerCatalog, portOptions } from './suggestions.ts';
