import { describe, it, expect } from 'vitest';
import { matchesFqdnSelector } from './fqdnMatch.ts';

const pat = (p: string, n: string) => matchesFqdnSelector({ matchName: null, matchPattern: p }, n);

describe('C26 matchPattern semantics', () => {
  it('*.github.com: exactly one label', () => {
    expect(pat('*.github.com', 'api.github.com')).toBe(true);
    expect(pat('*.github.com', 'github.com')).toBe(false);
    expect(pat('*.github.com', 'a.b.github.com')).toBe(false);
  });
  it('**.github.com: one or more labels', () => {
    expect(pat('**.github.com', 'a.b.github.com')).toBe(true);
    expect(pat('**.github.com', 'api.github.com')).toBe(true);
    expect(pat('**.github.com', 'github.com')).toBe(false);
  });
  it('*github.com: within one label', () => {
    expect(pat('*github.com', 'github.com')).toBe(true);
    expect(pat('*github.com', 'xgithub.com')).toBe(true);
    expect(pat('*github.com', 'api.github.com')).toBe(false);
    expect(pat('sub*.cilium.io', 'subdomain.cilium.io')).toBe(true);
  });
  it('* matches every name', () => {
    expect(pat('*', 'anything.example.org')).toBe(true);
    expect(pat('*', 'x')).toBe(true);
  });
  it('matchName is case-insensitive and ignores the trailing dot', () => {
    expect(matchesFqdnSelector({ matchName: 'api.github.com', matchPattern: null }, 'API.GitHub.com.')).toBe(true);
    expect(matchesFqdnSelector({ matchName: 'api.github.com', matchPattern: null }, 'github.com')).toBe(false);
  });
});
