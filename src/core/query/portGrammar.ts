/**
 * What the Port box takes, in words: the query form's hint, on the default screen, and the
 * parser's error (portSpec.ts, which comes with the query code: ui/query/queryCode.ts).
 * @public
 */
export const portGrammar = 'N, N/PROTO (TCP, UDP, SCTP, ICMP, ICMPv6, ANY), a port name, or empty for every port';
