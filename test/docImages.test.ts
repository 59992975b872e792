/**
 * Every image the README and docs/*.md show is written by `npm run screenshots` (an e2e test
 * tagged @screenshots saving it under docs/), so a picture can never drift from the app: an image
 * added by hand, or one whose test was removed, fails here. docs/export-example.png was the one
 * nothing wrote.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { docsDir, repoRoot } from './paths.ts';

/** Images a markdown file shows, as paths relative to the repository. */
function shown(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const dir = path.relative(repoRoot, path.dirname(file));
  return [...text.matchAll(/!\[[^\]]*\]\(([^)\s]+\.(?:png|svg))\)/g)].map((m) => path.normalize(path.join(dir, m[1] as string)));
}

/** The names `docs(...)` is called with in the @screenshots tests, template parts as wildcards. */
function written(): RegExp[] {
  const e2e = path.join(repoRoot, 'e2e');
  return readdirSync(e2e)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => {
      const text = readFileSync(path.join(e2e, f), 'utf8');
      if (!text.includes("tag: '@screenshots'")) return [];
      return [...text.matchAll(/docs\((['`])([^'`]+)\1\)/g)].map((m) => {
        const name = (m[2] as string).split(/\$\{[^}]*\}/).map((p) => p.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('.+');
        return new RegExp(`^docs/${name}$`);
      });
    });
}

describe('pictures in the README and docs', () => {
  const files = [path.join(repoRoot, 'README.md'), ...readdirSync(docsDir).filter((f) => f.endsWith('.md')).map((f) => path.join(docsDir, f))];
  const images = [...new Set(files.flatMap(shown))];

  it('are all written by npm run screenshots', () => {
    expect(images.length).toBeGreaterThan(5);
    const makers = written();
    expect(images.filter((img) => !makers.some((re) => re.test(img)))).toEqual([]);
  });
});
