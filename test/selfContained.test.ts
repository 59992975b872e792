import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { codeFiles } from './codeFiles.ts';
import { repoRoot } from './paths.ts';

/**
 * A fresh clone must pass its own tests with nothing beside it: no test, spec, script, bench or
 * config may read a path outside the repository (the team's shared folder beside the checkout, `/work/...`, `/home/...`, a
 * relative path that climbs out of the checkout). Test material lives in test/corpora and
 * test/fixtures and is named by test/paths.ts.
 *
 * The check reads every string in the code (string and template literals, and the literal
 * segments of `path.join`/`path.resolve`/`new URL` calls taken together), not comments, so a
 * doc comment may still mention where a file came from.
 */

/** This file spells out the forbidden patterns on purpose (the cases below). */
const SELF = 'test/selfContained.test.ts';

/** Absolute paths of machines' own folders: a test never depends on them. */
const ABSOLUTE = /^(?:file:\/\/)?\/(?:work|home|root|tmp|Users|mnt|srv|opt|var|data|shared)(?:\/|$)|^[A-Za-z]:[\\/]/;
/** `..` and a slash: the shared folder's path is spelt from it so that this guard's own cases do not read as uses. */
const UP = '../';
/** The team's shared folder next to the checkout. */
const SHARED = /(?:^|[\\/])\.\.[\\/](?:\.\.[\\/])*shared(?:[\\/]|$)/;

export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly why: string;
}

