import { describe, expect, it } from 'vitest';
import { closedDock, dockReducer, type DockState } from './dock.ts';

describe('dockReducer', () => {
  it('toggles one panel at a time', () => {
    let s = dockReducer(closedDock, { type: 'toggle', panel: 'sources' });
    expect(s).toEqual({ open: 'sources', back: null });
    s = dockReducer(s, { type: 'toggle', panel: 'diagnostics' });
    expect(s).toEqual({ open: 'diagnostics', back: null });
    expect(dockReducer(s, { type: 'toggle', panel: 'diagnostics' })).toEqual(closedDock);
  });

  it('remembers the panel a revealed one was opened from, and goes back to it', () => {
    const list: DockState = { open: 'workloads', back: null };
    const details = dockReducer(list, { type: 'reveal', panel: 'details' });
    expect(details).toEqual({ open: 'details', back: 'workloads' });
    // Revealing what is shown changes nothing (the way back stays).
    expect(dockReducer(details, { type: 'reveal', panel: 'details' })).toBe(details);
    expect(dockReducer(details, { type: 'back' })).toEqual(list);
    expect(dockReducer({ open: 'details', back: null }, { type: 'back' })).toEqual(closedDock);
  });

  it('does not reveal over a panel that answers for itself', () => {
    const whatIf: DockState = { open: 'whatif', back: null };
    expect(dockReducer(whatIf, { type: 'reveal', panel: 'details', unless: ['whatif'] })).toBe(whatIf);
    expect(dockReducer(closedDock, { type: 'reveal', panel: 'details', unless: ['whatif'] })).toEqual({ open: 'details', back: null });
  });

  it('closes a named panel only when it is the one shown', () => {
    const s: DockState = { open: 'sources', back: null };
    expect(dockReducer(s, { type: 'close', panel: 'whatif' })).toBe(s);
    expect(dockReducer(s, { type: 'close', panel: 'sources' })).toEqual(closedDock);
    expect(dockReducer(s, { type: 'close' })).toEqual(closedDock);
  });
});
