import type { AgentConfig, AgentSettingRead, AgentSettingValues, CidrGroup, CiliumEndpointInfo, CiliumIdentityInfo, Cluster, Namespace, Node, Service } from '../model/cluster.ts';
import type { Diagnostic, SourceRef } from '../model/diagnostic.ts';
import type { Policy } from '../model/policy.ts';
import type { InputFile, LoadOptions, LoadResult } from './types.ts';
import type { ParseContext, ParseResult } from './parseTypes.ts';
import { diagnosticAt } from './parseTypes.ts';
import { resolveLimits, type LoadLimits } from './limits.ts';
import { DiagnosticCollector, lineDiagnostic } from './diagnostics.ts';
import type { DecodeProblem } from './decode.ts';
import type { TextSink } from './documentSink.ts';
import { FileState, type FileStateData } from './fileState.ts';
import type { SourceDocument } from './sourceDocument.ts';
import type { TextFacts } from './types.ts';
import { EntryReader, type InputStream } from './pipeline.ts';
import { SourceEntries } from './sourceEntries.ts';
import { detectKind, type Detection, type HubbleOtherName, type InventoryKind, type PolicyKind } from '../k8s/kinds.ts';
import { isObject } from '../k8s/fields.ts';
import { listItems } from '../k8s/List.ts';
import { parseNamespace } from '../k8s/Namespace.ts';
import { parsePod, type PodRecord } from '../k8s/Pod.ts';
import { parseController, type ControllerRecord } from '../k8s/Workload.ts';
import { parseService } from '../k8s/Service.ts';
import { parseNode } from '../k8s/Node.ts';
import { endpointClusterName, parseCiliumEndpoint } from '../k8s/CiliumEndpoint.ts';
import { parseCiliumIdentity } from '../k8s/CiliumIdentity.ts';
import { parseEndpoints, type ServiceBackends } from '../k8s/Endpoints.ts';
import { agentImageOf, agentVersionOf, helmReleaseVersionOf, isCiliumConfigMap, isGkeOverrideConfigMap } from '../k8s/CiliumConfig.ts';
import { resolveWorkloads } from '../k8s/ownerChain.ts';
import { workloadKey } from '../model/cluster.ts';
import { parseCiliumPolicy } from '../cilium/CiliumNetworkPolicy.ts';
import { versionGapsOf } from '../cilium/versionGaps.ts';
import type { VersionGap } from '../model/versionGap.ts';
import { parseFlowRecord } from '../hubble/parseFlow.ts';
import { parseNetworkPolicy } from '../netpol/NetworkPolicy.ts';
import { TIER_POLICY_KINDS, type TierPolicy, type TierPolicyKind } from '../model/tiers.ts';
import { mayNeedRe2 } from '../util/re2.ts';
import { lazyModuleMisses } from '../util/lazyModule.ts';
import { defaultSettings } from '../engine/types.ts';
import type { AgentOutputs } from './agentOutputs.ts';
import { isAgentDebugInfo, isAgentEndpoint, isAgentIdentity, isAgentIpEntry, isAgentPolicyWrapper, isKvstoreDump, rareReaders } from './rareInputs.ts';
import { plural } from '../util/plural.ts';

export type { InputStream };

/** Why Hubble records that are not flows are skipped (node_status and lost_events are counted without a note; lost events get their own warning). */
const HUBBLE_OTHER_REASONS: Partial<Record<HubbleOtherName, string>> = {
  HubbleAgentEvent: 'a Hubble agent event (endpoint, policy, service or IP-cache change the agent reports; the Hubble exporter writes them between flows), not a flow',
  HubbleDebugEvent: 'a Hubble datapath debug event (enabled with debug-verbose=datapath), not a flow',
};

/** Lists inside Lists are legal but never nest deeper than this in practice. */
const MAX_LIST_NESTING = 3;

const APIVERSION_ADVICE =
  'kubectl and the API server reject such an object ("apiVersion not set"), so it never reaches Kubernetes or Cilium and has no effect in a real cluster';

interface Keyed<T> {
  readonly value: T;
  readonly source: SourceRef;
}

/** The loader's maps of inventory objects, by their name in the Loader. */
interface InventoryMaps {
  readonly namespaces: Namespace;
  readonly pods: PodRecord;
  readonly controllers: ControllerRecord;
  readonly services: Service;
  readonly endpoints: CiliumEndpointInfo;
  /** The endpoints of CiliumEndpointSlices, by `ns/name`: those without a CiliumEndpoint join the endpoints in finish(). */
  readonly sliceEndpoints: CiliumEndpointInfo;
  readonly nodes: Node;
  readonly ciliumNodes: Node;
  readonly cidrGroups: CidrGroup;
  readonly identities: CiliumIdentityInfo;
  readonly backends: ServiceBackends;
}
type InventoryMapName = keyof InventoryMaps;

/**
 * One step of a file read by a recording Loader (`Loader.record`), in the order it happened: a
 * diagnostic, or an inventory object parsed (`value` null: the parser refused it) to be placed
 * in its map (`site`: where a duplicate of it is reported, as line, column and field path: the
 * file is the recording's, the document the step's).
 */
type RecordedStep =
  | { readonly diagnostic: Diagnostic }
  | { readonly map: InventoryMapName; readonly kind: string; readonly key: string; readonly value: InventoryMaps[InventoryMapName] | null; readonly source: SourceRef | null; readonly document: number; readonly site: readonly [number, number, string] | null };

/**
 * What a Loader did reading one whole file on another thread (`Loader.record`), for the load's
 * own Loader to take over (`addRecorded`) with exactly the state and diagnostics reading the
 * file itself gives: the file's state before it is closed, and every diagnostic and inventory
 * object in order (the load's Loader checks duplicates and the per-code limits itself). Plain
 * data: it crosses threads as a structured clone.
 * @internal
 */
export interface FileRecording {
  readonly state: FileStateData;
  readonly steps: readonly RecordedStep[];
}

/** A recording Loader's diagnostics: every one, in order, as steps (the load's Loader applies its limits). */
class RecordingCollector extends DiagnosticCollector {
  constructor(private readonly steps: RecordedStep[]) {
    super(Infinity);
  }
  override add(d: Diagnostic): void {
    this.steps.push({ diagnostic: d });
  }
}

/**
 * The loader proper: files are added one by one (whole, or streamed for big Hubble exports),
 * inventory is parsed as it arrives, and policies are parsed in `finish()`, once the cluster name
 * is known (it can come from CiliumEndpoints or flows read after the policies).
 * @public
 */
