import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { fqdnName, matchesFqdnSelector, matchesPattern } from './fqdnMatch.ts';

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

/**
 * Cilium's own cases: pkg/fqdn/matchpattern/matchpattern_test.go (TestAnchoredMatchPatternMatching,
 * names already canonical) and the 1.19 `**.` subdomain wildcard (escapeRegexpCharacters writes
 * dnsWildcardREGroup `([-a-zA-Z0-9_]+([.][-a-zA-Z0-9_]+){0,})[.]` for a leading run of two or
 * more `*` followed by a dot; isDNSWildcard treats `**`, `***.` like `*`).
 */
/**
 * Before Cilium 1.19 (the `**.` multi-level prefix came with cilium/cilium#43420, a 1.19 release
 * highlight) pkg/fqdn/matchpattern only knew `*` alone as match-all and turned every other run of
 * `*` into `[-a-zA-Z0-9_]*` (`escapeRegexpCharacters` of 1.18: one label at most).
 */
describe('matchPattern before Cilium 1.19', () => {
  const legacy = (p: string, n: string) => matchesFqdnSelector({ matchName: null, matchPattern: p }, n, '1.18');
  it('**.github.com matches one label only, like *.github.com', () => {
    expect(legacy('**.github.com', 'api.github.com')).toBe(true);
    expect(legacy('**.github.com', 'a.b.github.com')).toBe(false);
    expect(legacy('**.github.com', 'github.com')).toBe(false);
  });
  it('only a lone * matches every name; ** and *. match single-label names', () => {
    expect(legacy('*', 'a.b.example.org')).toBe(true);
    expect(legacy('**', 'a.b.example.org')).toBe(false);
    expect(legacy('*.', 'a.b.example.org')).toBe(false);
    expect(legacy('**', 'localhost')).toBe(true);
  });
  it('1.19 and later keep the multi-level meaning', () => {
    expect(matchesFqdnSelector({ matchName: null, matchPattern: '**.github.com' }, 'a.b.github.com', '1.19')).toBe(true);
    expect(matchesFqdnSelector({ matchName: null, matchPattern: '**' }, 'a.b.example.org', '1.20')).toBe(true);
  });
});

describe("Cilium's matchpattern_test.go cases", () => {
  const cases: { pattern: string; accept: string[]; reject: string[] }[] = [
    { pattern: 'cilium.io.', accept: ['cilium.io.'], reject: ['anysub.cilium.io.', 'anysub.ci.io.', 'anysub.ciliumandmore.io.'] },
    { pattern: '*.cilium.io.', accept: ['anysub.cilium.io.'], reject: ['cilium.io.', 'anysub.ci.io.', 'anysub.ciliumandmore.io.'] },
    { pattern: '*.ci*.io.', accept: ['anysub.cilium.io.', 'anysub.ci.io.', 'anysub.ciliumandmore.io.'], reject: ['cilium.io.'] },
    { pattern: '*', accept: ['.', 'io.', 'cilium.io.', 'svc.cluster.local.', 'service.namesace.svc.cluster.local.', '_foobar._tcp.cilium.io.'], reject: ['.io.', '.cilium.io.', '.svc.cluster.local.'] },
    { pattern: '.', accept: ['.'], reject: ['.io.', '.cilium.io'] },
    { pattern: '_foobar._tcp.cilium.io.', accept: ['_foobar._tcp.cilium.io.'], reject: ['_tcp.cilium.io.', 'cilium.io.'] },
    { pattern: '*.*.cilium.io.', accept: ['_foobar._tcp.cilium.io.'], reject: ['cilium.io.'] },
    { pattern: '**.cilium.io.', accept: ['a.cilium.io.', 'a.b.cilium.io.', 'a-1.b_2.c.cilium.io.'], reject: ['cilium.io.', '.cilium.io.', 'a..cilium.io.'] },
    { pattern: '***.cilium.io', accept: ['a.b.cilium.io.'], reject: ['cilium.io.'] },
    { pattern: '**.', accept: ['.', 'a.', 'a.b.'], reject: ['.a.'] },
    { pattern: 'a.**.io', accept: ['a.x.io.'], reject: ['a.x.y.io.'] },
  ];
  for (const c of cases)
    it(`${c.pattern}`, () => {
      for (const a of c.accept) expect(matchesPattern(c.pattern, a), a).toBe(true);
      for (const r of c.reject) expect(matchesPattern(c.pattern, r), r).toBe(false);
    });
});

