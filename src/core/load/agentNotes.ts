/**
 * Notes on where the agent's settings and version came from when the inputs disagree: GKE's
 * cilium-config-emergency-override, agents reporting different versions, agents running another
 * version than their DaemonSet's image. Only a sysdump's agent outputs or GKE's override bring
 * these, and both are read by the rare readers, so this is among them (rareReaders.ts); the loader
 * calls it only when one of them was read (the chunk is loaded then).
 * @internal
 */
import type { AgentConfig, AgentSettingRead } from '../model/cluster.ts';
import type { Diagnostic, SourceRef } from '../model/diagnostic.ts';
import type { ReportedVersion } from './agentOutputs.ts';
import { lineDiagnostic } from './diagnostics.ts';

export interface AgentNotesInput {
  /** cilium-config as read, if it was. */
  readonly base: AgentConfig | undefined;
  /** GKE's override, if it was read, and where. */
  readonly override: { readonly value: AgentConfig; readonly source: SourceRef } | null;
  /** The versions the agents report (sysdump), in the order read. */
  readonly reported: readonly ReportedVersion[];
  /** The version of the cilium DaemonSet's image, if it carries one. */
  readonly image: { readonly read: AgentSettingRead; readonly version: string } | null;
  readonly compareVersions: (a: string, b: string) => number;
}

export function agentConfigNotes({ base, override: over, reported, image, compareVersions }: AgentNotesInput): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (over) {
    const read = base?.read ?? [];
    const changes = over.value.read.map((r) => {
      const was = read.find((b) => b.key === r.key);
      return `${r.key}=${r.value}${was ? ` (cilium-config: ${was.value})` : ''}`;
    });
    out.push(
      lineDiagnostic(over.source.file, over.source.document, over.source.line, 1, 'info', 'agent-config-override', `GKE Dataplane V2's cilium-config-emergency-override ${changes.length === 0 ? 'sets none of the agent settings netpol-viz models' : `sets ${changes.join(', ')}: it wins over cilium-config, so the verdicts use it`}.`),
    );
  }
  const distinct = [...new Set(reported.map((r) => r.version))].sort(compareVersions);
  const first = reported[0];
  if (first && distinct.length > 1) {
    const which = distinct.map((v) => `${v} (${reported.filter((r) => r.version === v).length} agents)`).join(', ');
    out.push(lineDiagnostic(first.file, first.document, first.line, 1, 'warning', 'agent-versions-differ', `The Cilium agents run different versions: ${which}, an upgrade in progress? Verdicts follow the oldest, ${distinct[0]}, wherever behaviour changed between versions: what only the newer agents do is not enforced everywhere.`));
  }
  if (first && image && distinct.length > 0 && !distinct.includes(image.version)) {
    const s = image.read.source;
    out.push(lineDiagnostic(s.file, s.document, s.line, 1, 'warning', 'agent-version-differs', `The cilium DaemonSet's image (${image.read.value}) says Cilium ${image.version}, but the agents report ${distinct.join(', ')} (cilium-dbg debuginfo): the pods run another version than the DaemonSet asks for (a rollout not finished, or a patched image tag). Verdicts follow what the agents report.`));
  }
  return out;
}