const inside = (p: string): boolean => {
  const rel = path.relative(repoRoot, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** Does `p` name something that exists (as written, or as a module without its extension)? */
const exists = (p: string): boolean => ['', '.ts', '.tsx', '.js', '/index.ts'].some((e) => existsSync(p + e));

/** Why the path-like text `text`, written in `file` (repository-relative), leaves the repository; null if it does not. */
export function escapes(text: string, file: string): string | null {
  if (SHARED.test(text)) return `reads ${UP}shared (copy the material into test/corpora or test/fixtures)`;
  if (ABSOLUTE.test(text)) return 'absolute path outside the repository';
  if (!/^\.\.(?:[\\/]|$)/.test(text)) return null;
  const fromFile = path.resolve(repoRoot, path.dirname(file), text);
  if (!inside(fromFile)) return 'relative path that climbs out of the repository';
  // Paths resolved from the repository root (`path.resolve(root, '../x')`, a CLI run with cwd = root).
  const fromRoot = path.resolve(repoRoot, text);
  if (!inside(fromRoot) && !exists(fromFile)) return 'relative path that climbs out of the repository (from its root)';
  return null;
}

const PATH_CALLS = new Set(['join', 'resolve', 'URL']);

function calleeName(e: ts.Expression): string | null {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return null;
}

function literalText(n: ts.Node): string | null {
  if (ts.isStringLiteralLike(n)) return n.text;
  if (ts.isTemplateExpression(n)) return n.head.text;
  return null;
}

/**
 * `text` parsed (or as given, parsed already). Doc comments are not parsed (neither check looks into
 * comments) and nodes get no parent pointers (neither check climbs): a third less CPU per file.
 */
function sourceOf(text: string | ts.SourceFile, file: string): ts.SourceFile {
  if (typeof text !== 'string') return text;
  return ts.createSourceFile(file, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

/** Each code file of the repository parsed once, for both checks below (parsing ~670 files is most of their cost). */
const parsed = new Map<string, ts.SourceFile>();
const parsedFile = (file: string): ts.SourceFile => {
  let source = parsed.get(file);
  if (source === undefined) {
    source = sourceOf(readFileSync(path.join(repoRoot, file), 'utf8'), file);
    parsed.set(file, source);
  }
  return source;
};

/** Every path outside the repository that the code in `text` (file `file`, repository-relative) names. */
export function findEscapes(text: string | ts.SourceFile, file: string): Finding[] {
  const source = sourceOf(text, file);
  const out: Finding[] = [];
  const report = (node: ts.Node, t: string): void => {
    const why = escapes(t, file);
    if (!why) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    if (!out.some((f) => f.line === line && f.text === t)) out.push({ file, line, text: t, why });
  };
  const visit = (node: ts.Node): void => {
    const lit = literalText(node);
    if (lit !== null) report(node, lit);
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && PATH_CALLS.has(calleeName(node.expression) ?? '')) {
      // `path.join(root, '..', 'shared', f)`: the literal segments together.
      const segments = (node.arguments ?? []).map(literalText);
      const first = segments.findIndex((s) => s !== null);
      if (first >= 0) {
        const run: string[] = [];
        for (const s of segments.slice(first)) {
          if (s === null) break;
          run.push(s);
        }
        if (run.length > 1) report(node, run.join('/'));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const SKIPPERS = new Set(['skip', 'skipIf', 'runIf', 'fixme', 'todo']);

/** Tests that can switch themselves off: `it.skip`, `describe.runIf(…)`, `test.skip(cond)`, `test.fixme`. */
export function findSkips(text: string | ts.SourceFile, file: string): Finding[] {
  const source = sourceOf(text, file);
  const out: Finding[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && SKIPPERS.has(node.name.text)) {
      const base = node.expression;
      const root = ts.isPropertyAccessExpression(base) ? base.expression : base;
      if (ts.isIdentifier(root) && ['it', 'test', 'describe'].includes(root.text)) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        out.push({ file, line, text: node.getText(source), why: 'a test that can skip itself' });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** The npm scripts of package.json, word by word (a script may name a folder too). */
function scriptEscapes(): Finding[] {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  return Object.entries(pkg.scripts ?? {}).flatMap(([name, script]) =>
    script.split(/\s+/).flatMap((word) => {
      const why = escapes(word.replace(/^['"]|['"]$/g, ''), 'package.json');
      return why ? [{ file: `package.json scripts.${name}`, line: 0, text: word, why }] : [];
    }),
  );
}

describe('the repository is self-contained', () => {
  it('no test, spec, script, bench or config reads a path outside the repository', () => {
    const files = codeFiles().filter((f) => f !== SELF);
    expect(files).toEqual(expect.arrayContaining(['vite.config.ts', 'playwright.config.ts', 'scripts/conformance.ts', 'e2e/inputs.ts', 'test/paths.ts']));
    const found = [...files.flatMap((f) => findEscapes(parsedFile(f), f)), ...scriptEscapes()];
    expect(found.map((f) => `${f.file}:${f.line}: ${f.text} (${f.why})`)).toEqual([]);
  });

  it('no test skips itself (its data is always there)', () => {
    const tests = codeFiles().filter((f) => f !== SELF && /\.(test|spec)\.tsx?$/.test(f));
    expect(tests.length).toBeGreaterThan(100);
    const found = tests.flatMap((f) => findSkips(parsedFile(f), f));
    expect(found.map((f) => `${f.file}:${f.line}: ${f.text}`)).toEqual([]);
    expect(findSkips("it.skipIf(process.getuid?.() === 0)('x', () => {});\ndescribe.runIf(ok)('y', () => {});\ntest.skip(n === 0, 'why');\ntest.describe.skip('z', () => {});", 'e2e/x.spec.ts').map((f) => f.text)).toEqual(['it.skipIf', 'describe.runIf', 'test.skip', 'test.describe.skip']);
  });

  it('catches the shared folder in every spelling, absolute machine paths and climbing relative paths', () => {
    const texts = (code: string, file = 'src/core/engine/x.test.ts'): string[] => findEscapes(code, file).map((f) => f.text);
    expect(texts(`const d = path.resolve(__dirname, '../../../${UP}shared/fixtures/app-platform');`)).toEqual([`../../../${UP}shared/fixtures/app-platform`]);
    expect(texts(`const f = (n: string) => readFileSync(new URL(\`../../${UP}shared/fixtures/app-platform/\${n}\`, import.meta.url));`, 'src/workers/x.test.ts')).toEqual([`../../${UP}shared/fixtures/app-platform/`]);
    expect(texts(`run(['${UP}shared/corpora', '--json'], { cwd: ROOT });`, 'src/cli/commands/x.test.ts')).toEqual([`${UP}shared/corpora`]);
    expect(texts("const d = path.join(root, '..', 'shared', 'corpora');")).toEqual([`${UP}shared/corpora`]);
    expect(texts("const d = '/work/shared/corpora/npguard';")).toEqual(['/work/shared/corpora/npguard']);
    expect(texts("const d = '/home/me/netpol/flows.json';")).toEqual(['/home/me/netpol/flows.json']);
    expect(texts("const d = path.resolve(__dirname, '../../../../other-repo/x.yaml');")).toEqual(['../../../../other-repo/x.yaml']);
    expect(texts("export const corpus = path.resolve(repoRoot, '../corpora/npguard');", 'scripts/conformance.ts')).toEqual(['../corpora/npguard']);
  });

  it('lets code name paths inside the repository, and ignores comments', () => {
    const texts = (code: string, file = 'src/core/engine/x.test.ts'): string[] => findEscapes(code, file).map((f) => f.text);
    expect(texts("import { appPlatformDir } from '../../../test/paths.ts';\nconst root = path.resolve(__dirname, '../../..');")).toEqual([]);
    expect(texts(`// was ../../../${UP}shared/fixtures/app-platform\n/** from /work/shared */\nconst x = 1;`)).toEqual([]);
    expect(texts("const docs = (n: string) => fileURLToPath(new URL(`../docs/${n}`, import.meta.url));", 'e2e/x.spec.ts')).toEqual([]);
    expect(texts("const chromium = ['/usr/bin/chromium'].find((p) => existsSync(p));", 'playwright.config.ts')).toEqual([]);
    expect(texts("await page.goto('/?tenant=acme');", 'e2e/x.spec.ts')).toEqual([]);
  });
});
