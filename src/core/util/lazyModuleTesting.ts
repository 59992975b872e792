/**
 * Tests only: runs `run` with a lazy module forgotten, as a fresh browser page has it before the
 * module's chunk arrived, and puts the module back afterwards whatever happens.
 * @internal
 */
import type { LazyModule } from './lazyModule.ts';

export async function withoutModule<T>(module: LazyModule<unknown>, run: () => Promise<T>): Promise<T> {
  const restore = module.unloadForTests();
  try {
    return await run();
  } finally {
    restore();
  }
}
