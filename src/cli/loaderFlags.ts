/**
 * The loader flags every command shares, so `-n`/`--namespace` and `--cluster-name` mean the
 * same everywhere (`kubectl -n`: the namespace of objects that have none).
 */
export interface LoaderFlags {
  namespace: string | null;
  clusterName: string | null;
}

/**
 * Reads a loader flag at `argv[i]` into `flags`: the number of arguments used (0 when `argv[i]`
 * is not a loader flag), or an error message.
 */
export function loaderFlag(argv: readonly string[], i: number, flags: LoaderFlags): number | string {
  const a = argv[i] as string;
  if (a === '--namespace' || a === '-n' || a === '--cluster-name') {
    const v = argv[i + 1];
    if (v === undefined || v === '') return `${a} needs a value`;
    if (a === '--cluster-name') flags.clusterName = v;
    else flags.namespace = v;
    return 2;
  }
  if (a.startsWith('--namespace=')) {
    flags.namespace = a.slice('--namespace='.length);
    return 1;
  }
  if (a.startsWith('--cluster-name=')) {
    flags.clusterName = a.slice('--cluster-name='.length);
    return 1;
  }
  return 0;
}
