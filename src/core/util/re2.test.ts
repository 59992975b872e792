import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../load/loadInputs.ts';
import { Loader } from '../load/loader.ts';
import { demoFile } from '../../../test/paths.ts';
import { mayNeedRe2, re2Error, re2FullMatch, re2Loaded } from './re2.ts';

const http = (path: string): string =>
  [
    'apiVersion: cilium.io/v2',
    'kind: CiliumNetworkPolicy',
    'metadata: {name: api, namespace: shop}',
    'spec:',
    '  endpointSelector: {matchLabels: {app: api}}',
    '  ingress:',
    '  - toPorts:',
    "    - ports: [{port: '8080', protocol: TCP}]",
    `      rules: {http: [{method: GET, path: '${path}'}]}`,
  ].join('\n');

const loaderOf = (text: string): Loader => {
  const loader = new Loader({});
  loader.addFile({ name: 'p.yaml', data: text });
  return loader;
};

describe('re2 (loaded on demand in the browser, with the module in Node)', () => {
  it('is loaded in Node, and matches whole strings in RE2 syntax', () => {
    expect(re2Loaded()).toBe(true);
    expect(re2FullMatch('/api/v[0-9]+/.*', '/api/v2/users')).toBe(true);
    expect(re2FullMatch('/api/v[0-9]+', '/api/v2/users')).toBe(false);
    expect(re2Error('/api/(v1')).toContain('missing closing )');
    expect(re2Error('(?<=a)b')).not.toBeNull();
  });

  it('mayNeedRe2: true for policy documents and model policies with HTTP rules, false without', () => {
    expect(loaderOf(http('/api/.*')).mayNeedRe2()).toBe(true);
    expect(mayNeedRe2(loadInputs([{ name: 'p.yaml', data: http('/api/.*') }]).cluster.policies)).toBe(true);
    // An empty `http: []` filters nothing and is never matched.
    expect(loaderOf(http('x').replace(/http: \[.*\]/, 'http: []')).mayNeedRe2()).toBe(false);
    const demo = ['policies.yaml', 'inventory.yaml'].map((f) => ({ name: f, data: readFileSync(demoFile(f), 'utf8') }));
    const demoLoader = new Loader({});
    for (const f of demo) demoLoader.addFile(f);
    expect(demoLoader.mayNeedRe2()).toBe(false);
    expect(mayNeedRe2(loadInputs(demo).cluster.policies)).toBe(false);
  });
});
