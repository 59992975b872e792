import type { ContainerPort, L4Protocol } from '../model/cluster.ts';
import type { PathSegment } from '../load/parseTypes.ts';
import { FieldReader, isObject, type Obj } from './fields.ts';

/**
 * The parts of a PodSpec that matter for network policy: container ports (named ports are
 * resolved against them), the service account (an identity label) and hostNetwork (such pods
 * have the node's identity, not their own).
 * @public
 */
export interface PodSpecInfo {
  readonly ports: readonly ContainerPort[];
  readonly serviceAccount: string;
  readonly hostNetwork: boolean;
  readonly nodeName: string | null;
}

const PROTOCOLS: readonly L4Protocol[] = ['TCP', 'UDP', 'SCTP'];
/** IANA_SVC_NAME as Kubernetes validates port names. */
const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export function readPodSpec(r: FieldReader, spec: Obj | null, path: readonly PathSegment[]): PodSpecInfo {
  const ports: ContainerPort[] = [];
  for (const list of ['containers', 'initContainers'] as const) {
    r.array(spec, list, [...path, list]).forEach((c, ci) => {
      const cp = [...path, list, ci];
      if (!isObject(c)) {
        r.wrongType(cp, 'a map (a container)', c);
        return;
      }
      // Init containers only serve ports while the pod runs when they are sidecars.
      if (list === 'initContainers' && c['restartPolicy'] !== 'Always') return;
      r.array(c, 'ports', [...cp, 'ports']).forEach((p, pi) => {
        const pp = [...cp, 'ports', pi];
        const port = readContainerPort(r, p, pp);
        if (port) ports.push(port);
      });
    });
  }
  const sa = r.string(spec, 'serviceAccountName', [...path, 'serviceAccountName']) ?? r.string(spec, 'serviceAccount', [...path, 'serviceAccount']);
  return {
    ports,
    serviceAccount: sa && sa !== '' ? sa : 'default',
    hostNetwork: r.boolean(spec, 'hostNetwork', [...path, 'hostNetwork']) === true,
    nodeName: r.string(spec, 'nodeName', [...path, 'nodeName']),
  };
}

function readContainerPort(r: FieldReader, p: unknown, pp: readonly PathSegment[]): ContainerPort | null {
  if (!isObject(p)) {
    r.wrongType(pp, 'a map (a container port)', p);
    return null;
  }
  const port = r.integer(p, 'containerPort', [...pp, 'containerPort'], {
    min: 1,
    max: 65535,
    code: 'invalid-port',
    what: 'the API server rejects the object; this port is ignored, so named ports that refer to it do not resolve',
  });
  if (port === null) {
    if (p['containerPort'] === undefined) {
      const miscased = Object.keys(p).find((k) => k.toLowerCase() === 'containerport');
      r.report(
        miscased ? [...pp, miscased] : pp,
        'error',
        'missing-field',
        miscased
          ? `The key is "${miscased}", not "containerPort" (keys are case-sensitive): the API server rejects the object for the missing containerPort; this port is ignored, so named ports that refer to it do not resolve.`
          : 'A container port needs containerPort: the API server rejects the object; this port is ignored.',
      );
    }
    return null;
  }
  let protocol: L4Protocol = 'TCP';
  const proto = r.string(p, 'protocol', [...pp, 'protocol']);
  if (proto !== null) {
    const known = PROTOCOLS.find((x) => x === proto);
    if (known) protocol = known;
    else r.report([...pp, 'protocol'], 'error', 'invalid-protocol', `Protocol "${proto}" is not TCP, UDP or SCTP (case matters): the API server rejects the object; treated as TCP.`);
  }
  let name = r.string(p, 'name', [...pp, 'name']);
  if (name !== null) {
    if (name !== name.toLowerCase()) {
      r.report([...pp, 'name'], 'warning', 'invalid-port-name', `Port name "${name}" has upper-case letters: the API server rejects it (IANA_SVC_NAME is lower case); netpol-viz uses "${name.toLowerCase()}".`);
      name = name.toLowerCase();
    } else if (name.length > 15 || !PORT_NAME.test(name) || !/[a-z]/.test(name) || name.includes('--')) {
      r.report([...pp, 'name'], 'warning', 'invalid-port-name', `Port name "${name}" is not a valid IANA service name (at most 15 lower-case letters, digits and single "-", with a letter): the API server rejects the object.`);
    }
  }
  return { name: name === '' ? null : name, port, protocol };
}
