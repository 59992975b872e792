import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../core/engine/compile.ts';
import { decide } from '../core/engine/decide.ts';
import { needsTierWords, tierWords } from '../core/engine/tierWordsCode.ts';
import { peerEndpoint } from '../core/engine/testing.ts';
import { tierPlatformFiles } from '../core/engine/tierPlatform.fixture.ts';
import { LazyModuleNotLoaded } from '../core/util/lazyModule.ts';
import { compileTask } from '../ui/state/engineTasks.ts';
import { analyseLoad, readLoad } from './loadPipeline.ts';
import type { LoadSource } from './protocol.ts';
import { appPlatformFile, tierPlatformDir } from '../../test/paths.ts';
import { withoutModule } from '../core/util/lazyModuleTesting.ts';

/**
 * The engine's words for tier policies (core/engine/tierWords.ts) are a chunk of their own in
 * the browser: whoever compiles a model of a cluster that needs it loads it first.
 * Here it is unloaded (as a page starts) and each path must fetch it before the engine runs.
 */
const files = (dir: (f: string) => string, names: readonly string[]): LoadSource[] =>
  names.map((name) => ({ kind: 'file', name, file: new Blob([readFileSync(dir(name), 'utf8')]) }));
const tierSources = (): LoadSource[] => files((f) => path.join(tierPlatformDir, f), tierPlatformFiles);
const SMTP = 'Admin tier, priority 10, rule `deny-smtp`: Deny';

function smtp(cluster: Parameters<typeof compile>[0]) {
  const model = compile(cluster, { ciliumVersion: '1.20' });
  return decide(model, { from: peerEndpoint(model, 'acme-web/frontend'), to: peerEndpoint(model, '203.0.113.10'), port: 25, protocol: 'TCP' });
}

const withoutIt = <T>(run: () => Promise<T>): Promise<T> => withoutModule(tierWords, run);

describe("the tiers' words, code only clusters with tier policies need (tierWordsCode.ts)", () => {
  it('is needed for tier policies, not for the app-platform fixture (nor the demo: bench bundle)', async () => {
    const tiers = await readLoad(tierSources(), {}, () => {});
    const plain = await readLoad(files(appPlatformFile, ['policies.yaml', 'inventory.yaml']), {}, () => {});
    expect(needsTierWords(tiers.cluster)).toBe(true);
    expect(needsTierWords(plain.cluster)).toBe(false);
  });

  it('a decision a tier rule makes needs it: without it the engine throws, it does not answer otherwise', async () => {
    const read = await readLoad(tierSources(), {}, () => {});
    await withoutIt(async () => {
      expect(() => smtp(read.cluster)).toThrow(LazyModuleNotLoaded);
    });
    expect(smtp(read.cluster).egress.text).toContain(SMTP);
  });

  it('the load pipeline fetches it before its analysis: the same analysis as with it loaded', async () => {
    const withIt = analyseLoad(await readLoad(tierSources(), {}, () => {}), undefined, false).analysis;
    expect(withIt.engineError).toBeNull();
    await withoutIt(async () => {
      const read = await readLoad(tierSources(), {}, () => {});
      expect(tierWords.loaded()).toBe(true);
      const analysis = analyseLoad(read, undefined, false).analysis;
      expect(analysis.engineError).toBeNull();
      expect(analysis.connectivity).toEqual(withIt.connectivity);
    });
  });

  it('a load that does not need it leaves it unfetched', async () => {
    await withoutIt(async () => {
      const read = await readLoad(files(appPlatformFile, ['policies.yaml', 'inventory.yaml']), {}, () => {});
      expect(tierWords.loaded()).toBe(false);
      expect(analyseLoad(read, undefined, false).analysis.engineError).toBeNull();
    });
  });

  it("the page's compile task fetches it before it compiles a model that needs it", async () => {
    const read = await readLoad(tierSources(), {}, () => {});
    await withoutIt(async () => {
      await compileTask(read.cluster);
      expect(tierWords.loaded()).toBe(true);
      expect(smtp(read.cluster).egress.text).toContain(SMTP);
    });
  });
});
