import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadInputs, Loader } from './loadInputs.ts';
import { kubectlMessageKind, stripTrailingMessages } from './kubectlMessages.ts';
import { realWorldFile } from '../../../test/paths.ts';

describe('kubectl stderr lines saved with the output (2>&1)', () => {
  it('YAML: klog and Warning lines before the List, an error after it: skipped with notes, every object loads on its own line', () => {
    const name = 'kubectl-2to1-warnings.yaml';
    const r = loadInputs([{ name, data: readFileSync(realWorldFile(name)) }]);
    expect(r.cluster.policies.map((p) => p.key).sort()).toEqual(['NetworkPolicy/shop/deny-all', 'CiliumNetworkPolicy/shop/web-ingress'].sort());
    expect(r.cluster.policies.find((p) => p.ref.name === 'web-ingress')?.source?.line).toBe(6);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const note = r.diagnostics.find((d) => d.code === 'kubectl-message');
    expect(note).toMatchObject({ file: name, line: 2, severity: 'info' });
    expect(note?.message).toContain('2 lines (first on line 2)');
    const err = r.diagnostics.find((d) => d.code === 'kubectl-error' && d.line === 1);
    expect(err?.message).toContain('memcache.go');
    const forbidden = r.diagnostics.find((d) => d.code === 'kubectl-error' && d.line === 31);
    expect(forbidden?.severity).toBe('warning');
    expect(forbidden?.message).toContain('Error from server (Forbidden)');
    expect(r.cluster.sources[0]?.skipped).toEqual({});
  });

  it('JSON: a Warning line before the object is skipped, lines keep their numbers', () => {
    const name = 'kubectl-2to1-warning.json';
    const r = loadInputs([{ name, data: readFileSync(realWorldFile(name)) }]);
    expect(r.cluster.policies.map((p) => p.key)).toEqual(['NetworkPolicy/shop/deny-all']);
    expect(r.cluster.policies[0]?.source?.line).toBe(5);
    expect(r.diagnostics.filter((d) => d.code.startsWith('kubectl')).map((d) => [d.code, d.line])).toEqual([['kubectl-message', 1]]);
  });

  it('streamed in small chunks, the same', () => {
    const name = 'kubectl-2to1-warnings.yaml';
    const text = readFileSync(realWorldFile(name), 'utf8');
    const loader = new Loader({});
    const s = loader.openStream(name);
    for (let i = 0; i < text.length; i += 7) s.push(text.slice(i, i + 7));
    s.end();
    const r = loader.finish();
    expect(r.cluster.policies).toHaveLength(2);
    expect(r.diagnostics.map((d) => d.code).filter((c) => c.startsWith('kubectl')).sort()).toEqual(['kubectl-error', 'kubectl-error', 'kubectl-message']);
  });

  it('a file of messages only loads nothing and says why', () => {
    const r = loadInputs([{ name: 'f.yaml', data: 'error: the server doesn\'t have a resource type "cnp"\n' }]);
    expect(r.diagnostics.map((d) => d.code).sort()).toEqual(['empty-file', 'kubectl-error']);
  });

  it('leaves YAML and Hubble lines that only look alike alone', () => {
    expect(kubectlMessageKind('Warning: x')).toBe('warning');
    expect(kubectlMessageKind('Warning:x')).toBeNull();
    expect(kubectlMessageKind('error: the server doesn\'t have a resource type "cnp"')).toBe('error');
    expect(kubectlMessageKind('errors: 3')).toBeNull();
    expect(kubectlMessageKind('W1206 10:15:00.123456    7 warnings.go:70] v1 ComponentStatus is deprecated')).toBe('log');
    expect(kubectlMessageKind('I1206 10:15:00 x')).toBeNull();
    // A YAML document whose first key is `error` is a document, not a message.
    const r = loadInputs([{ name: 'f.yaml', data: 'error:\n  code: 3\n' }]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['unknown-kind']);
    expect(stripTrailingMessages('kind: List\nitems: []\n').messages).toEqual([]);
  });
});
