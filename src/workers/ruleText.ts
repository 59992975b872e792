import { blockPathOffset } from '../core/load/blockPositions.ts';
import { jsonPathOffset } from '../core/load/jsonScan.ts';
import type { PathSegment } from '../core/load/parseTypes.ts';
import { extractLines, extractLinesFromChunks, MAX_LINE_CHARS } from './excerpts.ts';
import type { LoadSource, RuleTextLines, RuleTextQuery, RuleTextRequest, WorkerMessage } from './protocol.ts';
import { textChunks } from './readSource.ts';

/**
 * The text of a deciding rule, for the explanation's "Show rule text": the lines of the policy's
 * file around the rule item a RuleRef names (`spec.egressDeny[0]`), read again from the load's
 * sources as the diagnostics' excerpts are (excerpts.ts; archive members through
 * memberExcerpts.ts), found from the policy document's first line with the same position
 * finders the loader's diagnostics use (blockPositions.ts for block YAML, jsonScan.ts for JSON).
 * Lines are cut as excerpts are (MAX_LINE_CHARS), except in the policy text view (`whole`: the
 * policy's whole document, the rule item marked in it, its lines whole up to
 * POLICY_MAX_LINE_CHARS, so a one-line JSON policy is shown and copied as loaded). A chunk of its
 * own in the load worker: asked for only when a user opens the disclosure or the policy text view.
 * @internal
 */

/** Lines of the policy document read to find the rule in (the item must start within them). */
export const RULE_SCAN_LINES = 400;
/** Lines of the rule item shown at most. */
export const RULE_ITEM_LINES = 40;
/** Lines shown before the item and after it. */
export const RULE_CONTEXT_LINES = 2;
/** Lines of a policy's document the policy text view shows at most (`whole`). */
export const POLICY_MAX_LINES = 2000;
/**
 * Characters of one line the policy text view keeps (`whole`): a policy written on one line
 * (kubectl -o json through tooling, JSON lines) is far below it; a 100 MB one-line file is not
 * put in the DOM whole.
 */
export const POLICY_MAX_LINE_CHARS = 1_000_000;

/** `spec.egress[1].toPorts[0]`, `specs[0]["odd key"]` into segments (formatPath's inverse); null when it is not such a path. */
export function parseRulePath(path: string): PathSegment[] | null {
  const out: PathSegment[] = [];
  const re = /\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  let i = 0;
  while (i < path.length) {
    re.lastIndex = i;
    const m = re.exec(path);
    if (!m) return null;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3] as string) as string);
    i = re.lastIndex;
  }
  return out;
}

/** The lines of `file` (a source, or a member of an archive source) numbered in `wanted`. */
async function linesOf(sources: readonly LoadSource[], file: string, wanted: ReadonlySet<number>, maxChars: number, signal?: AbortSignal): Promise<ReadonlyMap<number, string> | null> {
  const source = sources.find((s) => s.name === file);
  if (source) return source.kind === 'text' ? extractLines(source.text, wanted, maxChars) : extractLinesFromChunks(textChunks(source, signal), wanted, maxChars);
  const archive = sources.find((s) => s.kind === 'file' && file.startsWith(`${s.name}/`));
  if (archive?.kind !== 'file') return null;
  const { memberExcerpts } = await import('./memberExcerpts.ts');
  return (await memberExcerpts(archive, new Map([[file, wanted]]), signal, maxChars)).get(file) ?? null;
}

const indentOf = (line: string): number => line.length - line.trimStart().length;
const isBlank = (line: string): boolean => /^\s*(#.*)?$/.test(line);

/**
 * Where the item at `path` starts in `text` (the document from its first line) and whether it
 * was found itself (not an ancestor): 0-based line and column.
 */
function locate(text: string, path: readonly PathSegment[]): { line: number; column: number; exact: boolean } | null {
  // The document's root: its first line's content, after a List's `- ` markers.
  const first = /^[ ]*(?:-[ ]+)*/.exec(text)?.[0].length ?? 0;
  const json = text[first] === '{';
  const at = (p: readonly PathSegment[]): number | null => (json ? jsonPathOffset(text, first, p) : blockPathOffset(text, first, p));
  const offset = at(path);
  if (offset === null || path.length === 0) return null;
  const exact = offset !== at(path.slice(0, -1));
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, column: offset - (before.lastIndexOf('\n') + 1), exact };
}

/**
 * How many of `doc`'s lines (the text from a policy's first line on) are its document: to a
 * `---` or `...` line (a YAML document), to the next line not deeper than its `- ` marker (an
 * item of a YAML List), to its closing brace (JSON: a line at its first line's indent that starts
 * with `}`; the next line at that indent or less when it is on one line, as JSON lines are).
 * Trailing blank and comment lines are not counted (blank lines only, for JSON: a one-line
 * document at the end of a file with a final newline).
 */