export class Loader {
  private readonly limits: LoadLimits;
  private readonly diags: DiagnosticCollector;
  private readonly files: FileState[] = [];
  private readonly policyDocs: { file: FileState; doc: SourceDocument; kind: PolicyKind }[] = [];
  private readonly namespaces = new Map<string, Keyed<Namespace>>();
  private readonly controllers = new Map<string, Keyed<ControllerRecord>>();
  private readonly pods = new Map<string, Keyed<PodRecord>>();
  private readonly services = new Map<string, Keyed<Service>>();
  private readonly endpoints = new Map<string, Keyed<CiliumEndpointInfo>>();
  private readonly sliceEndpoints = new Map<string, Keyed<CiliumEndpointInfo>>();
  private readonly nodes = new Map<string, Keyed<Node>>();
  /** CiliumNodes by name: merged into the Nodes in finish(). */
  private readonly ciliumNodes = new Map<string, Keyed<Node>>();
  private readonly cidrGroups = new Map<string, Keyed<CidrGroup>>();
  /** CiliumIdentities by number (zero-padded, so the map sorts numerically). */
  private readonly identities = new Map<string, Keyed<CiliumIdentityInfo>>();
  /** Endpoints and EndpointSlices by `kind/ns/name`. */
  private readonly backends = new Map<string, Keyed<ServiceBackends>>();
  private ciliumConfig: Keyed<AgentConfig> | null = null;
  /** GKE Dataplane V2's cilium-config-emergency-override: its settings win over cilium-config's. */
  private overrideConfig: Keyed<AgentConfig> | null = null;
  private agentVersion: { read: AgentSettingRead; version: string } | null = null;
  private helmVersion: { read: AgentSettingRead; version: string } | null = null;
  /** The cilium DaemonSet's image when its tag names no version (reported in finish() unless Helm says). */
  private unversionedAgent: { doc: SourceDocument; image: string; path: (string | number)[] } | null = null;
  /** The agent's own endpoints and policy rules (bugtool's `cilium-dbg endpoint list -o json`, `policy get`). */
  private agentOutputs: AgentOutputs | null = null;
  private flowRecords = 0;
  private flowClusterName: string | null = null;
  private doneBytes = 0;
  private readonly baseCtx: ParseContext;
  /** The inventory maps by name (a recorded object names its map). */
  private readonly maps: { readonly [K in InventoryMapName]: Map<string, Keyed<InventoryMaps[K]>> } = {
    namespaces: this.namespaces,
    pods: this.pods,
    controllers: this.controllers,
    services: this.services,
    endpoints: this.endpoints,
    sliceEndpoints: this.sliceEndpoints,
    nodes: this.nodes,
    ciliumNodes: this.ciliumNodes,
    cidrGroups: this.cidrGroups,
    identities: this.identities,
    backends: this.backends,
  };
  /**
   * Set in a recording Loader (`record`): its steps, and whether the file did something only the
   * load's Loader may do (`bail`).
   */
  private readonly recorder: { readonly steps: RecordedStep[]; bailed: boolean } | null;

  constructor(
    private readonly options: LoadOptions,
    private totalBytes = 0,
    recording = false,
  ) {
    this.limits = resolveLimits(options.limits);
    this.recorder = recording ? { steps: [], bailed: false } : null;
    this.diags = this.recorder ? new RecordingCollector(this.recorder.steps) : new DiagnosticCollector(this.limits.maxDiagnosticsPerCode);
    this.baseCtx = { defaultNamespace: options.defaultNamespace ?? 'default', clusterName: options.clusterName ?? 'default' };
  }

  /**
   * Reads one whole file as `addScanned` does, for another Loader to take over (`addRecorded`):
   * the two-core load's helper thread reads files this way while the load's thread reads others
   * (src/workers/scanHost.ts). Null when the file holds what only the load's Loader can read in
   * order with the other files: policies (parsed in `finish`, with the cluster's name), flows and
   * Hubble records, agent outputs, cilium-config, the cilium DaemonSet, the Helm release, or text
   * needing a module this thread has not loaded (util/lazyModule.ts).
   */
  static record(name: string, facts: TextFacts, options: Pick<LoadOptions, 'defaultNamespace' | 'limits'>): FileRecording | null {
    const loader = new Loader(options, 0, true);
    const misses = lazyModuleMisses();
    loader.addScanned(name, facts);
    const recorder = loader.recorder as { readonly steps: RecordedStep[]; bailed: boolean };
    if (recorder.bailed || lazyModuleMisses() !== misses) return null;
    return { state: (loader.files[0] as FileState).data(), steps: recorder.steps };
  }

  /**
   * Takes over a file another Loader read (`record`), with the options this one has: the same
   * state, objects and diagnostics as `addScanned` of that file here.
   */
  addRecorded(name: string, recording: FileRecording): void {
    const st = this.openFile(name);
    st.absorb(recording.state);
    this.progress(recording.state.bytes);
    for (const step of recording.steps) {
      if ('diagnostic' in step) this.diags.add(step.diagnostic);
      else {
        const [line, column, path] = step.site ?? [0, 0, ''];
        this.place(st, step.map, step.kind, step.key, step.value, step.source, () => lineDiagnostic(name, step.document, line, column, 'warning', 'duplicate-object', '', path));
      }
    }
    this.closeFile(st);
  }

  /** In a recording Loader: what comes next only the load's Loader may do, so the recording is dropped (true). */
  private bail(): boolean {
    if (this.recorder === null) return false;
    this.recorder.bailed = true;
    return true;
  }

  /** Adds one whole source: the same path as `openSource`, in one chunk. */
  addFile(file: InputFile): void {
    const source = this.openSource(file.name);
    source.push(file.data);
    source.end();
  }

  /**
   * Adds a source chunk by chunk, whatever it is (stage 1 of the pipeline, see pipeline.ts): an
   * archive (.zip, .tar, .tar.gz) is read member by member, each member worth reading as an entry
   * of its own named `<source>/<member>`; gzip is inflated; any other source is one entry (`openStream`).
   */
  openSource(name: string): InputStream {
    return new SourceEntries(name, { open: (n) => this.openStream(n), diagnostic: (d) => this.diags.add(d) }, 0, this.limits);
  }

  /**
   * Adds a whole source already decoded by another thread, with the facts it found in the text
   * (textFacts.ts `textFactsOfBytes`: never an archive or gzip, and text that decoded): the same
   * as `addFile` with its bytes, without the decoding and the scans here.
   */
  addScanned(name: string, facts: TextFacts): void {
    const entry = this.openStream(name, facts);
    entry.push(facts.text);
    entry.end();
  }

  /** Adds one entry chunk by chunk (stage 2): JSON lines are processed as they arrive; other formats are buffered. */
  openStream(name: string, facts: TextFacts | null = null): InputStream {
    const st = this.openFile(name);
    const reader = new EntryReader(
      name,
      this.limits,
      this.sinkFor(st),
      {
        bytes: (n) => {
          st.bytes += n;
          this.progress(n);
        },
        problem: (p) => this.decodeProblem(st, p),
      },
      facts,
    );
    return {
      push: (chunk) => this.guard(st, 0, () => reader.push(chunk)),
      end: () => {
        this.guard(st, 0, () => reader.end());
        this.closeFile(st);
      },
    };
  }

