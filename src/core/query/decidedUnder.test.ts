import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { compile } from '../engine/compile.ts';
import { explainText } from '../engine/explainText.ts';
import { loadInputs } from '../load/loadInputs.ts';
import type { LoadOptions } from '../load/types.ts';
import { decidedUnder, withDecidedUnder } from './decidedUnder.ts';
import { runQuery } from './runQuery.ts';
import { appPlatformFile } from '../../../test/paths.ts';

const inventory = readFileSync(appPlatformFile('inventory.yaml'), 'utf8');
const policies = readFileSync(appPlatformFile('policies.yaml'), 'utf8');

const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata: {name: cilium-config, namespace: kube-system}
data:
  enable-policy: always
  enable-ipv6: "true"
`;
const DAEMONSET = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: cilium, namespace: kube-system}
spec:
  template:
    spec:
      containers:
      - name: cilium-agent
        image: quay.io/cilium/cilium:v1.18.3
`;

function model(extra: string[], options: LoadOptions = {}, settings = {}) {
  const names = ['policies.yaml', 'inventory.yaml', 'cilium-config.yaml', 'cilium.yaml'];
  const files = [policies, inventory, ...extra].map((data, i) => ({ name: names[i] ?? `f${i}.yaml`, data }));
  return compile(loadInputs(files, options).cluster, settings);
}

describe('decidedUnder: the Cilium version and settings a verdict was decided under', () => {
  it('says the version was assumed and the settings are the defaults when the inputs carry neither', () => {
    expect(decidedUnder(model([]))).toBe(
      "Decided as Cilium 1.19 would (version assumed: not in the inputs); Cilium's defaults (no cilium-config): enable-policy=default, policy-cidr-match-mode=default; IPv4 only (from the pods' addresses)",
    );
  });

  it("names where the version was found and cilium-config's settings", () => {
    expect(decidedUnder(model([CONFIG, DAEMONSET]))).toBe(
      'Decided as Cilium 1.18 would (version: cilium DaemonSet image); cilium-config: enable-policy=always, policy-cidr-match-mode=default; dual stack (cilium-config)',
    );
  });

  it('says which settings were set by hand (app agent settings, or command-line settings over the inputs)', () => {
    const app = decidedUnder(model([CONFIG, DAEMONSET], { agentSettings: { ciliumVersion: '1.20', auditMode: true } }));
    expect(app).toMatch(/^Decided as Cilium 1\.20 would \(version set by hand\); cilium-config: enable-policy=always, policy-cidr-match-mode=default, policy-audit-mode=true \(set by hand\);/);
    const cli = decidedUnder(model([DAEMONSET], {}, { ciliumVersion: '1.16', enforcementMode: 'never', allowLocalhost: 'policy' }));
    expect(cli).toMatch(/^Decided as Cilium 1\.16 would \(version set by hand\); Cilium's defaults \(no cilium-config\): enable-policy=never \(set by hand\), policy-cidr-match-mode=default, allow-localhost=policy \(set by hand\);/);
  });

  it('is the line under the verdict in the copied explanation', () => {
    const m = model([CONFIG, DAEMONSET]);
    const out = withDecidedUnder(runQuery(m, { from: 'acme-jobs/mailer', to: '198.51.100.25', port: '25' }), m);
    if (out.kind !== 'answer') throw new Error(out.message);
    const lines = explainText(out.header, out.decision).split('\n');
    expect(lines[1]).toMatch(/^Verdict: /);
    expect(lines[2]).toBe(decidedUnder(m));
    expect(lines[3]).toBe('');
  });
});
