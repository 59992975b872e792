import { describe, expect, it } from 'vitest';
import { yamlDoc } from '../load/testing.ts';
import { CONTROLLER_KINDS, parseController } from './Workload.ts';

const ctx = { defaultNamespace: 'default', clusterName: 'default' };

function manifest(kind: string, apiVersion: string): string {
  const template = `template:
      metadata:
        labels: {app: web}
        annotations: {kubernetes.io/egress-bandwidth: 5M}
      spec:
        serviceAccountName: web-sa
        containers:
        - name: web
          ports: [{containerPort: 8080, name: HTTP-Alt}]`;
  const spec = kind === 'CronJob' ? `  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      ${template.replace(/\n/g, '\n    ')}` : `  replicas: 3\n  ${template.replace(/\n {4}/g, '\n  ')}`;
  return `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: web\n  namespace: shop\n  labels: {team: a}\nspec:\n${spec}\n`;
}

const API: Record<string, string> = { Deployment: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1', ReplicaSet: 'apps/v1', Job: 'batch/v1', CronJob: 'batch/v1' };

describe('parseController', () => {
  for (const kind of CONTROLLER_KINDS) {
    it(`reads the pod template of a ${kind}`, () => {
      const r = parseController(yamlDoc(manifest(kind, API[kind] as string)), ctx, kind);
      expect(r.value).toMatchObject({
        kind,
        namespace: 'shop',
        name: 'web',
        labels: { team: 'a' },
        podLabels: { app: 'web' },
        podAnnotations: { 'kubernetes.io/egress-bandwidth': '5M' },
        serviceAccount: 'web-sa',
        ports: [{ name: 'http-alt', port: 8080, protocol: 'TCP' }],
      });
      expect(r.value?.replicas).toBe(['Deployment', 'StatefulSet', 'ReplicaSet'].includes(kind) ? 3 : null);
      // The upper-case port name is reported (and lower-cased).
      expect(r.diagnostics.map((d) => d.code)).toEqual(['invalid-port-name']);
    });
  }

  it('loads a controller without a template, with a warning', () => {
    const r = parseController(yamlDoc('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replicas: 1}\n'), ctx, 'Deployment');
    expect(r.value).toMatchObject({ name: 'x', namespace: 'default', podLabels: {}, ports: [] });
    expect(r.diagnostics[0]).toMatchObject({ code: 'missing-field', severity: 'warning' });
  });

  it('reports a template of the wrong type at its path', () => {
    const r = parseController(yamlDoc('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  template: [1]\n'), ctx, 'Deployment');
    expect(r.diagnostics[0]).toMatchObject({ code: 'invalid-type', line: 5, path: 'spec.template' });
  });
});
