import { parseAllDocuments } from 'yaml';

/**
 * OpenShift Routes and Kubernetes Ingresses as netpol-analyzer reads them: each names Services
 * (and a port) that the cluster's ingress controller forwards to, which upstream reports as
 * `{ingress-controller} => workload` lines.
 *
 * Stop-gap: the shared loader skips these kinds (our model has no Route/Ingress yet), so this
 * module finds them in the raw input texts itself. When the loader keeps them in the Cluster,
 * only `ingressBackendsFromTexts` goes away.
 * @public
 */
export interface IngressBackend {
  readonly objectKind: 'Route' | 'Ingress';
  readonly namespace: string;
  readonly objectName: string;
  readonly serviceName: string;
  /** Route `spec.port.targetPort` / Ingress backend port (name or number); null = every service port. */
  readonly port: number | string | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const portOf = (v: unknown): number | string | null => (typeof v === 'number' && v > 0 ? v : str(v));

function routeBackends(obj: Record<string, unknown>, namespace: string, name: string): IngressBackend[] {
  const spec = isRecord(obj.spec) ? obj.spec : {};
  const port = isRecord(spec.port) ? portOf(spec.port.targetPort) : null;
  const targets = [spec.to, ...(Array.isArray(spec.alternateBackends) ? spec.alternateBackends : [])];
  const out: IngressBackend[] = [];
  for (const t of targets) {
    // Upstream accepts only Service targets (an empty kind means Service).
    if (!isRecord(t) || (t.kind !== undefined && t.kind !== '' && t.kind !== 'Service')) continue;
    const serviceName = str(t.name);
    if (serviceName) out.push({ objectKind: 'Route', namespace, objectName: name, serviceName, port });
  }
  return out;
}

function ingressBackends(obj: Record<string, unknown>, namespace: string, name: string): IngressBackend[] {
  const spec = isRecord(obj.spec) ? obj.spec : {};
  const services: unknown[] = [];
  if (isRecord(spec.defaultBackend)) services.push(spec.defaultBackend.service);
  for (const rule of Array.isArray(spec.rules) ? spec.rules : []) {
    const paths = isRecord(rule) && isRecord(rule.http) && Array.isArray(rule.http.paths) ? rule.http.paths : [];
    for (const p of paths) if (isRecord(p) && isRecord(p.backend)) services.push(p.backend.service);
  }
  const out: IngressBackend[] = [];
  for (const s of services) {
    if (!isRecord(s)) continue;
    const serviceName = str(s.name);
    const port = isRecord(s.port) ? (str(s.port.name) ?? portOf(s.port.number)) : null;
    if (serviceName) out.push({ objectKind: 'Ingress', namespace, objectName: name, serviceName, port });
  }
  return out;
}

/** Backends of one object (Route, Ingress, or a `List` of them); anything else yields none. */
export function ingressBackendsOf(value: unknown, defaultNamespace = 'default'): IngressBackend[] {
  if (!isRecord(value)) return [];
  if (Array.isArray(value.items) && typeof value.kind === 'string' && value.kind.endsWith('List')) {
    return value.items.flatMap((item) => ingressBackendsOf(item, defaultNamespace));
  }
  const meta = isRecord(value.metadata) ? value.metadata : {};
  const name = str(meta.name);
  if (!name) return [];
  const namespace = str(meta.namespace) ?? defaultNamespace;
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : '';
  if (value.kind === 'Route' && apiVersion.startsWith('route.openshift.io/')) return routeBackends(value, namespace, name);
  if (value.kind === 'Ingress' && apiVersion.startsWith('networking.k8s.io/')) return ingressBackends(value, namespace, name);
  return [];
}

/**
 * Every Route/Ingress backend in YAML or JSON texts. Unparsable documents are skipped silently
 * here on purpose: the loader reads the same texts and reports their problems once.
 */
export function ingressBackendsFromTexts(texts: readonly string[], defaultNamespace = 'default'): IngressBackend[] {
  const out: IngressBackend[] = [];
  for (const text of texts) {
    // Cheap pre-check: most inputs hold neither kind.
    if (!/\b(Route|Ingress)\b/.test(text)) continue;
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) continue;
      out.push(...ingressBackendsOf(doc.toJS(), defaultNamespace));
    }
  }
  return out;
}