  /** Adds a diagnostic found by a reader (e.g. a gzip stream that ends early). */
  addDiagnostic(d: Diagnostic): void {
    this.diags.add(d);
  }

  /** Records a file that could not be read at all (reader errors: missing path, permission). */
  addUnreadable(name: string, message: string): void {
    const st = this.openFile(name);
    st.unreadable = true;
    this.diags.add(lineDiagnostic(name, -1, 0, 0, 'error', 'read-error', message));
  }

  private openFile(name: string): FileState {
    const st = new FileState(name, this.files.length);
    this.files.push(st);
    return st;
  }

  private progress(n: number): void {
    this.doneBytes += n;
    if (this.doneBytes > this.totalBytes) this.totalBytes = this.doneBytes;
    this.options.onProgress?.(this.doneBytes, this.totalBytes);
  }

  private decodeProblem(st: FileState, p: DecodeProblem): void {
    st.unreadable = true;
    if (p.kind === 'gzip') {
      this.diags.add(lineDiagnostic(st.name, -1, 0, 0, 'error', 'gzip-compressed', 'This file is gzip-compressed and reached the loader undecompressed: nothing in it was loaded. Decompress it first (the CLI and the app do this for files ending in .gz or starting with the gzip magic bytes).'));
    } else {
      this.diags.add(lineDiagnostic(st.name, -1, 0, 0, 'error', 'binary-file', `This is not a text file (${p.reason}, first at byte ${p.offset}): nothing in it was loaded. Inputs are YAML, JSON or JSON lines as kubectl and hubble print them.`));
    }
  }

  /** The agent outputs read so far (agentOutputs.ts, a rare reader: rareInputs.ts), made at the first one. */
  private agent(): AgentOutputs {
    this.bail();
    return (this.agentOutputs ??= new (rareReaders.get().AgentOutputs)());
  }

