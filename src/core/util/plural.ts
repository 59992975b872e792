/** `1 file`, `2 files`, `1,024 files`: a count and its noun, agreeing in number (`many` for irregular plurals: `policy`, `policies`). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
