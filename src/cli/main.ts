/**
 * `netpol-viz`: the command line on the same core as the app.
 * Each command lives in src/cli/commands/<name>.ts and exports `run(argv, io): Promise<number>`.
 */
import type { CliIo } from './io.ts';
import { nodeIo } from './io.ts';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Command = { summary: string; load: () => Promise<{ run: (argv: string[], io: CliIo) => Promise<number> }> };

const commands: Record<string, Command> = {
  inspect: { summary: 'what was loaded from files/folders (counts by kind) and every diagnostic', load: () => import('./commands/inspect.ts') },
  explain: { summary: 'Cilium verdict for one path (or a JSONL batch), with the rules that decided it', load: () => import('./commands/explain.ts') },
  connlist: { summary: "every allowed connection in netpol-analyzer's list layout (txt, json, csv, md, dot)", load: () => import('./commands/connlist.ts') },
  flows: { summary: 'Hubble flow exports per edge (verdicts, drops, TCP flags), cross-checked against policies', load: () => import('./commands/flows.ts') },
  render: { summary: 'the connectivity graph as SVG or PNG (customer view, highlighted path), as the app exports it', load: () => import('./commands/render.ts') },
  lint: { summary: 'policies Cilium accepts that do not do what they seem to (traps, widened rules, version changes)', load: () => import('./commands/lint.ts') },
  diff: { summary: 'connectivity changes between two policy sets (--before … --after …), with the rules responsible', load: () => import('./commands/diff.ts') },
  fix: { summary: 'smallest policy change that allows (or blocks) one path, as YAML, with its blast radius', load: () => import('./commands/fix.ts') },

};

export function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return ['Usage: netpol-viz <command> [options]', '', 'Commands:', ...lines, '', 'Run `netpol-viz <command> --help` for options.'].join('\n');
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    io.err(usage() + '\n'); // a usage error: stderr, exit 2
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(usage() + '\n');
    return 0;
  }
  const cmd = commands[name];
  if (!cmd) {
    io.err(`netpol-viz: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  try {
    const mod = await cmd.load();
    return await mod.run(rest, io);
  } catch (e) {
    // A bug, never bad input (that is a diagnostic): one clear line and exit code 2, the stack only on request.
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]?.trim() || 'unknown error';
    io.err(`netpol-viz ${name}: internal error: ${message.replace(/\.$/, '')}. This is a bug in netpol-viz; please report it with the command line${io.debug ? '' : ' (NETPOL_VIZ_DEBUG=1 shows where it happened)'}.\n`);
    if (io.debug && e instanceof Error && e.stack) io.err(`${e.stack}\n`);
    return 2;
  }
}

export { commands };

// Entry point when run directly (bin/netpol-viz.js imports this file).
export async function runFromProcess(): Promise<void> {
  const code = await main(process.argv.slice(2), nodeIo());
  process.exitCode = code;
}

/** Whether this file is the script node was started with (`npx tsx src/cli/main.ts …`), not imported (bin/netpol-viz.js, tests). */
function isEntryScript(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryScript()) void runFromProcess();
