/**
 * steadyLayers.ts: the layer guard and the quiet restyles on fake renderer state, and the
 * stylesheet's `:active` rule on a headless Cytoscape (a press restyles, the style key stays).
 */
import cytoscape from 'cytoscape';
import { describe, expect, it } from 'vitest';
import { CHECK_AT_MOST, guardLayers, quietRestyles, withoutLayers, type LayerCache, type RestyleRenderer, type StyledElement } from './steadyLayers.ts';
import { graphStylesheet } from './stylesheet.ts';

interface FakeElement extends StyledElement {
  readonly _private: { styleKey?: unknown; bbCache?: object | null };
}

const element = (styleKey: unknown): FakeElement => ({ _private: { styleKey, bbCache: { x1: 0, y1: 0, x2: 1, y2: 1 } } });

function cache(): LayerCache & { calls: StyledElement[][] } {
  const calls: StyledElement[][] = [];
  return {
    calls,
    invalidateElements(eles) {
      calls.push(Array.from(eles));
    },
  };
}

describe('guardLayers', () => {
  it('leaves out kept elements that still have their style key and bounds, once', () => {
    const c = cache();
    const a = element(1);
    const b = element(2);
    const g = guardLayers(c);
    g.keep([a]);
    c.invalidateElements([a, b]);
    expect(c.calls).toEqual([[b]]);
    c.invalidateElements([a]);
    expect(c.calls).toEqual([[b], [a]]);
  });

  it('does not call Cytoscape when every element was kept unchanged', () => {
    const c = cache();
    const a = element(1);
    const g = guardLayers(c);
    g.keep([a]);
    c.invalidateElements([a]);
    expect(c.calls).toEqual([]);
  });

  it('invalidates a kept element whose style key or bounds changed since', () => {
    const c = cache();
    const a = element(1);
    const b = element(2);
    const g = guardLayers(c);
    g.keep([a, b]);
    a._private.styleKey = 3;
    b._private.bbCache = { x1: 5, y1: 5, x2: 6, y2: 6 };
    c.invalidateElements([a, b]);
    expect(c.calls).toEqual([[a, b]]);
  });

  it('undo puts Cytoscape’s function back', () => {
    const c = cache();
    const original = c.invalidateElements;
    const g = guardLayers(c);
    expect(c.invalidateElements).not.toBe(original);
    g.undo();
    expect(c.invalidateElements).toBe(original);
  });
});

