/**
 * The readers only some inputs need, gathered into one module so the browser fetches them as one
 * chunk, only when an input needs one (rareInputs.ts says when): archive members (tar.ts,
 * inputNames.ts), the Cilium agent's own outputs from a sysdump (agentOutputs.ts, and the notes
 * when they or GKE's override disagree with the other inputs: agentNotes.ts), output for
 * people (textOutputs.ts), kubectl's stderr lines (kubectlMessages.ts) and the alpha
 * network-policy-api kinds (ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy:
 * tiers/parse.ts), and the agent's
 * cilium-config ConfigMap (k8s/CiliumConfigMap.ts), the checks of gzip streams' trailers
 * (gzipMembers.ts), the ICMP rules of Cilium policies (cilium/icmp.ts, with the type names) and CiliumCIDRGroup
 * objects (k8s/CiliumCIDRGroup.ts), CiliumEndpointSlices (k8s/CiliumEndpointSlice.ts, endpointSlices.ts), CiliumNodeConfigs (k8s/CiliumConfigMap.ts), YAML after JSON lines (yamlTail.ts) and the whole items of a broken JSON List (listSalvage.ts). Nothing here is
 * imported statically by the load path: only through `rareReaders` (rareInputs.ts).
 * @internal
 */
export { AgentOutputs } from './agentOutputs.ts';
export { agentConfigNotes } from './agentNotes.ts';
export { ArchiveBudget } from './archiveBudget.ts';
export { classifyInputName, isBugtoolArchiveName, SkipTally } from './inputNames.ts';
export { kubectlMessageDiagnostics, kubectlMessageKind, stripTrailingMessages } from './kubectlMessages.ts';
export { TarReader } from './tar.ts';
export { ZipEnd } from './zipEnd.ts';
export { GzipMembers } from './gzipMembers.ts';
export { crc32 } from '../util/crc32.ts';
export { parseTierPolicy } from '../tiers/parse.ts';
export { parseCiliumConfig, parseCiliumNodeConfig } from '../k8s/CiliumConfigMap.ts';
export { parseCiliumEndpointSlice } from '../k8s/CiliumEndpointSlice.ts';
export { mergeSliceEndpoints } from './endpointSlices.ts';
export { parseIcmps } from '../cilium/icmp.ts';
export { nodeSelectorCheck } from '../cilium/nodeSelectorLabels.ts';
export { parseCiliumCIDRGroup } from '../k8s/CiliumCIDRGroup.ts';
export { mergeCiliumNodes, parseCiliumNode } from '../k8s/CiliumNode.ts';
export { textOutputDiagnostic } from './textOutputs.ts';
export { agentTextDocuments } from './agentText.ts';
export { readYamlTail } from './yamlTail.ts';
export { salvageJsonList } from './listSalvage.ts';
export { jsonSyntaxError } from './jsonSyntax.ts';
