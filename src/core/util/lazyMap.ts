/**
 * A read-only map built on its first read: for lookups a big cluster's load may never ask
 * (e.g. pods by address or by `ns/name`, asked by queries and flows), so the load does not pay
 * for their tens of thousands of entries. A Proxy: less code on the default screen than a class.
 * @internal
 */
export function lazyMap<K, V>(build: () => Map<K, V>): ReadonlyMap<K, V> {
  let built: Map<K, V> | null = null;
  return new Proxy(new Map<K, V>(), {
    get(_, key) {
      const map = (built ??= build());
      const value: unknown = Reflect.get(map, key, map);
      return typeof value === 'function' ? value.bind(map) : value;
    },
  });
}
