import { compile } from '../engine/compile.ts';
import { defaultSettings, type EngineSettings } from '../engine/types.ts';
import { tiersNotApplied } from '../engine/tierWords.ts';
import { loadInputs } from '../load/loadInputs.ts';
import type { InputFile, LoadResult } from '../load/types.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import { enforcedTierRules } from '../engine/tiers.ts';
import { buildConnlist } from './connlist.ts';
import { engineOracle } from './engineOracle.ts';
import type { Connlist } from './format.ts';
import { clusterForHostNetwork, hostNetworkWorkloads, type HostNetworkMode } from './hostNetwork.ts';
import { ingressBackendsFromTexts, type IngressBackend } from './ingressObjects.ts';

/**
 * Loaded inputs → connlist: compile the engine and ask it about every pair. Shared by
 * `netpol-viz connlist` and the conformance runner so both exercise the same path.
 * @public
 */
export interface ConnlistRun {
  readonly list: Connlist;
  readonly diagnostics: readonly Diagnostic[];
  /** Where our (Cilium) answer may differ from netpol-analyzer's (Kubernetes) one for these inputs. */
  readonly notes: readonly string[];
  /** `ns/name` of the loaded hostNetwork workloads: the pairs where the two modes can differ. */
  readonly hostNetworkWorkloads: readonly string[];
}

export interface ConnlistRunOptions {
  /** Keep only connections with a workload of this namespace at one end. */
  readonly namespace?: string;
  readonly settings?: Partial<EngineSettings>;
  /**
   * hostNetwork pods as Cilium sees them (`node`, default: their node, no pod policy) or as
   * netpol-analyzer does (`pod`: ordinary pods). See hostNetwork.ts.
   */
  readonly hostNetwork?: HostNetworkMode;
  /** Routes/Ingresses (the loader does not keep them yet; see ingressObjects.ts). */
  readonly ingressBackends?: readonly IngressBackend[];
}

export function connlistFromLoad(loaded: LoadResult, options: ConnlistRunOptions = {}): ConnlistRun {
  const mode = options.hostNetwork ?? 'node';
  // The engine stays Cilium-only: netpol-analyzer's modelling is a transform of its input.
  const cluster = clusterForHostNetwork(loaded.cluster, mode);
  const model = compile(cluster, options.settings ?? {});
  const list = buildConnlist(cluster, engineOracle(model), {
    ingressBackends: options.ingressBackends ?? [],
    tierEntries: enforcedTierRules(model).map((r) => r.entry),
    ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
  });
  const notes: string[] = [];
  const names = hostNetworkWorkloads(loaded.cluster);
  if (names.length > 0) {
    const which = `${names.length} hostNetwork workload(s) (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})`;
    notes.push(
      mode === 'node'
        ? `${which} are their node to Cilium: no pod policy applies to them and their traffic carries the host/remote-node identity ` +
            '(netpol-analyzer treats them as ordinary pods; --host-network pod analyses them that way)'
        : `${which} analysed as ordinary pods (--host-network pod, netpol-analyzer's modelling): Cilium applies no pod policy to them ` +
            'and gives their traffic the host/remote-node identity (the default --host-network node shows what Cilium enforces)',
    );
  }
  const tiers = cluster.tierPolicies ?? [];
  if (tiers.length > 0) notes.push(...tiersNotApplied(tiers, { ...defaultSettings, ...(options.settings ?? {}) }));
  return { list, diagnostics: loaded.diagnostics, notes, hostNetworkWorkloads: names };
}

const decoder = new TextDecoder();
const isGzip = (b: Uint8Array): boolean => b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;

/** Whole-file inputs (tests, conformance, the app): load them and build the connlist. */
export function connlistFromInputs(inputs: readonly InputFile[], options: Omit<ConnlistRunOptions, 'ingressBackends'> = {}): ConnlistRun {
  // gzip inputs are not searched for Routes/Ingresses (the loader decompresses; this stop-gap does not).
  const texts = inputs.flatMap((f) => (typeof f.data === 'string' ? [f.data] : isGzip(f.data) ? [] : [decoder.decode(f.data)]));
  return connlistFromLoad(loadInputs(inputs), { ...options, ingressBackends: ingressBackendsFromTexts(texts) });
}