  /** Runs `fn`; an exception (a bug, never bad input) becomes a diagnostic instead of escaping. */
  private guard(st: FileState, line: number, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.diags.add(lineDiagnostic(st.name, -1, line, 0, 'error', 'internal-error', `netpol-viz failed while reading this part of the file (${e instanceof Error ? e.message : String(e)}): skipped. This is a bug in netpol-viz; please report it.`));
    }
  }

  private sinkFor(st: FileState): TextSink {
    const flowSink = this.options.flowSink;
    const takeText = flowSink?.acceptText?.bind(flowSink);
    return {
      ...(takeText
        ? {
            jsonLineText: (text: string, line: number): boolean => {
              let taken = false;
              this.guard(st, line, () => {
                const r = takeText(st.name, line, text);
                if (r === null) return;
                taken = true;
                this.countFlow(st, r.clusterName, line, r.aggregateFlows ?? null);
              });
              return taken;
            },
          }
        : {}),
      document: (doc) => this.guard(st, 0, () => this.acceptDocument(st, doc, detectKind(doc.value), 0)),
      jsonLine: (value, line, make) =>
        this.guard(st, line, () => {
          const det = detectKind(value);
          if (det.type.kind === 'flow') return this.acceptFlow(st, value, line);
          if (det.type.kind === 'hubbleOther') return this.acceptHubbleOther(st, det.type.name, value, line);
          const doc = make();
          if (!doc) return st.skip('(refused)');
          this.acceptDocument(st, doc, det, 0);
        }),
      diagnostic: (d) => this.diags.add(d),
      documents: (n) => {
        st.documents += n;
      },
      policyRevision: (revision, line) =>
        this.guard(st, line, () => {
          // An agent's repository, even with no rules: only the load's Loader keeps agent outputs.
          if (this.bail()) return;
          this.agent().addRevision(st.name, revision, line);
        }),
    };
  }

  private acceptFlow(st: FileState, value: unknown, line: number): void {
    if (this.bail()) return;
    const sink = this.options.flowSink;
    if (!sink) {
      // No one aggregates these flows (inspect, explain…): still check each line, as the flow
      // sink's aggregator does, so that a broken line is named here too and not counted as loaded.
      const record = parseFlowRecord(value);
      if (record.kind === 'invalid') {
        st.skip('HubbleFlow');
        this.diags.add(lineDiagnostic(st.name, line - 1, line, 0, 'warning', 'invalid-flow-record', `${record.message}; this line is skipped, the rest of the export still loads`, record.path));
        return;
      }
    }
    this.countFlow(st, this.flowClusterName === null ? flowClusterName(value) : null, line, aggregateFlows(value));
    sink?.accept({ file: st.name, line, value });
  }

  /**
   * A flow record met (handed to the flow sink by the caller); `aggregate`: the flows a Hubble
   * exporter's aggregate record stands for (counted as those flows), null for an ordinary flow.
   */
  private countFlow(st: FileState, clusterName: string | null, line: number, aggregate: number | null): void {
    if (this.bail()) return;
    const n = aggregate ?? 1;
    this.flowRecords += n;
    st.count('HubbleFlow', n);
    if (aggregate !== null) {
      if (st.aggregatedRecords === 0) st.aggregatedLine = line;
      st.aggregatedRecords++;
      st.aggregatedFlows += n;
    }
    if (this.flowClusterName === null) this.flowClusterName = clusterName;
  }

  private acceptHubbleOther(st: FileState, name: HubbleOtherName, value: unknown, line: number): void {
    if (this.bail()) return;
    const reason = HUBBLE_OTHER_REASONS[name];
    st.skip(name, reason ? { document: line - 1, line, reason } : undefined);
    if (name === 'HubbleLostEvents' && isObject(value) && isObject(value['lost_events'])) {
      const n = Number(value['lost_events']['num_events_lost'] ?? 0);
      if (Number.isFinite(n)) st.lostEvents += n;
      if (st.lostEventsLine === 0) st.lostEventsLine = line;
    }
  }

  private acceptDocument(st: FileState, doc: SourceDocument, det: Detection, listDepth: number): void {
    if (this.recorder?.bailed) return;
    const t = det.type;
    const line = (): number => doc.position([]).line;
    switch (t.kind) {
      case 'flow':
        return this.acceptFlow(st, doc.value, line());
      case 'hubbleOther':
        return this.acceptHubbleOther(st, t.name, doc.value, line());
      case 'notObject': {
        if (Array.isArray(doc.value) && listDepth === 0 && doc.pathPrefix === '') {
          // A top-level array (`jq -s`, `cilium-dbg … -o json`): each element is a document.
          for (const child of doc.children([], doc.value)) this.acceptDocument(st, child, detectKind(child.value), listDepth + 1);
          return;
        }
        const what = Array.isArray(doc.value) ? 'a list' : typeof doc.value === 'string' ? 'a plain string' : `a ${typeof doc.value}`;
        st.skip('(not an object)');
        this.diags.add(diagnosticAt(doc, [], 'warning', 'not-an-object', `This document is ${what}, not a Kubernetes object or Hubble record: skipped.`));
        return;
      }
      case 'list': {
        if (listDepth >= MAX_LIST_NESTING) {
          st.skip(t.name);
          this.diags.add(diagnosticAt(doc, [], 'error', 'too-deep', `Lists nested more than ${MAX_LIST_NESTING} deep: skipped.`));
          return;
        }
        this.apiVersionWarnings(doc, det, t.name);
        const res = listItems(doc, t.name);
        this.diags.addAll(res.diagnostics);
        const inherited = { kind: t.itemKind, apiVersion: t.itemApiVersion };
        for (const child of doc.children(['items'], res.items)) {
          this.acceptDocument(st, withInheritedKind(child, inherited), detectKind(child.value, inherited), listDepth + 1);
        }
        return;
      }
      case 'policy': {
        if (this.bail()) return;
        // Tier policies are read by a rare reader (rareInputs.ts): asked for now, so a pass without it stops here, not at finish().
        if (isTierPolicyKind(t.name)) rareReaders.get();
        const fixed = this.apiVersionWarnings(doc, det, t.name);
        if (t.name === 'CiliumNetworkPolicy' || t.name === 'CiliumClusterwideNetworkPolicy') this.rejectedByCilium(fixed, t.name);
        this.policyDocs.push({ file: st, doc: fixed, kind: t.name });
        return;
      }
      case 'inventory': {
        const fixed = this.apiVersionWarnings(doc, det, t.name);
        return this.acceptInventory(st, fixed, t.name);
      }
      case 'unknown': {
        if (t.name === 'ConfigMap' && isCiliumConfigMap(doc.value)) return this.acceptCiliumConfig(st, doc, 'cilium-config');
        if (t.name === 'ConfigMap' && isGkeOverrideConfigMap(doc.value)) return this.acceptCiliumConfig(st, doc, 'cilium-config-emergency-override');
        const label = ['Service', 'Node', 'Pod', 'Namespace', 'NetworkPolicy', 'Deployment', 'Job'].includes(t.name) && t.apiVersion ? `${t.name} (${t.apiVersion})` : t.name;
        st.skip(label, { document: doc.index, line: line(), reason: `netpol-viz does not model ${label} objects` });
        return;
      }
      case 'bareRule':
        if (this.bail()) return;
        // A rule of the agent's policy repository (`cilium-dbg policy get`): a cross-check of the
        // loaded policies (agentOutputs.ts), never a policy of its own.
        if (this.agent().addRule(doc)) st.count('AgentPolicyRule');
        else this.repeatedAgentOutput(st, doc, 'AgentPolicyRule', this.agent().repeatedFrom(doc.file, 'rules'), 1);
        return;
      case 'noKind': {
        if (this.bail()) return;
        const ip = isAgentIpEntry(doc.value);
        if (ip || isAgentIdentity(doc.value)) {
          const kind = ip ? 'AgentIpcacheEntry' : 'AgentIdentity';
          const said: Diagnostic[] = [];
          const r = ip ? this.agent().addIpEntry(doc, said) : this.agent().addIdentity(doc);
          this.diags.addAll(said);
          if (r === 'read') st.count(kind);
          else st.skip(kind, { document: doc.index, line: line(), reason: r });
          return;
        }
        if (isAgentEndpoint(doc.value)) {
          if (this.agent().addEndpoint(doc)) st.count('AgentEndpoint');
          else this.repeatedAgentOutput(st, doc, 'AgentEndpoint', this.agent().repeatedFrom(doc.file, 'endpoints'), 1);
          return;
        }
        // The agent's policy repository wrapped (`cilium-dbg policy get -o json`), or its debuginfo (bugtool).
        const wrapped = isAgentPolicyWrapper(doc.value) ? this.agent().addPolicyWrapper(doc) : isAgentDebugInfo(doc.value) ? this.agent().addDebugInfo(doc) : null;
        if (wrapped) {
          if (wrapped.endpoints > 0) st.count('AgentEndpoint', wrapped.endpoints);
          if (wrapped.rules > 0) st.count('AgentPolicyRule', wrapped.rules);
          if (wrapped.repeated) {
            this.repeatedAgentOutput(st, doc, 'AgentEndpoint', wrapped.repeated.from, wrapped.repeated.endpoints);
            this.repeatedAgentOutput(st, doc, 'AgentPolicyRule', wrapped.repeated.from, wrapped.repeated.rules);
          }
          this.diags.addAll(wrapped.diagnostics);
          return;
        }
        if (isKvstoreDump(doc.value)) {
          const kv = this.agent().addKvstore(doc);
          if (kv.identities > 0) st.count('AgentIdentity', kv.identities);
          if (kv.ips > 0) st.count('AgentIpcacheEntry', kv.ips);
          for (const k of kv.skipped) st.skip(k.kind, { document: doc.index, line: k.line, reason: k.reason }, k.n);
          this.diags.addAll(kv.diagnostics);
          return;
        }
        const helm = helmReleaseVersionOf(doc.value);
        if (helm) {
          st.count('HelmRelease');
          this.helmVersion = { version: helm.version, read: { key: 'version', value: helm.value, origin: 'cilium Helm release', source: { file: doc.file, document: doc.index, line: doc.position(helm.path).line } } };
          return;
        }
        st.skip('(no kind)', {
          document: doc.index,
          line: line(),
          reason: isEmptyKvstoreDump(doc) ? 'an empty kvstore dump (nothing under its key prefix)' : det.apiVersion ? 'objects with an apiVersion but no kind (kubectl rejects them: "kind not set")' : 'neither a Kubernetes object (no apiVersion/kind) nor a Hubble record',
        });
        return;
      }
    }
  }

  /** Agent rules or endpoints not read again (the same agent's, read from another of its outputs): counted as skipped, with the reason. */
  private repeatedAgentOutput(st: FileState, doc: SourceDocument, kind: string, from: string | null, n: number): void {
    if (n > 0) st.skip(kind, { document: doc.index, line: doc.position([]).line, reason: rareReaders.get().AgentOutputs.repeatedReason(from ?? 'another file') }, n);
  }

  /**
   * A policy the cluster's Cilium marked invalid: its policy validator writes `status.conditions`
   * `{type: Valid, status: "False", message}` (cilium/cilium's CNP validator, updateCondition)
   * for a policy the agent refuses to import. netpol-viz still reads it as written, and says so.
   */
  private rejectedByCilium(doc: SourceDocument, kind: string): void {
    const v = doc.value;
    const conditions = isObject(v) && isObject(v['status']) ? v['status']['conditions'] : undefined;
    if (!Array.isArray(conditions)) return;
    for (const [i, c] of conditions.entries()) {
      if (!isObject(c) || c['type'] !== 'Valid' || c['status'] !== 'False') continue;
      const why = typeof c['message'] === 'string' && c['message'] !== '' ? `: "${c['message']}"` : '';
      this.diags.add(
        diagnosticAt(doc, ['status', 'conditions', i], 'warning', 'cilium-rejected-policy', `The cluster's Cilium marked this ${kind} invalid (status.conditions Valid=False${why}): the agent does not enforce a policy it cannot import. netpol-viz still reads it as written; its verdicts with this policy are what would happen once it is fixed.`),
      );
    }
  }

  /** Warns about a missing or mis-cased apiVersion; returns the document with the key repaired. */
  private apiVersionWarnings(doc: SourceDocument, det: Detection, kind: string): SourceDocument {
    if (det.apiVersionKey === 'miscased' && det.writtenKey && isObject(doc.value)) {
      this.diags.add(
        diagnosticAt(doc, [det.writtenKey], 'warning', 'apiversion-case', `The key is "${det.writtenKey}", not "apiVersion" (keys are case-sensitive): ${APIVERSION_ADVICE}. netpol-viz loads this ${kind} as if the key were spelled "apiVersion" so you can see what it would do once fixed.`),
      );
      const repaired: Record<string, unknown> = { apiVersion: det.apiVersion };
      for (const [k, v] of Object.entries(doc.value)) if (k !== det.writtenKey) repaired[k] = v;
      return doc.withValue(repaired);
    }
    if (det.apiVersionKey === 'missing' && doc.pathPrefix === '') {
      this.diags.add(diagnosticAt(doc, [], 'warning', 'missing-apiversion', `This ${kind} has no apiVersion: ${APIVERSION_ADVICE}. netpol-viz loads it by its kind.`));
    } else if (det.apiVersion?.startsWith('extensions/')) {
      this.diags.add(diagnosticAt(doc, ['apiVersion'], 'warning', 'deprecated-apiversion', `${det.apiVersion} is no longer served (removed in Kubernetes 1.16-1.22): kubectl apply fails on current clusters. netpol-viz reads it as the current version of ${kind}.`));
    }
    return doc;
  }

  private acceptInventory(st: FileState, doc: SourceDocument, kind: InventoryKind): void {
    const ctx = this.baseCtx;
    const put = <K extends InventoryMapName>(map: K, key: string, res: ParseResult<InventoryMaps[K]>, as: string = kind): void => {
      this.diags.addAll(res.diagnostics);
      const value = res.value;
      const source = value === null ? null : (value.source ?? { file: doc.file, document: doc.index, line: doc.position([]).line });
      const site = (): Diagnostic => diagnosticAt(doc, [], 'warning', 'duplicate-object', '');
      if (this.recorder) {
        const at = value === null ? null : site();
        this.recorder.steps.push({ map, kind: as, key, value, source, document: doc.index, site: at && [at.line, at.column, at.path] });
      } else this.place(st, map, as, key, value, source, site);
    };
    switch (kind) {
      case 'Namespace': {
        const r = parseNamespace(doc, ctx);
        return put('namespaces', r.value?.name ?? '', r);
      }
      case 'Pod': {
        const r = parsePod(doc, ctx);
        return put('pods', r.value ? `${r.value.namespace}/${r.value.name}` : '', r);
      }
      case 'Deployment':
      case 'StatefulSet':
      case 'DaemonSet':
      case 'ReplicaSet':
      case 'Job':
      case 'CronJob': {
        const r = parseController(doc, ctx, kind);
        if (kind === 'DaemonSet') this.acceptAgentVersion(doc);
        return put('controllers', r.value ? workloadKey(r.value.namespace, kind, r.value.name) : '', r);
      }
      case 'Service': {
        const r = parseService(doc, ctx);
        return put('services', r.value ? `${r.value.namespace}/${r.value.name}` : '', r);
      }
      case 'Node': {
        const r = parseNode(doc, ctx);
        return put('nodes', r.value?.name ?? '', r);
      }
      case 'CiliumNode': {
        // A sysdump's ciliumnodes listing: its reader is in the rare readers' chunk, as CiliumCIDRGroup's.
        const r = rareReaders.get().parseCiliumNode(doc, ctx);
        return put('ciliumNodes', r.value?.name ?? '', r);
      }
      case 'CiliumEndpoint': {
        const r = parseCiliumEndpoint(doc, ctx);
        return put('endpoints', r.value ? `${r.value.namespace}/${r.value.name}` : '', r);
      }
      case 'CiliumEndpointSlice': {
        // A rare kind (its reader in the rare chunk, as CiliumCIDRGroup's). Each endpoint placed as a CiliumEndpoint is (its own line, duplicates said), the slice's diagnostics once.
        const r = rareReaders.get().parseCiliumEndpointSlice(doc, ctx);
        if (r.value === null) return put('sliceEndpoints', '', { value: null, diagnostics: r.diagnostics });
        this.diags.addAll(r.diagnostics);
        for (const ep of r.value) put('sliceEndpoints', `${ep.namespace}/${ep.name}`, { value: ep, diagnostics: [] }, 'CiliumEndpoint');
        return;
      }
      case 'CiliumNodeConfig': {
        // Listed with what it sets (rare chunk): per-node settings are not applied.
        const r = rareReaders.get().parseCiliumNodeConfig(doc, ctx);
        this.diags.addAll(r.diagnostics);
        if (r.value === null) st.skip(kind);
        else st.count(kind);
        return;
      }
      case 'CiliumCIDRGroup': {
        // A rare kind: its reader is in the rare readers' chunk (a miss the first time in the browser).
        const r = rareReaders.get().parseCiliumCIDRGroup(doc, ctx);
        return put('cidrGroups', r.value?.name ?? '', r);
      }
      case 'CiliumIdentity': {
        const r = parseCiliumIdentity(doc, ctx);
        return put('identities', r.value ? String(r.value.id).padStart(10, '0') : '', r);
      }
      case 'Endpoints':
      case 'EndpointSlice': {
        const r = parseEndpoints(doc, ctx, kind);
        const name = isObject(doc.value) && isObject(doc.value['metadata']) ? String(doc.value['metadata']['name']) : '';
        return put('backends', r.value ? `${kind}/${r.value.namespace}/${name}` : '', r);
      }
    }
  }

  /**
   * An inventory object read (`value` null: its parser refused it) placed in its map: counted,
   * reported when it defines `key` again (at `site`), the last definition kept.
   */
  private place<K extends InventoryMapName>(st: FileState, map: K, kind: string, key: string, value: InventoryMaps[K] | null, source: SourceRef | null, site: () => Diagnostic): void {
    if (value === null || source === null) {
      st.skip(kind);
      return;
    }
    st.count(kind);
    const m = this.maps[map] as Map<string, Keyed<InventoryMaps[K]>>;
    const prev = m.get(key);
    if (prev) this.diags.add({ ...site(), message: duplicateMessage(kind, key, prev.source) });
    m.set(key, { value, source });
  }

  /** The agent's ConfigMap (or GKE's override of it): its settings become the engine's defaults (finish()). */
  private acceptCiliumConfig(st: FileState, doc: SourceDocument, which: 'cilium-config' | 'cilium-config-emergency-override'): void {
    if (this.bail()) return;
    const r = rareReaders.get().parseCiliumConfig(doc, which);
    this.diags.addAll(r.diagnostics);
    if (r.value === null) return st.skip('ConfigMap');
    st.count('ConfigMap');
    const source = { file: doc.file, document: doc.index, line: doc.position([]).line };
    const had = which === 'cilium-config' ? this.ciliumConfig : this.overrideConfig;
    if (had) this.diags.add(duplicateDiagnostic(doc, 'ConfigMap', which, had.source));
    if (which === 'cilium-config') this.ciliumConfig = { value: r.value, source };
    else this.overrideConfig = { value: r.value, source };
  }

  private acceptAgentVersion(doc: SourceDocument): void {
    const v = agentVersionOf(doc.value);
    // Another DaemonSet than the agent's is an inventory object like any other (a recording keeps it).
    if ((v || agentImageOf(doc.value)) && this.bail()) return;
    if (v) {
      this.agentVersion = { version: v.version, read: { key: 'image', value: v.image, origin: 'cilium DaemonSet', source: { file: doc.file, document: doc.index, line: doc.position(v.path).line } } };
      return;
    }
    const image = agentImageOf(doc.value);
    if (image) this.unversionedAgent = { doc, ...image };
  }

  /**
   * The version the agents report themselves (bugtool debuginfo), the oldest when they differ (an
   * upgrade in progress: a behaviour the older agents lack is not enforced everywhere).
   */
  private reportedVersion(): { read: AgentSettingRead; version: string } | null {
    const all = this.agentOutputs?.versions ?? [];
    const oldest = [...all].sort((a, b) => compareVersions(a.version, b.version))[0];
    if (!oldest) return null;
    return { version: oldest.version, read: { key: 'cilium-version', value: oldest.text, origin: 'cilium agent', source: { file: oldest.file, document: oldest.document, line: oldest.line } } };
  }

  /**
   * cilium-config's settings (GKE's override winning key by key) and the Cilium version, or
   * undefined when none was loaded.
   */
  private agentConfig(): AgentConfig | undefined {
    const base = this.ciliumConfig?.value;
    const over = this.overrideConfig?.value;
    const overKeys = new Set(over?.read.map((r) => r.key) ?? []);
    const cm = base || over ? { ...base, ...over, read: [...(base?.read ?? []).filter((r) => !overKeys.has(r.key)), ...(over?.read ?? [])] } : undefined;
    // What the agent says it runs, then what its DaemonSet runs, then what was installed (the Helm release).
    const v = this.reportedVersion() ?? this.agentVersion ?? this.helmVersion;
    const set = Object.fromEntries(Object.entries(this.options.agentSettings ?? {}).filter(([, x]) => x !== undefined)) as AgentSettingValues;
    const overridden = Object.keys(set) as (keyof AgentSettingValues)[];
    if (!cm && !v && overridden.length === 0) return undefined;
    return { ...cm, ...(v ? { ciliumVersion: v.version } : {}), ...set, read: [...(cm?.read ?? []), ...(v ? [v.read] : [])], ...(overridden.length > 0 ? { overridden } : {}) };
  }

  /**
   * Notes on where the agent's settings and version came from when the inputs disagree
   * (agentNotes.ts, a rare reader): only GKE's override or the agents' own outputs bring them, and
   * reading either loaded the rare readers.
   */
  private agentConfigNotes(): void {
    const reported = this.agentOutputs?.versions ?? [];
    if (!this.overrideConfig && reported.length === 0) return;
    const input = { base: this.ciliumConfig?.value, override: this.overrideConfig, reported, image: this.agentVersion, compareVersions };
    this.diags.addAll(rareReaders.get().agentConfigNotes(input));
  }

  private closeFile(st: FileState): void {
    // A recording Loader's file is closed where it is taken over (`addRecorded`).
    if (this.recorder) return;
    if (!st.unreadable && st.documents === 0) {
      this.diags.add(lineDiagnostic(st.name, -1, 0, 0, 'info', 'empty-file', 'This file contains no documents (empty, or only comments).'));
    }
    for (const [kind, first] of st.skippedFirst) {
      const n = st.skipped[kind] ?? 0;
      const what = kind === '(no kind)' ? 'without a kind' : `of kind ${kind}`;
      this.diags.add(lineDiagnostic(st.name, first.document, first.line, 1, 'info', 'unknown-kind', `${n} document${n === 1 ? '' : 's'} ${what} skipped (first on line ${first.line}): ${first.reason}.`));
    }
    if (st.aggregatedRecords > 0) {
      const r = st.aggregatedRecords;
      this.diags.add(
        lineDiagnostic(st.name, st.aggregatedLine - 1, st.aggregatedLine, 1, 'info', 'hubble-aggregated', `${r === 1 ? '1 record is a Hubble exporter aggregate' : `${plural(r, 'record')} are Hubble exporter aggregates`} (first on line ${st.aggregatedLine}; the exporter's aggregationOptions write one record per group of flows seen in a window, \`aggregate\` counting them by direction): counted as the ${plural(st.aggregatedFlows, 'flow')} ${r === 1 ? 'it stands' : 'they stand'} for, not as ${r}. Each record keeps only the group's aggregation fields and its first flow's details (time, ports, sample).`),
      );
    }
    if (st.lostEvents > 0 || (st.skipped['HubbleLostEvents'] ?? 0) > 0) {
      this.diags.add(lineDiagnostic(st.name, st.lostEventsLine - 1, st.lostEventsLine, 1, 'warning', 'hubble-lost-events', `Hubble reported ${st.lostEvents} lost events while this export was taken: flow counts are incomplete, and a missing flow is no evidence that traffic was denied.`));
    }
  }

  /**
   * Whether a policy waiting for `finish()` may have HTTP rules, whose patterns need re2js
   * (util/re2.ts): a browser caller loads it first (`loadRe2`).
   */
  mayNeedRe2(): boolean {
    return this.policyDocs.some((p) => mayNeedRe2(p.doc.value));
  }

  /** Parses the policies, resolves owner chains and implied namespaces, and returns the Cluster. */
  finish(): LoadResult {
    const agentConfig = this.agentConfig();
    this.agentConfigNotes();
    const u = this.unversionedAgent;
    if (u && !this.agentVersion && !this.helmVersion && (this.agentOutputs?.versions.length ?? 0) === 0 && this.options.ciliumVersion === undefined && this.options.agentSettings?.ciliumVersion === undefined) {
      this.diags.add(
        diagnosticAt(u.doc, u.path, 'warning', 'agent-version-unknown', `The cilium DaemonSet runs ${u.image}, which carries no version tag, and no Helm release metadata (cilium-helm-metadata) was loaded: verdicts follow Cilium ${defaultSettings.ciliumVersion} wherever behaviour changed between versions. Set the version (--cilium-version, or the app's agent settings) if the cluster runs another.`),
      );
    }
    const clusterName = this.options.clusterName ?? agentConfig?.clusterName ?? this.endpointClusterName() ?? this.flowClusterName ?? 'default';
    const ciliumVersion = this.options.ciliumVersion ?? agentConfig?.ciliumVersion;
    const ctx: ParseContext = { ...this.baseCtx, clusterName, ...(ciliumVersion ? { ciliumVersion } : {}), ...nodeSelectorContext(agentConfig) };
    const policies = new Map<string, Keyed<Policy>>();
    const tierPolicies = new Map<string, Keyed<TierPolicy>>();
    // By policy key: a policy defined again keeps the last definition's (as `policies` does).
    const versionGaps = new Map<string, VersionGap[]>();
    for (const { file, doc, kind } of this.policyDocs) {
      if (isTierPolicyKind(kind)) {
        const { parseTierPolicy } = rareReaders.get();
        const res = runParser(doc, kind, () => parseTierPolicy(doc, ctx, kind));
        this.diags.addAll(res.diagnostics);
        if (!res.value) file.skip(kind);
        else {
          file.count(kind);
          const prev = tierPolicies.get(res.value.key);
          if (prev) this.diags.add(duplicateDiagnostic(doc, kind, res.value.key, prev.source));
          tierPolicies.set(res.value.key, { value: res.value, source: res.value.source });
        }
        continue;
      }
      const res = runPolicyParser(doc, ctx, kind);
      this.diags.addAll(res.diagnostics);
      const gaps = versionGapsOf(res, ctx.ciliumVersion, (v) => runPolicyParser(doc, { ...ctx, ciliumVersion: v }, kind));
      const gapKey = gaps[0]?.applied.key;
      if (gapKey !== undefined) versionGaps.set(gapKey, gaps);
      if (!res.value) {
        file.skip(kind);
        continue;
      }
      file.count(kind);
      const prev = policies.get(res.value.key);
      if (prev) this.diags.add(duplicateDiagnostic(doc, kind, res.value.key, prev.source));
      policies.set(res.value.key, { value: res.value, source: res.value.source });
    }
    // CiliumEndpointSlices fill in pods without a CiliumEndpoint, before the agent's do.
    if (this.sliceEndpoints.size > 0) this.diags.addAll(rareReaders.get().mergeSliceEndpoints(this.sliceEndpoints, this.endpoints, this.identities));
    // Before the endpoints are used: the agent's fill in pods without a CiliumEndpoint.
    if (this.agentOutputs) this.diags.addAll(this.agentOutputs.finish(this.endpoints, [...policies.values()].map((k) => ({ ref: k.value.ref, source: k.source }))));
    // The agents' identities name the numbers no CiliumIdentity was loaded for (kvstore mode).
    if (this.agentOutputs) this.diags.addAll(this.agentOutputs.identitiesInto(this.identities));
    const resolved = resolveWorkloads(
      [...this.controllers.values()].map((k) => k.value),
      [...this.pods.values()].map((k) => k.value),
    );
    this.diags.addAll(resolved.diagnostics);
    // The agents' ipcache beside the inventory's pods (conflicts said; the inventory's kept).
    const ipcache = this.agentOutputs?.ipcacheInto(resolved.pods, this.identities, clusterName);
    if (ipcache) this.diags.addAll(ipcache.diagnostics);
    const values = <T>(m: Map<string, Keyed<T>>): T[] => [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v.value);
    // CiliumNodes add the addresses Cilium gives the node's identity that the Nodes lack (rare chunk).
    const nodes = this.ciliumNodes.size === 0 ? null : rareReaders.get().mergeCiliumNodes(values(this.nodes), values(this.ciliumNodes));
    if (nodes) this.diags.addAll(nodes.diagnostics);
    const namespaces = this.impliedNamespaces(policies);
    for (const f of this.files) this.diags.closeFile(f.name);
    const order = new Map(this.files.map((f) => [f.name, f.order]));
    const diagnostics = [...this.diags.all].sort((a, b) => (order.get(a.file) ?? 1e9) - (order.get(b.file) ?? 1e9) || lineOf(a) - lineOf(b));
    const cluster: Cluster = {
      name: clusterName,
      namespaces,
      workloads: resolved.workloads,
      pods: resolved.pods,
      endpoints: values(this.endpoints),
      services: this.servicesWithBackends(values(this.services)),
      nodes: nodes?.nodes ?? values(this.nodes),
      cidrGroups: values(this.cidrGroups),
      ...(this.identities.size > 0 ? { ciliumIdentities: values(this.identities) } : {}),
      ...(ipcache?.entries ? { agentIpcache: ipcache.entries } : {}),
      policies: values(policies),
      ...(tierPolicies.size > 0 ? { tierPolicies: values(tierPolicies) } : {}),
      ...(versionGaps.size > 0 ? { versionGaps: [...versionGaps.values()].flat() } : {}),
      sources: this.files.map((f) => f.summary()),
      diagnostics,
      ...(agentConfig ? { agentConfig } : {}),
    };
    // Flows known only by a numeric identity are named once every identity is read.
    this.options.flowSink?.clusterLoaded?.(cluster);
    return { cluster, flowRecords: this.flowRecords, diagnostics };
  }

  /** Services with the backend addresses their Endpoints/EndpointSlices list. */
  private servicesWithBackends(services: Service[]): Service[] {
    if (this.backends.size === 0) return services;
    const ips = new Map<string, string[]>();
    for (const { value: b } of this.backends.values()) {
      const key = `${b.namespace}/${b.service}`;
      const list = ips.get(key) ?? [];
      for (const ip of b.ips) if (!list.includes(ip)) list.push(ip);
      ips.set(key, list);
    }
    return services.map((s) => {
      const b = ips.get(`${s.namespace}/${s.name}`);
      return b && b.length > 0 ? { ...s, backendIps: b } : s;
    });
  }

  private endpointClusterName(): string | null {
    for (const { value } of this.endpoints.values()) {
      const n = endpointClusterName(value);
      if (n) return n;
    }
    return null;
  }

  /** Loaded namespaces plus those only implied by objects in them (labels unknown). */
  private impliedNamespaces(policies: Map<string, Keyed<Policy>>): Map<string, Namespace> {
    const out = new Map<string, Namespace>();
    for (const [name, { value }] of [...this.namespaces.entries()].sort(([a], [b]) => a.localeCompare(b))) out.set(name, value);
    const users: { ns: string | null; source: SourceRef }[] = [
      ...[...this.pods.values()].map((k) => ({ ns: k.value.namespace, source: k.source })),
      ...[...this.controllers.values()].map((k) => ({ ns: k.value.namespace, source: k.source })),
      ...[...this.services.values()].map((k) => ({ ns: k.value.namespace, source: k.source })),
      ...[...this.endpoints.values()].map((k) => ({ ns: k.value.namespace, source: k.source })),
      ...[...policies.values()].map((k) => ({ ns: k.value.ref.namespace, source: k.source })),
    ];
    const implied = new Map<string, SourceRef>();
    for (const u of users) if (u.ns !== null && !out.has(u.ns) && !implied.has(u.ns)) implied.set(u.ns, u.source);
    for (const [ns, src] of [...implied.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      out.set(ns, { name: ns, labels: {}, annotations: {}, source: null });
      this.diags.add(
        lineDiagnostic(src.file, src.document, src.line, 1, 'info', 'namespace-not-loaded', `Namespace "${ns}" is used here but no Namespace object for it was loaded: its labels are unknown, so namespace-label selectors (NetworkPolicy namespaceSelector, io.cilium.k8s.namespace.labels.*) cannot match it. Load \`kubectl get ns -o yaml\` too.`),
      );
    }
    return out;
  }
}

