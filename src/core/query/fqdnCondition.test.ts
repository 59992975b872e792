import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { compile } from '../engine/compile.ts';
import { explainText } from '../engine/explainText.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { runQuery } from './runQuery.ts';
import { semanticsDir } from '../../../test/paths.ts';

const cluster = readFileSync(path.join(semanticsDir, 'cluster.yaml'), 'utf8');
const partC = new Map(
  parseAllDocuments(readFileSync(path.join(semanticsDir, 'policies.yaml'), 'utf8'))
    .map((d) => d.toJS() as { metadata?: { name?: string } } | null)
    .filter((v): v is { metadata: { name: string } } => typeof v?.metadata?.name === 'string')
    .map((v) => [v.metadata.name, JSON.stringify(v)]),
);
/** A DNS rule (through Cilium's DNS proxy, port 53) for the pods with `app` in `ns`. */
const KUBE_DNS = 'toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, "k8s:k8s-app": kube-dns}}]';
const dnsFor = (name: string, ns: string, app: string, selector: string, peer = KUBE_DNS) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: ${name}, namespace: ${ns}}
spec:
  endpointSelector: {matchLabels: {app: ${app}}}
  egress:
  - ${peer}
    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [${selector}]}}]
`;

function ask(policies: string[], to = 'api.github.com') {
  const files = [cluster, ...policies].map((data, i) => ({ name: i === 0 ? 'cluster.yaml' : `p${i}.yaml`, data }));
  const model = compile(loadInputs(files).cluster);
  const out = runQuery(model, { from: 'shop/frontend', to, port: '443/TCP' });
  if (out.kind !== 'answer') throw new Error(out.message);
  return out;
}

describe('a DNS name no flow saw, allowed by a toFQDNs rule once some pod looks it up', () => {
  it("is denied on condition when the source's DNS traffic is not intercepted but a pod of its node may look the name up (firm DENIED before)", () => {
    const a = ask([partC.get('p18') ?? '', dnsFor('backend-dns', 'shop', 'backend', '{matchPattern: "*.github.com"}'), dnsFor('api-dns', 'pay', 'api', '{matchName: api.github.com}')]);
    expect(a.decision.verdict).toBe('denied');
    expect(a.decision.egress.nearMisses.map((n) => n.why)).toContain('fqdn-no-dns-rule');
    const c = a.decision.condition;
    expect(c?.verdict).toBe('allowed');
    // The toFQDNs item first, then every DNS rule allowing the lookup.
    expect(c?.rules.map((r) => `${r.namespace}/${r.name} ${r.path}`)).toEqual(['shop/p18 spec.egress[0]', 'shop/backend-dns spec.egress[0].toPorts[0].rules.dns[0]', 'pay/api-dns spec.egress[0].toPorts[0].rules.dns[0]']);
    // Cilium learns a name's addresses per node: the pods of frontend's node are named (pay/api runs on node-b).
    expect(c?.text).toBe(
      "ALLOWED once api.github.com is resolved through Cilium's DNS proxy by a pod allowed to look it up, on node-a, the node of shop/frontend (Cilium learns a name's addresses per node), such as shop/backend. " +
        'Then CNP shop/p18 spec.egress[0] (spec.egress[0].toFQDNs[0], matchName api.github.com) allows it. ' +
        'The lookup is allowed by CNP shop/backend-dns spec.egress[0].toPorts[0].rules.dns[0] (matchPattern *.github.com), CNP pay/api-dns spec.egress[0].toPorts[0].rules.dns[0] (matchName api.github.com); ' +
        'no loaded Hubble flow saw api.github.com. Until then, and for addresses no such lookup returned, it is denied as explained.',
    );
    const lines = explainText(a.header, a.decision).split('\n');
    expect(lines[1]).toBe('Verdict: DENIED at egress (conditional: ALLOWED if the condition below holds)');
    expect(lines[2]).toBe(`Condition: ${c?.text ?? ''}`);
  });

  it("says when no pod allowed to look it up runs on the source's node", () => {
    const c = ask([partC.get('p18') ?? '', dnsFor('api-dns', 'pay', 'api', '{matchName: api.github.com}')]).decision.condition;
    expect(c?.text).toContain("on node-a, the node of shop/frontend (Cilium learns a name's addresses per node); none of the pods allowed to look it up runs there now (pay/api)");
  });

  it("a DNS rule of the source's own that refuses the name (REFUSED) leaves it to the other pods' lookups", () => {
    const c = ask([partC.get('p18') ?? '', partC.get('p19-example') ?? '', dnsFor('backend-dns', 'shop', 'backend', '{matchPattern: "*"}')]).decision.condition;
    expect(c?.rules.map((r) => r.name)).toEqual(['p18', 'backend-dns']);
  });

  it('stays firm when no DNS rule anywhere lets a pod look the name up (C24), when the rule does not match the name, and when allowed', () => {
    expect(ask([partC.get('p18') ?? '']).decision.condition).toBeUndefined();
    expect(ask([partC.get('p18') ?? '', dnsFor('backend-dns', 'shop', 'backend', '{matchName: example.com}')]).decision.condition).toBeUndefined();
    expect(ask([partC.get('p18') ?? '', dnsFor('backend-dns', 'shop', 'backend', '{matchPattern: "*"}')], 'www.example.com').decision.condition).toBeUndefined();
    const allowed = ask([partC.get('p18') ?? '', partC.get('p19') ?? '']);
    expect(allowed.decision.verdict).toBe('allowed');
    expect(allowed.decision.condition).toBeUndefined();
  });

  // Cilium's name manager is one per agent (pkg/fqdn/namemanager/manager.go: one DNSCache, every
  // FQDN selector of every policy), fed by UpdateOnDNSMsg (pkg/fqdn/messagehandler/message_handler.go)
  // for each response the DNS proxy relays, whichever endpoint asked. The proxy relays only the
  // lookups redirected to it: another pod's lookup counts only if its DNS rule's item reaches the
  // resolver, the same test as the source's own (engine/subjects.ts lookupsSeen).
  it("another pod's DNS rule on an item that does not reach the resolver teaches nothing: firm DENIED, and the notes say why (a condition before)", () => {
    const a = ask([partC.get('p18') ?? '', dnsFor('backend-dns', 'shop', 'backend', '{matchPattern: "*"}', 'toEntities: [world]')]);
    expect(a.decision.verdict).toBe('denied');
    expect(a.decision.condition).toBeUndefined();
    expect(a.decision.notes).toContain(
      "No pod's lookup teaches Cilium api.github.com. CNP shop/backend-dns spec.egress[0].toPorts[0].rules.dns[0] teaches nothing: its item reaches no resolver (kube-system/coredns), and Cilium's DNS proxy sees only the lookups sent to an item's peers.",
    );
  });

  it("only the pods whose DNS rule reaches the resolver are named, and the others' rules are said to teach nothing", () => {
    const c = ask([partC.get('p18') ?? '', dnsFor('backend-dns', 'shop', 'backend', '{matchPattern: "*"}', 'toEntities: [world]'), dnsFor('api-dns', 'pay', 'api', '{matchName: api.github.com}')]).decision.condition;
    expect(c?.rules.map((r) => r.name)).toEqual(['p18', 'api-dns']);
    expect(c?.text).toContain('none of the pods allowed to look it up runs there now (pay/api)');
    expect(c?.text).toContain("CNP shop/backend-dns spec.egress[0].toPorts[0].rules.dns[0] teaches nothing: its item reaches no resolver (kube-system/coredns)");
  });

  it('a DNS rule to the host (a node-local DNS cache on the host network) counts for another pod too', () => {
    const c = ask([partC.get('p18') ?? '', dnsFor('backend-dns', 'shop', 'backend', '{matchPattern: "*"}', 'toEntities: [host]')]).decision.condition;
    expect(c?.rules.map((r) => r.name)).toEqual(['p18', 'backend-dns']);
  });
});
