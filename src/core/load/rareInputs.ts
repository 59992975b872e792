/**
 * Readers only some inputs need (rareReaders.ts: tar archives and the names of archive members, a
 * sysdump's agent outputs, output for people, kubectl's stderr lines, tier policies, the ICMP rules
 * of Cilium policies, CiliumCIDRGroups), and the cheap checks that
 * say when one is needed. Plain YAML, JSON and Hubble exports need none of them.
 *
 * In the browser they are a chunk of their own (util/lazyModule.ts): the load worker fetches it
 * before it reads an archive (src/workers/loadPipeline.ts looks at a file's first bytes); otherwise
 * the first use counts a miss and throws, and the pipeline fetches the chunk and reads the inputs
 * again. The what-if shells load it before they start. In Node (CLI, tests, benches) it is loaded
 * with this module.
 * @internal
 */
import type * as RareReaders from './rareReaders.ts';
import { inNode, LazyModule } from '../util/lazyModule.ts';

export { isAgentDebugInfo, isAgentEndpoint, isAgentIdentity, isAgentIpEntry, isAgentPolicyWrapper, isKvstoreDump } from './agentShapes.ts';

export const rareReaders = new LazyModule<typeof RareReaders>('the readers of archives, agent outputs and text for people', () => import('./rareReaders.ts'));
if (inNode) await rareReaders.load();

/**
 * Whether `text` may be output for people (textOutputs.ts): every format it recognises starts with
 * an upper-case letter or a digit (a time, TIMESTAMP, a table's NAME column), while YAML as kubectl
 * and editors write it starts with a lower-case key, `---`, `-` or `#`.
 */
export function mayBeTextOutput(text: string): boolean {
  const i = text.search(/\S/);
  return i >= 0 && /[A-Z0-9]/.test(text[i] as string);
}
