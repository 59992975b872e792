import { describe, expect, it } from 'vitest';
import { noFilters } from '../../core/graph/filter.ts';
import { defaultViewState } from '../../core/graph/viewState.ts';
import { defaultUrlViewState, filtersEmpty, readUrlViewState, writeUrlViewState, type UrlViewState } from './urlState.ts';

describe('URL view state', () => {
  it('starts on the demo unless demo=0', () => {
    expect(readUrlViewState('')).toEqual(defaultUrlViewState);
    expect(readUrlViewState('?demo=0').demo).toBe(false);
  });

  it('writes only the parts given and keeps other parameters', () => {
    expect(writeUrlViewState('?other=1', { demo: false })).toBe('?other=1&demo=0');
    expect(writeUrlViewState('?demo=0&other=1', { demo: true })).toBe('?other=1');
    expect(writeUrlViewState('?demo=0&sel=w%3Aa', { query: { from: 'a/b', to: 'c/d', port: '80' } })).toBe('?demo=0&sel=w%3Aa&from=a%2Fb&to=c%2Fd&qport=80');
  });

  it('round-trips view, filters, selection and query', () => {
    const state: UrlViewState = {
      demo: false,
      view: {
        groupingLabel: 'team',
        collapsed: ['g:platform', 'g:t:acme'],
        filters: { groups: ['g:t:acme'], namespaces: ['acme-jobs', 'acme-web'], verdicts: ['default-deny', 'explicit-deny'], protocols: ['TCP', 'UDP'], port: 443, show: 'mismatches', search: 'mail er' },
        customerTenant: 'acme',
      },
      collapsedExplicit: true,
      selected: 'e:w:acme-web/Deployment/frontend|o:world|allowed',
      query: { from: 'acme-jobs/mailer', to: '198.51.100.25', port: '25/TCP' },
      inbox: 'drops',
    };
    expect(readUrlViewState(writeUrlViewState('', state))).toEqual(state);
  });

  it('an empty explicit collapse list survives (the user expanded everything)', () => {
    const s = writeUrlViewState('', { view: defaultViewState, collapsedExplicit: true });
    expect(s).toBe('?collapsed=');
    expect(readUrlViewState(s).collapsedExplicit).toBe(true);
    expect(readUrlViewState('').collapsedExplicit).toBe(false);
  });

  it('default view writes nothing', () => {
    expect(writeUrlViewState('', { view: defaultViewState, collapsedExplicit: false, selected: null, query: null })).toBe('');
  });

  it('ignores what it does not understand', () => {
    const s = readUrlViewState('?verdict=allowed,bogus&proto=TCP,XYZ&port=99999&show=nope&from=a/b');
    expect(s.view.filters).toEqual({ ...noFilters, verdicts: ['allowed'], protocols: ['TCP'] });
    expect(s.query).toBeNull();
  });

  it('keeps the drops inbox\'s tab and the time range (readable UTC minutes) in the link', () => {
    // 2026-11-20 09:00 and 09:01 UTC, as minutes since the epoch (TimeRange's unit).
    const from = Date.UTC(2026, 10, 20, 9, 0) / 60_000;
    const s = writeUrlViewState('', { view: { ...defaultViewState, filters: { ...noFilters, time: { from, to: from + 1 } } }, collapsedExplicit: false, inbox: 'mismatches' });
    expect(decodeURIComponent(s)).toBe('?time=2026-11-20T09:00Z/2026-11-20T09:01Z&inbox=mismatches');
    const back = readUrlViewState(s);
    expect(back.view.filters.time).toEqual({ from, to: from + 1 });
    expect(back.inbox).toBe('mismatches');
    expect(writeUrlViewState(s, { view: defaultViewState, inbox: null })).toBe('');
    // Hand-edited: an unknown tab, a backwards or malformed range are ignored.
    expect(readUrlViewState('?inbox=all').inbox).toBeNull();
    expect(readUrlViewState('?time=2026-11-20T09:01Z/2026-11-20T09:00Z').view.filters.time).toBeUndefined();
    expect(readUrlViewState('?time=yesterday').view.filters.time).toBeUndefined();
    expect(readUrlViewState('?inbox=drops').inbox).toBe('drops');
  });

  it('filtersEmpty', () => {
    expect(filtersEmpty(noFilters)).toBe(true);
    expect(filtersEmpty({ ...noFilters, search: '  ' })).toBe(true);
    expect(filtersEmpty({ ...noFilters, port: 0 })).toBe(false);
  });
});
