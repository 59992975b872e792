/**
 * The one table of paths to test material. Every unit test, e2e spec, script and bench that reads
 * a fixture or a corpus takes its path from here, and everything named here lies inside the
 * repository: a fresh clone has all it needs (test/selfContained.test.ts checks that no test,
 * spec, script, bench or config reaches outside).
 *
 * Layout: `test/corpora/<name>/` holds real public material, byte for byte as published upstream,
 * `test/fixtures/<name>/` our own and the team's fixtures; each copied folder has a SOURCES.md
 * (upstream repository, commit, path, licence).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder (where package.json is). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `test/`: its `corpora/` and `fixtures/` are laid out as the team's shared folder was. */
export const testDataDir = path.join(repoRoot, 'test');
export const corporaDir = path.join(testDataDir, 'corpora');
export const fixturesDir = path.join(testDataDir, 'fixtures');

/** `docs/`: the README's screenshots are written here by the e2e specs tagged @screenshots. */
export const docsDir = path.join(repoRoot, 'docs');

// Corpora: real public material, unmodified (see each folder's SOURCES.md).
/** Policies of Cilium's connectivity test suite (cilium-cli v0.16 and v1.20; some are Go templates). */
export const ciliumCliDir = path.join(corporaDir, 'cilium-cli');
/** Cilium's own example policies and the Star Wars demo. */
export const ciliumPoliciesDir = path.join(corporaDir, 'cilium-policies');
/** Cilium's policy script tests (pkg/policy/test/testdata/*.txtar): policies, identities, expected verdicts and policy maps. */
export const ciliumPolicyScriptsDir = path.join(corporaDir, 'cilium-policy-scripts');
/** Real Hubble exports (`hubble observe -o json`, exporter output). */
export const hubbleFlowsDir = path.join(corporaDir, 'hubble-flows');
/** The Kubernetes e2e network-policy test cases (namespaces x/y/z, pods a/b/c). */
export const k8sE2eDir = path.join(corporaDir, 'k8s-e2e');
/** A popular Kubernetes network-policy recipe collection. */
export const k8sRecipesDir = path.join(corporaDir, 'k8s-recipes');
/** np-guard netpol-analyzer test cases with their expected `list` outputs (the conformance suite). */
export const npguardDir = path.join(corporaDir, 'npguard');

// Fixtures.
/** A file of the built-in demo (src/demo): the app's own data, read by tests that check what it shows. */
export const demoFile = (name: string): string => path.join(repoRoot, 'src', 'demo', name);

/** The multi-tenant app-platform cluster: policies, inventory, Hubble flows, expected verdicts (README). */
export const appPlatformDir = path.join(fixturesDir, 'app-platform');
/** A file of the app-platform fixture: `policies.yaml`, `inventory.yaml` or `flows.jsonl`. */
export const appPlatformFile = (name: string): string => path.join(appPlatformDir, name);
/** The app-platform capture with Cilium's policy attribution (`*_allowed_by`, `*_denied_by`), see its README. */
export const appPlatformAttributionDir = path.join(fixturesDir, 'app-platform-attribution');
/** Version 2 of the app-platform policies, for diff and what-if tests. */
export const appPlatformV2Dir = path.join(fixturesDir, 'app-platform-v2');
/** Clusters whose other tenants have generic label values (StatefulSet pod indexes, numeric labels), for the customer view. */
export const customerStatefulsetDir = path.join(fixturesDir, 'customer-statefulset');
export const customerNumericLabelDir = path.join(fixturesDir, 'customer-numeric-label');
/** Malformed inputs, each with its expected diagnostics (`<file>.expected.json`). */
export const malformedDir = path.join(fixturesDir, 'malformed');
/** The cluster and policies of the semantics reference, Part C. */
export const semanticsDir = path.join(fixturesDir, 'semantics');
/** Policy shapes of the semantics reference, Part C. */
export const policiesFixturesDir = path.join(fixturesDir, 'policies');
/** A multi-tenant platform isolated by ClusterNetworkPolicy tiers (Cilium 1.20), expected verdicts in src/core/engine/tierPlatform.fixture.ts. */
export const tierPlatformDir = path.join(fixturesDir, 'tier-platform');
/** The app-platform cluster as a `cilium sysdump` zip (built by scripts/gen-sysdump-fixture.ts), and a copy whose cilium-config says enable-policy: always. */
export const sysdumpDir = path.join(fixturesDir, 'sysdump');
export const sysdumpZip = path.join(sysdumpDir, 'cilium-sysdump-20261120-091500.zip');
export const sysdumpAlwaysZip = path.join(sysdumpDir, 'cilium-sysdump-enable-policy-always-20261120-091500.zip');
/** Selector-less Services with Endpoints/EndpointSlices reached by toServices. */
export const serviceEndpointsDir = path.join(fixturesDir, 'service-endpoints');
/** Inputs as real tools write them (kubectl 2>&1, Hubble exporter aggregates, bugtool outputs): see its README for the upstream code behind each. */
export const realWorldDir = path.join(fixturesDir, 'real-world');
export const realWorldFile = (name: string): string => path.join(realWorldDir, name);
/** One agent's `cilium-dbg ip list -n -o json` as bugtool saves it (real-world/README.md). */
export const agentIpListFile = path.join(realWorldDir, 'agent-ipcache', 'cilium-dbg-ip-list--n--o-json.md');
/** The same agent's `cilium-dbg ip list -n` as text (real-world/README.md). */
export const agentIpListTextFile = path.join(realWorldDir, 'agent-ipcache', 'cilium-dbg-ip-list--n.md');
/** The same agent's datapath ipcache, `cilium-dbg bpf ipcache list` as bugtool saves it (real-world/README.md). */
export const agentBpfIpcacheFile = path.join(realWorldDir, 'agent-ipcache', 'cilium-dbg-bpf-ipcache-list.md');
/** A Node and its CiliumNode as kubectl prints them (upstream copy: ciliumnodes/SOURCES.md). */
export const ciliumNodeFile = path.join(fixturesDir, 'ciliumnodes', 'kind-control-plane.yaml');
/** Lint traps: policies that do not do what they seem to. */
export const lintFixturesDir = path.join(fixturesDir, 'lint');
