import type { LoadSource } from '../workers/protocol.ts';
import flows from './flows.jsonl?raw';
import inventory from './inventory.yaml?raw';
import policies from './policies.yaml?raw';

/**
 * The built-in demo cluster "lab-ams-1", loaded through the same worker and loader as user
 * files. Tenants northwind (two namespaces), contoso and fabrikam; edge gateway; platform
 * services; CoreDNS; internet egress with private ranges carved out and SMTP denied; an FQDN
 * allow; a UDP port range; a Kubernetes NetworkPolicy; a policy widened by another; flows.
 */
export const DEMO_LABEL = 'Demo cluster';

export const demoSources: readonly LoadSource[] = [
  { kind: 'text', name: 'demo/policies.yaml', text: policies },
  { kind: 'text', name: 'demo/inventory.yaml', text: inventory },
  { kind: 'text', name: 'demo/flows.jsonl', text: flows },
];