/**
 * A typed list's item without kind/apiVersion of its own (as the API server and cilium-cli's
 * sysdump write them) gets the list's, so the parsers see the object as it is stored.
 */
/** `{}` in a sysdump's kvstore-<name>.json (isKvstoreDump takes the others): nothing was under that key prefix. */
function isEmptyKvstoreDump(doc: SourceDocument): boolean {
  return isObject(doc.value) && Object.keys(doc.value).length === 0 && /(?:^|\/)kvstore-[a-z]+\.json$/.test(doc.file);
}

function withInheritedKind(doc: SourceDocument, inherited: { kind: string | null; apiVersion: string | null }): SourceDocument {
  const v = doc.value;
  if (inherited.kind === null || !isObject(v) || (typeof v['kind'] === 'string' && v['kind'] !== '')) return doc;
  return doc.withValue({ ...(v['apiVersion'] === undefined && inherited.apiVersion ? { apiVersion: inherited.apiVersion } : {}), ...v, kind: inherited.kind });
}

/** `1.9` before `1.16`. */
function compareVersions(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

function lineOf(d: Diagnostic): number {
  return d.document < 0 ? -1 : d.line;
}

function duplicateDiagnostic(doc: SourceDocument, kind: string, key: string, first: SourceRef): Diagnostic {
  return diagnosticAt(doc, [], 'warning', 'duplicate-object', duplicateMessage(kind, key, first));
}

function duplicateMessage(kind: string, key: string, first: SourceRef): string {
  return `${kind} ${key} is defined again (first in ${first.file} line ${first.line}): kubectl apply keeps only the last definition; so does netpol-viz.`;
}

/** Runs a policy parser; a parser bug becomes a diagnostic, never an exception out of the loader. */
function runPolicyParser(doc: SourceDocument, ctx: ParseContext, kind: PolicyKind): ParseResult<Policy> {
  return runParser(doc, kind, () => (kind === 'NetworkPolicy' ? parseNetworkPolicy(doc, ctx) : parseCiliumPolicy(doc, ctx)));
}

function isTierPolicyKind(kind: PolicyKind): kind is TierPolicyKind {
  return (TIER_POLICY_KINDS as readonly string[]).includes(kind);
}

/**
 * A policy that is an item of a List (`items[2]`): its diagnostics say which policy, `kind
 * namespace/name: …`, as the file, document, line and path alone do not (a List of 300 policies is
 * one document). A policy alone in its document is named by the document: its messages are as they are.
 */
function namedInList<T>(doc: SourceDocument, kind: PolicyKind, res: ParseResult<T>): ParseResult<T> {
  if (doc.pathPrefix === '' || res.diagnostics.length === 0) return res;
  const meta = isObject(doc.value) ? doc.value['metadata'] : undefined;
  const name = isObject(meta) && typeof meta['name'] === 'string' && meta['name'] !== '' ? meta['name'] : null;
  if (name === null) return res;
  const ns = isObject(meta) && typeof meta['namespace'] === 'string' && meta['namespace'] !== '' ? `${meta['namespace']}/` : '';
  const who = `${kind} ${ns}${name}: `;
  return { ...res, diagnostics: res.diagnostics.map((d) => (d.message.startsWith(who) ? d : { ...d, message: who + d.message })) };
}

function runParser<T>(doc: SourceDocument, kind: PolicyKind, parse: () => ParseResult<T>): ParseResult<T> {
  try {
    return namedInList(doc, kind, parse());
  } catch (e) {
    return {
      value: null,
      diagnostics: [diagnosticAt(doc, [], 'error', 'internal-error', `netpol-viz failed to read this ${kind} (${e instanceof Error ? e.message : String(e)}): skipped. This is a bug in netpol-viz; please report it with this document.`)],
    };
  }
}

/**
 * The flows a Hubble exporter's aggregate record stands for (`flow.aggregate`, flow.proto
 * `Aggregate`: ingress, egress and unknown-direction counts), or null for an ordinary flow (also
 * when the counts are unreadable: the flow sink reports the record).
 */
function aggregateFlows(value: unknown): number | null {
  const flow = isObject(value) && isObject(value['flow']) ? value['flow'] : value;
  const a = isObject(flow) ? flow['aggregate'] : undefined;
  if (!isObject(a)) return null;
  let n = 0;
  for (const key of ['ingress_flow_count', 'egress_flow_count', 'unknown_direction_flow_count']) {
    const v = a[key];
    const c = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v === undefined || v === null ? 0 : NaN;
    if (!Number.isInteger(c) || c < 0) return null;
    n += c;
  }
  return n > 0 ? n : null;
}

/** `cluster_name` of a flow's source or destination endpoint (wrapped or bare record). */
function flowClusterName(value: unknown): string | null {
  const flow = isObject(value) && isObject(value['flow']) ? value['flow'] : value;
  if (!isObject(flow)) return null;
  for (const side of ['source', 'destination']) {
    const ep = flow[side];
    if (isObject(ep) && typeof ep['cluster_name'] === 'string' && ep['cluster_name'] !== '') return ep['cluster_name'];
  }
  return null;
}

/**
 * enable-node-selector-labels for the policy parsers: set by hand, else cilium-config's (a
 * cilium-config without the key: the agent's default, off), else unknown (assumed on, with a note).
 */
function nodeSelectorContext(c: AgentConfig | undefined): Pick<ParseContext, 'nodeSelectorLabels' | 'nodeSelectorLabelsFrom'> {
  if (c?.nodeSelectorLabels !== undefined) return { nodeSelectorLabels: c.nodeSelectorLabels, nodeSelectorLabelsFrom: c.overridden?.includes('nodeSelectorLabels') ? 'set' : 'cilium-config' };
  return c?.fromConfigMap ? { nodeSelectorLabels: false, nodeSelectorLabelsFrom: 'cilium-config-default' } : {};
}