/** The matcher this replaces (JavaScript RegExp built like Cilium's expression; backtracking). */
function backtrackingMatch(pattern: string, name: string): boolean {
  const allowed = '[-a-zA-Z0-9_]';
  let p = pattern.trim().toLowerCase();
  let re: RegExp;
  if (/^[*]+[.]?$/.test(p)) re = new RegExp(`(^(${allowed}+[.])+$)|(^[.]$)`);
  else {
    if (!p.endsWith('.')) p += '.';
    p = p.replace(/\./g, '[.]');
    p = p.replace(/^\*\*+\[\.\]/, `(${allowed}+([.]${allowed}+){0,})[.]`);
    p = p.replace(/(?<!\[-a-zA-Z0-9_\])\*+/g, `${allowed}*`);
    re = new RegExp(`^${p}$`);
  }
  return re.test(fqdnName(name));
}

/** Cilium 1.19's ToAnchoredRegexp(Sanitize(pattern)), run by RE2 (re2js) as Go runs it. */
function ciliumRe2Match(pattern: string, name: string): boolean {
  const allowed = '[-a-zA-Z0-9_]';
  let p = pattern.trim().toLowerCase();
  const wildcard = /^\*+\.?$/.test(p);
  let re: string;
  if (wildcard) re = `(^(${allowed}+[.])+$)|(^[.]$)`;
  else {
    if (!p.endsWith('.')) p += '.';
    let out = '';
    let i = 0;
    let stars = 0;
    while (p[stars] === '*') stars++;
    if (stars >= 2 && p[stars] === '.') {
      out += `(${allowed}+([.]${allowed}+){0,})[.]`;
      i = stars + 1;
    }
    for (; i < p.length; i++) {
      const c = p[i] as string;
      if (c === '.') out += '[.]';
      else if (c === '*') {
        while (p[i + 1] === '*') i++;
        out += `${allowed}*`;
      } else out += c;
    }
    re = `^${out}$`;
  }
  return RE2JS.compile(re).matches(fqdnName(name));
}

describe('linear matcher equals the backtracking one and Cilium-via-RE2 on ordinary inputs (fuzzed)', () => {
  const patternChar = fc.constantFrom('a', 'b', 'x', '-', '_', '1', '.', '*', '*', 'A');
  const nameChar = fc.constantFrom('a', 'b', 'x', '-', '_', '1', '.', '.', 'B');
  const patternArb = fc.oneof(
    fc.array(patternChar, { maxLength: 12 }).map((cs) => cs.join('')),
    fc.array(patternChar, { maxLength: 8 }).map((cs) => `**.${cs.join('')}`),
  );
  const nameArb = fc.array(nameChar, { maxLength: 16 }).map((cs) => cs.join(''));

  it('same verdict as the RegExp matcher it replaces', () => {
    fc.assert(
      fc.property(patternArb, nameArb, (p, n) => {
        expect(matchesPattern(p, n)).toBe(backtrackingMatch(p, n));
      }),
      { numRuns: 4000 },
    );
  });
  it('same verdict as Cilium 1.19 regexp text run by RE2', () => {
    fc.assert(
      fc.property(patternArb, nameArb, (p, n) => {
        expect(matchesPattern(p, n)).toBe(ciliumRe2Match(p, n));
      }),
      { numRuns: 2000 },
    );
  });
  it('names built to match their pattern do match', () => {
    // Replace each * run by a word of label characters: the name must match.
    const arb = fc.tuple(fc.array(fc.constantFrom('a', 'b', '-', '.', '*'), { minLength: 1, maxLength: 12 }), fc.string({ unit: fc.constantFrom('a', 'z', '0', '_'), maxLength: 4 }));
    fc.assert(
      fc.property(arb, ([cs, fill]) => {
        const p = cs.join('');
        if (/^\*+\.?$/.test(p) || /^\*\*+\./.test(p)) return;
        const n = (p.endsWith('.') ? p : `${p}.`).replace(/\*+/g, fill);
        expect(matchesPattern(p, n)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('no backtracking: many stars against a long name that almost matches', () => {
  // With a JavaScript RegExp this takes ~80 ms at 26 characters and doubles with each one more
  // (C(n, 12) ways to place the a's): at 48 characters it would not finish. Here it is a few
  // thousand NFA steps. No timing is asserted (bench: fqdn.pathological.ms); if this test hangs,
  // the matcher backtracks again.
  const pathological = `${'*a'.repeat(12)}*b.com`;
  const name48 = `${'a'.repeat(44)}.com`;
  it('answers for a 48-character name', () => {
    expect(name48).toHaveLength(48);
    expect(matchesPattern(pathological, name48)).toBe(false);
    expect(matchesPattern(pathological, `${'a'.repeat(43)}b.com`)).toBe(true);
  });
  it('answers for names of every length up to 255', () => {
    for (let n = 1; n <= 250; n += 7) expect(matchesPattern(pathological, `${'a'.repeat(n)}.com`)).toBe(false);
    expect(matchesPattern('**.*a*a*a*a*a*a*a*a*a*a*a*a*b', `${'a.'.repeat(120)}aaaa`)).toBe(false);
  });
});
