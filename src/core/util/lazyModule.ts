/**
 * Code the load pipeline needs only for some inputs (the careful YAML parser, the archive
 * decompressor): in the browser a chunk of its own, fetched only when a load needs it; in Node
 * (CLI, tests, benches) loaded with the module that declares it (top-level await there).
 *
 * The loader is synchronous: `get()` before the module is loaded counts a miss and throws. The
 * load pipeline (src/workers/loadPipeline.ts) sees the miss, stops reading, loads what missed
 * (`loadMissed`) and reads the inputs again from the start, with exactly the result a load with
 * the module from the start gives.
 * @internal
 */

/** Thrown by `LazyModule.get()` before the module is loaded. */
export class LazyModuleNotLoaded extends Error {
  constructor(what: string) {
    super(`netpol-viz: ${what} is needed but not loaded yet (the load reads its inputs again once it is)`);
  }
}

let misses = 0;
/** Modules used before they were loaded. */
const missed = new Set<LazyModule<unknown>>();

export class LazyModule<T> {
  private lib: T | null = null;
  private loading: Promise<void> | null = null;

  constructor(
    /** What it is, for the error text. */
    readonly what: string,
    private readonly importer: () => Promise<T>,
  ) {}

  /** Loads the module (once); resolves when `get()` answers. */
  load(): Promise<void> {
    this.loading ??= this.importer().then((m) => {
      this.lib = m;
    });
    return this.loading;
  }

  loaded(): boolean {
    return this.lib !== null;
  }

  /** The module; throws `LazyModuleNotLoaded` (and counts a miss) before `load()` resolved. */
  get(): T {
    if (this.lib !== null) return this.lib;
    misses++;
    missed.add(this as LazyModule<unknown>);
    throw new LazyModuleNotLoaded(this.what);
  }

  /**
   * Tests only: forgets the loaded module, as a browser page starts; returns a function that
   * puts it back.
   */
  unloadForTests(): () => void {
    const was = this.lib;
    this.lib = null;
    this.loading = null;
    return () => {
      this.lib = was;
      this.loading = was === null ? null : Promise.resolve();
    };
  }
}

/** How many times a lazy module was used before it was loaded (only grows). */
export function lazyModuleMisses(): number {
  return misses;
}

/** Loads every lazy module that was used before it was loaded. */
export async function loadMissedModules(): Promise<void> {
  await Promise.all([...missed].map((m) => m.load()));
}

/** Whether this runs in Node, where there is no bundle to keep small (modules load at once). */
export const inNode = typeof globalThis.process?.versions?.node === 'string';
