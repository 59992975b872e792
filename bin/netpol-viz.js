#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (a runtime dependency), so `npx netpol-viz` works right
// after `npm ci` without a build step.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

register();
const here = dirname(fileURLToPath(import.meta.url));
const { runFromProcess } = await import(join(here, '..', 'src', 'cli', 'main.ts'));
await runFromProcess();
