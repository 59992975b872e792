/**
 * Path queries' answers for addresses only an agent's ipcache knows (ipcachePeer.ts): in the
 * browser a chunk of its own, fetched only for a cluster that holds an ipcache (cluster.agentIpcache)
 * before its model answers a query: by the page before it compiles one (ui/state/engineTasks.ts), by
 * the load worker before it analyses one (workers/loadPipeline.ts readLoad), by the what-if shells
 * as they start. In Node (CLI, tests, benches) loaded with this module.
 * @internal
 */
import type * as IpcachePeer from './ipcachePeer.ts';
import { inNode, LazyModule } from '../util/lazyModule.ts';

export const ipcacheCode = new LazyModule<typeof IpcachePeer>('ipcachePeer', () => import('./ipcachePeer.ts'));
if (inNode) await ipcacheCode.load();
