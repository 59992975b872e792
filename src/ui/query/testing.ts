/**
 * The app-platform fixture loaded and compiled once, for the UI's unit tests (test/fixtures/app-platform).
 * @internal
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compile, type EngineModel } from '../../core/engine/compile.ts';
import { loadInputs } from '../../core/load/loadInputs.ts';
import type { Cluster } from '../../core/model/cluster.ts';
import { appPlatformDir } from '../../../test/paths.ts';

const dir = appPlatformDir;

let cached: { cluster: Cluster; model: EngineModel } | null = null;

export function appPlatform(): { cluster: Cluster; model: EngineModel } {
  if (cached) return cached;
  const files = ['policies.yaml', 'inventory.yaml'].map((n) => ({ name: n, data: readFileSync(path.join(dir, n), 'utf8') }));
  const { cluster } = loadInputs(files, {});
  cached = { cluster, model: compile(cluster) };
  return cached;
}
