import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The core must stay runnable in Node, a Web Worker and the CLI: the lint rule is the guard.
const eslint = new ESLint({ cwd: process.cwd() });

async function messagesFor(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('src/core purity rule', () => {
  it('rejects React, Cytoscape (even type-only), UI modules and Node built-ins in core', async () => {
    const code = [
      "import { useState } from 'react';",
      "import type { Core } from 'cytoscape';",
      "import { App } from '../../ui/App.tsx';",
      "import { readFileSync } from 'node:fs';",
      'export const x = [useState, App, readFileSync] as unknown as Core;',
    ].join('\n');
    const msgs = await messagesFor(code, 'src/core/engine/example.ts');
    expect(msgs.some((m) => m.includes('no React'))).toBe(true);
    expect(msgs.some((m) => m.includes('no Cytoscape'))).toBe(true);
    expect(msgs.some((m) => m.includes('may import only src/core'))).toBe(true);
    expect(msgs.some((m) => m.includes('pass I/O in'))).toBe(true);
  });

  it('rejects DOM globals in core', async () => {
    const msgs = await messagesFor('export const w = window.innerWidth + document.title.length;\n', 'src/core/graph/example.ts');
    expect(msgs.filter((m) => m.startsWith('no-restricted-globals'))).toHaveLength(2);
  });

  it('lets core tests read fixtures from disk, and lets the UI use React', async () => {
    expect(await messagesFor("import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", 'src/core/load/example.test.ts')).toEqual([]);
    expect(await messagesFor("import { useState } from 'react';\nexport const u = useState;\n", 'src/ui/example.tsx')).toEqual([]);
  });
});
