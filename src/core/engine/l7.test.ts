import { describe, expect, it } from 'vitest';
import { httpRuleMatches } from './l7.ts';

const get = (path: string, method = 'GET', host?: string) => ({ kind: 'http' as const, method, path, ...(host !== undefined ? { host } : {}) });

describe('HTTP rules are matched as Envoy matches them: RE2, whole string, linear time', () => {
  it('full-string match of path, method and host', () => {
    expect(httpRuleMatches({ method: 'GET', path: '/public' }, get('/public'))).toBe(true);
    expect(httpRuleMatches({ method: 'GET', path: '/public' }, get('/public/x'))).toBe(false);
    expect(httpRuleMatches({ path: '/public/.*' }, get('/public/x/y'))).toBe(true);
    expect(httpRuleMatches({ method: 'GET|HEAD' }, get('/', 'HEAD'))).toBe(true);
    expect(httpRuleMatches({ method: 'GET|HEAD' }, get('/', 'GETX'))).toBe(false);
    expect(httpRuleMatches({ host: 'api[.]example[.]com' }, get('/', 'GET', 'api.example.com'))).toBe(true);
    expect(httpRuleMatches({ host: 'api[.]example[.]com' }, get('/'))).toBe(false);
  });
  it('RE2 syntax JavaScript lacks: inline flags', () => {
    // `(?i)` is RE2 (Go, Envoy) syntax; a JavaScript RegExp throws on it, so it used to match nothing.
    expect(httpRuleMatches({ method: '(?i)get' }, get('/', 'GET'))).toBe(true);
    expect(httpRuleMatches({ path: '(?i)/PUBLIC' }, get('/public'))).toBe(true);
  });
  it('a pattern RE2 cannot compile matches no request', () => {
    expect(httpRuleMatches({ host: '*.example.com' }, get('/', 'GET', 'a.example.com'))).toBe(false);
  });
  it('nested quantifiers do not backtrack (a JavaScript RegExp would not return here)', () => {
    const long = `/${'a'.repeat(5000)}`;
    expect(httpRuleMatches({ path: '/(a*)*b' }, get(long))).toBe(false);
    expect(httpRuleMatches({ path: '/(a|aa)*c' }, get(`/${'a'.repeat(200)}`))).toBe(false);
    expect(httpRuleMatches({ path: '/(a*)*' }, get(long))).toBe(true);
  });
});