describe('quietRestyles', () => {
  function renderer(): RestyleRenderer & { told: [string, number][] } {
    const told: [string, number][] = [];
    return {
      told,
      notify(eventName, eles) {
        told.push([eventName, eles?.length ?? 0]);
      },
    };
  }

  it('drops a style notification when the restyle keeps every style key and bounds box, and keeps the elements in the layers', () => {
    const r = renderer();
    const kept: StyledElement[] = [];
    const a = element(1);
    quietRestyles(r, () => undefined, (eles) => kept.push(...Array.from(eles)));
    r.notify?.('style', [a]);
    expect(r.told).toEqual([]);
    expect(kept).toEqual([a]);
  });

  it('passes a restyle that changes one style key on to Cytoscape, with every element', () => {
    const r = renderer();
    const kept: StyledElement[] = [];
    const a = element(1);
    const b = element(2);
    quietRestyles(
      r,
      () => {
        b._private.styleKey = 9;
      },
      (eles) => kept.push(...Array.from(eles)),
    );
    r.notify?.('style', [a, b]);
    expect(r.told).toEqual([['style', 2]]);
    expect(kept).toEqual([]);
  });

  it('passes elements never styled or never measured (a drawing adds them) on without restyling them', () => {
    const r = renderer();
    let restyled = 0;
    quietRestyles(
      r,
      (eles) => {
        restyled += eles.length;
      },
      () => undefined,
    );
    const unmeasured = element(1);
    unmeasured._private.bbCache = null;
    r.notify?.('style', [element(1), element(undefined)]);
    r.notify?.('style', [unmeasured, element(2)]);
    expect(r.told).toEqual([
      ['style', 2],
      ['style', 2],
    ]);
    expect(restyled).toBe(0);
  });

  it('drops a restyle that threw a box away when measuring it again gives the same box (a compound around a pressed app), and passes one whose box moved', () => {
    const r = renderer();
    const kept: StyledElement[] = [];
    const box = element(1);
    const grown = element(2);
    quietRestyles(
      r,
      (eles) => {
        for (let i = 0; i < eles.length; i++) (eles[i] as FakeElement)._private.bbCache = null;
      },
      (eles) => kept.push(...Array.from(eles)),
      (ele) => {
        const b = ele === grown ? { x1: 0, y1: 0, x2: 2, y2: 1 } : { x1: 0, y1: 0, x2: 1, y2: 1 };
        (ele as FakeElement)._private.bbCache = b;
        return b;
      },
    );
    r.notify?.('style', [box]);
    expect(r.told).toEqual([]);
    expect(kept).toEqual([box]);
    r.notify?.('style', [grown]);
    expect(r.told).toEqual([['style', 1]]);
  });

  it('passes a restyle that drops the bounds, other events and big restyles on unchecked', () => {
    const r = renderer();
    let restyled = 0;
    quietRestyles(
      r,
      (eles) => {
        restyled += eles.length;
        for (let i = 0; i < eles.length; i++) (eles[i] as FakeElement)._private.bbCache = eles[i] === dropped ? null : (eles[i] as FakeElement)._private.bbCache;
      },
      () => undefined,
    );
    const dropped = element(1);
    r.notify?.('style', [dropped]);
    r.notify?.('position', [element(1)]);
    r.notify?.('style', Array.from({ length: CHECK_AT_MOST + 1 }, () => element(1)));
    expect(r.told).toEqual([
      ['style', 1],
      ['position', 1],
      ['style', CHECK_AT_MOST + 1],
    ]);
    expect(restyled).toBe(1);
  });
});

describe('the stylesheet’s :active rule', () => {
  function pressed(big: boolean): { before: unknown[]; after: unknown[] } {
    const cy = cytoscape({
      headless: true,
      styleEnabled: true,
      style: graphStylesheet({ big }),
      elements: [
        { data: { id: 'g', label: 'tenant' }, classes: 'k-group' },
        { data: { id: 'a', parent: 'g', label: 'a' }, classes: 'k-workload' },
        { data: { id: 'b', label: 'b' }, classes: 'k-workload' },
        { data: { id: 'e', source: 'a', target: 'b', label: 'TCP/80' }, classes: 'v-allowed' },
      ],
    });
    const keys = (): unknown[] => cy.elements().map((e) => (e as unknown as FakeElement)._private.styleKey);
    const style = cy.style() as unknown as { apply(eles: unknown): void };
    style.apply(cy.elements());
    const before = keys();
    // `activate` (what a press does) is missing from Cytoscape's types.
    for (const id of ['g', 'e']) (cy.getElementById(id) as unknown as { activate(): void }).activate();
    style.apply(cy.elements());
    return { before, after: keys() };
  }

  it('draws a pressed box or path on a big graph as it is (the style key stays)', () => {
    const { before, after } = pressed(true);
    expect(after).toEqual(before);
  });

  it('keeps Cytoscape’s press halo on small graphs', () => {
    const { before, after } = pressed(false);
    expect(after).not.toEqual(before);
  });
});

describe('withoutLayers', () => {
  it('makes the renderer draw without layers (getLayers answers null) until undone', () => {
    const own = (): string[] => ['layers'];
    const cache: { getLayers?: unknown } = { getLayers: own };
    const undo = withoutLayers(cache);
    expect((cache.getLayers as () => unknown)()).toBeNull();
    undo();
    expect(cache.getLayers).toBe(own);
  });

  it('leaves a renderer without a layered cache as it is', () => {
    const cache: { getLayers?: unknown } = {};
    withoutLayers(cache)();
    expect(cache).toEqual({});
  });
});
