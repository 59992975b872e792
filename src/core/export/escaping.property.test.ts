import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compile } from '../engine/compile.ts';
import { ingestTexts } from '../flows/ingest.ts';
import { buildGraph } from '../graph/buildGraph.ts';
import { graphInputsOf } from '../graph/graphInputs.ts';
import type { GraphModel } from '../graph/types.ts';
import { defaultViewState } from '../graph/viewState.ts';
import { loadInputs } from '../load/loadInputs.ts';
import { exportView } from './exportView.ts';
import { esc } from './xml.ts';
import { appPlatformDir } from '../../../test/paths.ts';

/**
 * Whatever text a name holds, the SVG and HTML exports stay well-formed markup made only of our
 * own elements, with the text back exactly when parsed, and the JSON gives it back verbatim.
 */
const dir = appPlatformDir;
const read = (f: string): string => readFileSync(path.join(dir, f), 'utf8');
const loaded = loadInputs([
  { name: 'policies.yaml', data: read('policies.yaml') },
  { name: 'inventory.yaml', data: read('inventory.yaml') },
]);
const base = buildGraph(graphInputsOf(compile(loaded.cluster), ingestTexts([{ name: 'flows.jsonl', text: read('flows.jsonl') }])), defaultViewState);

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  "{{constructor.constructor('alert(1)')()}}",
  '"><svg onload=alert(1)>',
  "'><iframe src=//x>",
  ']]><![CDATA[',
  '<!--',
  '&amp;&lt;',
  '\u202Eevil\u202C',
  '\u0000\u0001\u001f',
  '\ud800',
  'x'.repeat(5000),
];
const hostile = fc.oneof(fc.constantFrom(...PAYLOADS), fc.string({ maxLength: 40 }), fc.array(fc.constantFrom(...PAYLOADS, 'a', ' ', '&', '<', '>', '"', "'"), { maxLength: 8 }).map((a) => a.join('')));

/** Elements the SVG and HTML writers use: anything else came from data. */
const OUR_ELEMENTS = new Set(['svg', 'g', 'rect', 'text', 'tspan', 'path', 'line', 'polyline', 'polygon', 'ellipse', 'circle', 'title', 'desc', 'defs', 'linearGradient', 'stop', 'style', 'marker', 'html', 'head', 'meta', 'body', 'main', 'h1', 'h2', 'p', 'pre', 'section', 'header', 'footer', 'ul', 'li', 'figure', 'figcaption', 'div', 'span', 'code', 'table', 'tr', 'td', 'th', 'thead', 'tbody', 'dl', 'dt', 'dd', 'small', 'strong', 'em', 'b']);

const DECODE: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/**
 * A small, strict well-formedness check (no XML parser in Node): every `<` starts one of our tags
 * with only quoted attributes and no event handler, tags nest, and text holds only known entities.
 * Returns the decoded text content.
 */
function parseMarkup(doc: string): { elements: Set<string>; text: string } {
  const elements = new Set<string>();
  const stack: string[] = [];
  let text = '';
  let i = doc.startsWith('<!doctype html>') ? '<!doctype html>'.length : 0;
  const voidHtml = new Set(['meta']);
  while (i < doc.length) {
    const lt = doc.indexOf('<', i);
    const chunk = doc.slice(i, lt < 0 ? doc.length : lt);
    if (/&(?!(amp|lt|gt|quot|#39);)/.test(chunk)) throw new Error(`bare & in text: ${chunk.slice(0, 80)}`);
    text += chunk.replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => DECODE[e] ?? '');
    if (lt < 0) break;
    const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z][a-zA-Z0-9:-]*="[^"<]*")*)\s*(\/?)>/.exec(doc.slice(lt, lt + 200_000));
    if (!m) throw new Error(`not one of our tags at ${lt}: ${doc.slice(lt, lt + 80)}`);
    const [all, close, name, attrs, selfClose] = m as unknown as [string, string, string, string, string];
    elements.add(name);
    if (/\son[a-z]+=/i.test(attrs)) throw new Error(`event handler attribute: ${all}`);
    if (/(href|src)="\s*javascript:/i.test(attrs)) throw new Error(`javascript: URL: ${all}`);
    if (close) {
      if (stack.pop() !== name) throw new Error(`mismatched </${name}>`);
    } else if (!selfClose && !voidHtml.has(name)) stack.push(name);
    i = lt + all.length;
  }
  if (stack.length > 0) throw new Error(`unclosed: ${stack.join(' ')}`);
  return { elements, text };
}

/** The base model with hostile text in every node label and namespace. */
function hostileModel(labels: readonly string[]): GraphModel {
  return {
    ...base,
    nodes: base.nodes.map((n, i) => ({ ...n, label: labels[i % labels.length] ?? n.label, namespace: n.namespace === null ? null : (labels[(i + 1) % labels.length] ?? n.namespace) })),
  };
}

describe('exports escape every name (fast-check)', () => {
  it('esc leaves no markup character and is undone by entity decoding', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const e = esc(s);
        expect(e).not.toMatch(/[<>"']/);
        // Control characters become U+FFFD (not allowed in XML); everything else comes back.
        const clean = s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');
        expect(e.replace(/&(amp|lt|gt|quot|#39);/g, (_m, x: string) => DECODE[x] ?? '')).toBe(clean);
      }),
      { numRuns: 500 },
    );
  });

  it('SVG, HTML and JSON stay well-formed and made of our elements, whatever the names, cluster name and explanation', () => {
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 1, maxLength: 6 }), hostile, hostile, (labels, cluster, details) => {
        const model = hostileModel(labels);
        const e = exportView({ model, view: defaultViewState, clusterName: cluster, digest: null, time: null, highlight: null });
        for (const doc of [e.picture.svg, e.html(details)]) {
          const parsed = parseMarkup(doc);
          for (const el of parsed.elements) expect(OUR_ELEMENTS.has(el), `element <${el}>`).toBe(true);
          expect(parsed.elements.has('script')).toBe(false);
        }
        const html = parseMarkup(e.html(details));
        // The explanation is shown verbatim (as text) in the report; a blank one gets no section.
        if (details.trim() === '') expect(e.html(details)).not.toContain('<h2>Explanation</h2>');
        else expect(html.text).toContain(details.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd'));
        // JSON carries the names verbatim (a reader escapes them for its own output).
        const json = JSON.parse(e.json()) as { title: string; nodes: { label: string }[] };
        expect(json.nodes.map((n) => n.label)).toEqual(model.nodes.map((n) => n.label));
        expect(json.title).toContain(cluster);
      }),
      // The first case is the counterexample CI found (seed 1620386904): a blank explanation, which the report leaves out.
      { numRuns: 40, examples: [[['<script>alert(1)</script>'], '!', '  ']] },
    );
  });
});
