/**
 * Go `text/template` markers (`{{ … }}`) in manifests: cilium-cli and Helm charts ship policy
 * files that are templates, not YAML kubectl can apply. The loader says so instead of reporting
 * confusing YAML errors or loading `{{.ExternalCIDR}}` as a CIDR.
 * @internal
 */

/** Offsets of every `{{` in the text. */
export function templateOffsets(text: string): number[] {
  const out: number[] = [];
  let i = text.indexOf('{{');
  while (i >= 0) {
    out.push(i);
    i = text.indexOf('{{', i + 2);
  }
  return out;
}

/** Whether the `{{` at `offset` sits in a `#` comment (a comment mentioning a template is harmless). */
export function isInComment(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  let single = false;
  let double = false;
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix[i];
    if (c === "'" && !double) single = !single;
    else if (c === '"' && !single) double = !double;
    else if (c === '#' && !single && !double && (i === 0 || prefix[i - 1] === ' ' || prefix[i - 1] === '\t')) return true;
  }
  return false;
}

/** The template action starting at `offset`, shortened for messages: `{{ .ExternalCIDR }}`. */
export function templateSnippet(text: string, offset: number): string {
  const close = text.indexOf('}}', offset + 2);
  const nl = text.indexOf('\n', offset);
  const end = close >= 0 && (nl < 0 || close < nl) ? close + 2 : nl >= 0 ? nl : text.length;
  const s = text.slice(offset, end);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

export const TEMPLATE_ADVICE =
  'This is a Go template (as cilium-cli and Helm ship them), not a manifest kubectl can apply: render it first (for cilium-cli: .ExternalCIDR=1.0.0.0/8, .ExternalIP=1.1.1.1, .TestNamespace=cilium-test, …) and load the rendered output.';
