/**
 * Object → text exactly in the layout `kubectl get -o yaml|json` prints: YAML with sorted keys,
 * block style, sequences not indented under their key and strings quoted only where a plain
 * scalar would read as something else (go-yaml's habits); JSON indented by four spaces.
 * Hand-written rather than the `yaml` package's stringify because the benchmarks emit hundreds
 * of megabytes and this is several times faster; the round-trip test checks it against `yaml`.
 * @internal
 */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A plain scalar that YAML 1.1 or 1.2 would read as a bool, null, number or timestamp. */
const NOT_A_STRING = [
  /^(?:true|false|yes|no|on|off|y|n|null|~)$/i,
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?$/,
  /^[-+]?0[xob][0-9a-f_]+$/i,
  /^[-+]?\.(?:inf|nan)$/i,
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/,
];
/** Characters a plain scalar may start with and contain (a conservative subset of YAML's rules). */
const PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./:=@+-]*$/;

function scalarText(s: string): string {
  if (s.length > 0 && PLAIN.test(s) && !s.endsWith(':') && !NOT_A_STRING.some((re) => re.test(s))) return s;
  // JSON's escapes are all valid in a YAML double-quoted scalar.
  return JSON.stringify(s);
}

function isMap(v: JsonValue): v is { readonly [key: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function inline(v: JsonValue): string | null {
  if (v === null) return 'null';
  if (typeof v === 'string') return scalarText(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? '[]' : null;
  return Object.keys(v).length === 0 ? '{}' : null;
}

function emit(v: JsonValue, indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  if (Array.isArray(v)) {
    for (const item of v as readonly JsonValue[]) {
      const one = inline(item);
      if (one !== null) {
        out.push(`${pad}- ${one}`);
        continue;
      }
      // The item's first line takes the dash: `- key: value`, `- - nested`.
      const start = out.length;
      emit(item, indent + 2, out);
      out[start] = `${pad}- ${(out[start] as string).slice(indent + 2)}`;
    }
    return;
  }
  if (!isMap(v)) return;
  for (const key of Object.keys(v).sort()) {
    const val = v[key] as JsonValue;
    const k = scalarText(key);
    const one = inline(val);
    if (one !== null) out.push(`${pad}${k}: ${one}`);
    else {
      out.push(`${pad}${k}:`);
      emit(val, Array.isArray(val) ? indent : indent + 2, out);
    }
  }
}

/** One YAML document (no `---`), ending with a newline. */
export function toKubectlYaml(value: JsonValue): string {
  const one = inline(value);
  if (one !== null) return `${one}\n`;
  const out: string[] = [];
  emit(value, 0, out);
  return `${out.join('\n')}\n`;
}

/** `kubectl get -o json` layout. */
export function toKubectlJson(value: JsonValue): string {
  return `${JSON.stringify(value, null, 4)}\n`;
}

/** The `List` wrapper kubectl prints around the items of `get` with several objects. */
export function kubectlList(items: readonly JsonValue[]): JsonValue {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
