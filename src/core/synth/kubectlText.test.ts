import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parse } from 'yaml';
import { kubectlList, toKubectlJson, toKubectlYaml, type JsonValue } from './kubectlText.ts';

describe('toKubectlYaml', () => {
  it('prints sorted keys, compact sequences and quotes only ambiguous strings, like kubectl', () => {
    const text = toKubectlYaml(
      kubectlList([
        { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'acme-web', labels: { tenant: 'acme' } } },
        { kind: 'X', apiVersion: 'v1', spec: { ports: [{ port: '53', protocol: 'UDP' }], dns: [{ matchPattern: '*' }], empty: {}, none: [], t: null } },
      ]),
    );
    expect(text).toBe(
      [
        'apiVersion: v1',
        'items:',
        '- apiVersion: v1',
        '  kind: Namespace',
        '  metadata:',
        '    labels:',
        '      tenant: acme',
        '    name: acme-web',
        '- apiVersion: v1',
        '  kind: X',
        '  spec:',
        '    dns:',
        '    - matchPattern: "*"',
        '    empty: {}',
        '    none: []',
        '    ports:',
        '    - port: "53"',
        '      protocol: UDP',
        '    t: null',
        'kind: List',
        'metadata:',
        '  resourceVersion: ""',
        '',
      ].join('\n'),
    );
  });

  it('keeps strings that look like other scalars as strings', () => {
    const tricky = ['true', 'no', 'on', 'null', '~', '1.19', '0x1f', '1e3', '.inf', '2026-10-01T08:00:00Z', '12:30', 'a: b', '#c', '- x', 'x:', '', ' pad', 'k8s:app', '0.0.0.0/0', '25%'];
    const value: JsonValue = Object.fromEntries(tricky.map((s, i) => [`k${i}`, s]));
    expect(parse(toKubectlYaml(value))).toEqual(value);
  });

  it('round-trips any JSON value through the yaml parser', () => {
    const json = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.parse(JSON.stringify(v)) as JsonValue);
    fc.assert(
      fc.property(json, (v) => {
        // -0 has no YAML spelling distinct from 0; JSON drops it too.
        expect(parse(toKubectlYaml(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('toKubectlJson', () => {
  it('indents by four spaces as kubectl does', () => {
    expect(toKubectlJson({ a: [1] })).toBe('{\n    "a": [\n        1\n    ]\n}\n');
  });
});
