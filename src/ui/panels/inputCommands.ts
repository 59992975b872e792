/** Exports of a cluster that netpol-viz reads, as the empty pages suggest them. */
export const INPUT_COMMANDS: readonly string[] = [
  'kubectl get cnp,ccnp,netpol -A -o yaml > policies.yaml',
  'kubectl get ns,deploy,sts,ds,pods -A -o yaml > inventory.yaml',
  'kubectl get ciliumendpoints -A -o json > endpoints.json',
  'hubble observe --since 1h -o json > flows.jsonl',
];