export function documentLength(doc: readonly string[]): number {
  const head = doc[0] ?? '';
  const root = /^[ ]*(?:-[ ]+)*/.exec(head)?.[0].length ?? 0;
  const json = head[root] === '{';
  const dash = head.slice(0, root).indexOf('-');
  let end = doc.length;
  for (let i = 1; i < doc.length; i++) {
    const text = doc[i] as string;
    if (json) {
      if (text.trim() === '') continue;
      const indent = indentOf(text);
      if (indent < root || (indent === root && !text.trimStart().startsWith('}'))) end = i;
      else if (indent === root) end = i + 1;
      else continue;
      break;
    }
    if (/^(---|\.\.\.)(\s|$)/.test(text)) {
      end = i;
      break;
    }
    if (dash >= 0 && !isBlank(text) && indentOf(text) <= dash) {
      end = i;
      break;
    }
  }
  while (end > 1 && (json ? (doc[end - 1] as string).trim() === '' : isBlank(doc[end - 1] as string))) end--;
  return end;
}

/**
 * The rule's text: the item at `query.path` of the policy whose document starts at
 * `query.line` of `query.file`, with its lines marked, or the document's first lines when the
 * item is not found there (a flow collection, a rule past RULE_SCAN_LINES). With `whole`, the
 * policy's whole document (at most POLICY_MAX_LINES), the item marked in it when found. Null
 * when the file is not among the load's sources or holds no such line.
 */
export async function ruleText(sources: readonly LoadSource[], query: RuleTextQuery, signal?: AbortSignal): Promise<RuleTextLines | null> {
  const { file, line, whole = false } = query;
  if (!(line >= 1)) return null;
  const scan = whole ? POLICY_MAX_LINES + 1 : RULE_SCAN_LINES;
  const itemMax = whole ? POLICY_MAX_LINES : RULE_ITEM_LINES;
  const wanted = new Set<number>();
  for (let n = Math.max(1, line - RULE_CONTEXT_LINES); n < line + scan; n++) wanted.add(n);
  const lines = await linesOf(sources, file, wanted, whole ? POLICY_MAX_LINE_CHARS : MAX_LINE_CHARS, signal);
  const firstLine = lines?.get(line);
  if (!lines || firstLine === undefined) return null;
  const doc: string[] = [];
  for (let n = line; lines.has(n); n++) doc.push(lines.get(n) as string);
  const length = whole ? documentLength(doc) : doc.length;
  const path = parseRulePath(query.path);
  const found = path ? locate(doc.slice(0, length).join('\n'), path) : null;
  let from = line;
  let to = line;
  if (found?.exact) {
    from = line + found.line;
    // The item's lines: deeper than its first character (YAML: at it too: its other keys and a
    // sequence written at its key's column; JSON: its closing bracket at it ends it). Blank and comment lines count only inside.
    const json = (doc[found.line] ?? '')[found.column] === '{' || (doc[found.line] ?? '')[found.column] === '[';
    to = from;
    for (let i = found.line + 1; i < length && i - found.line < itemMax; i++) {
      const text = doc[i] as string;
      if (isBlank(text)) continue;
      const indent = indentOf(text);
      if (indent > found.column || (!json && indent === found.column)) to = line + i;
      else {
        if (json && indent === found.column && /^[}\]]/.test(text.trimStart())) to = line + i;
        break;
      }
    }
  }
  to = Math.min(to, from + itemMax - 1);
  const out: [number, string][] = [];
  const first = whole ? line : Math.max(1, from - RULE_CONTEXT_LINES);
  const last = whole ? line + Math.min(length, POLICY_MAX_LINES) - 1 : Math.min(to + RULE_CONTEXT_LINES, from + RULE_ITEM_LINES - 1 + RULE_CONTEXT_LINES);
  for (let n = first; n <= last; n++) {
    const text = lines.get(n);
    if (text !== undefined) out.push([n, text]);
  }
  const text = { file, lines: out, from, to, found: found?.exact === true };
  return whole ? { ...text, cut: length > POLICY_MAX_LINES } : text;
}

/** The load worker's answer to a rule-text request (never rejects). */
export async function ruleTextAnswer(sources: readonly LoadSource[], request: RuleTextRequest): Promise<WorkerMessage> {
  try {
    return { type: 'rule-text', id: request.id, text: await ruleText(sources, request) };
  } catch (err) {
    return { type: 'rule-text-failed', id: request.id, message: err instanceof Error ? err.message : String(err) };
  }
}
