import { describe, expect, it } from 'vitest';
import type { Diagnostic, Severity } from '../../core/model/diagnostic.ts';
import { diagnosticLocation, groupByFile, policiesByDocument, policyOfDiagnostic } from './diagnosticGroups.ts';

const d = (file: string, severity: Severity, line: number): Diagnostic => ({ file, document: 0, line, column: 0, path: '', severity, code: `c-${severity}`, message: 'm' });

describe('groupByFile: the diagnostics panel order', () => {
  it('files with errors first, then warnings, then notes; input order within each; lines in order', () => {
    const files = ['dump.zip', 'dump.zip/a/bugtool.tar.gz', 'dump.zip/a/cnp.yaml', 'dump.zip/a/pods.yaml', 'dump.zip/a/broken.yaml'];
    const groups = groupByFile(files, [
      d('dump.zip', 'info', 0),
      d('dump.zip/a/bugtool.tar.gz', 'info', 0),
      d('dump.zip/a/cnp.yaml', 'error', 67),
      d('dump.zip/a/cnp.yaml', 'info', 12),
      d('dump.zip/a/pods.yaml', 'warning', 3),
      d('dump.zip/a/broken.yaml', 'error', 4),
    ]);
    // Before: input order, the errors of a sysdump last, below a laptop's panel.
    expect(groups.map((g) => g.file)).toEqual(['dump.zip/a/cnp.yaml', 'dump.zip/a/broken.yaml', 'dump.zip/a/pods.yaml', 'dump.zip', 'dump.zip/a/bugtool.tar.gz']);
    expect(groups[0]?.items.map((i) => i.line)).toEqual([12, 67]);
  });

  it('a file only a diagnostic names (flows, a member) is listed too; files without any are not', () => {
    expect(groupByFile(['a.yaml', 'b.yaml'], [d('(flows)', 'warning', 0), d('b.yaml', 'info', 1)]).map((g) => g.file)).toEqual(['(flows)', 'b.yaml']);
  });
});

describe('diagnosticLocation', () => {
  const at = (document: number, line: number, column: number): Diagnostic => ({ ...d('p.yaml', 'error', line), document, column });
  it('names the document in a file of several (the walk: a policy rejected in document 2 said only "line 27")', () => {
    expect(diagnosticLocation(at(1, 27, 9), 3)).toBe('document 2, line 27, column 9');
    expect(diagnosticLocation(at(0, 4, 0), 2)).toBe('document 1, line 4');
  });
  it('leaves it out for a file of one document, and names it alone when there is no line', () => {
    expect(diagnosticLocation(at(0, 27, 9), 1)).toBe('line 27, column 9');
    expect(diagnosticLocation(at(0, 27, 9), undefined)).toBe('line 27, column 9');
    expect(diagnosticLocation(at(2, 0, 0), 3)).toBe('document 3');
    expect(diagnosticLocation(at(-1, 0, 0), 3)).toBe('whole file');
  });
});

describe('policyOfDiagnostic: the policy a diagnostic’s "Open policy" opens', () => {
  const p = (name: string, file: string, document: number, line: number) => ({ name, source: { file, document, line } });
  const policies = policiesByDocument([p('a', 'p.yaml', 0, 1), p('b', 'p.yaml', 1, 12), p('l1', 'list.yaml', 0, 4), p('l2', 'list.yaml', 0, 30)]);
  const at = (file: string, document: number, line: number): Diagnostic => ({ ...d(file, 'warning', line), document });
  it('is the policy of the diagnostic’s file and document, in a List the last starting at or before its line', () => {
    expect(policyOfDiagnostic(policies, at('p.yaml', 1, 20))?.name).toBe('b');
    expect(policyOfDiagnostic(policies, at('p.yaml', 0, 3))?.name).toBe('a');
    expect(policyOfDiagnostic(policies, at('list.yaml', 0, 29))?.name).toBe('l1');
    expect(policyOfDiagnostic(policies, at('list.yaml', 0, 31))?.name).toBe('l2');
    expect(policyOfDiagnostic(policies, at('list.yaml', 0, 0))?.name).toBe('l2');
  });
  it('is none for another file or document, a whole file, or a line before the document’s policies', () => {
    expect(policyOfDiagnostic(policies, at('q.yaml', 0, 3))).toBeNull();
    expect(policyOfDiagnostic(policies, at('p.yaml', 2, 30))).toBeNull();
    expect(policyOfDiagnostic(policies, at('p.yaml', -1, 0))).toBeNull();
    expect(policyOfDiagnostic(policies, at('list.yaml', 0, 2))).toBeNull();
  });
});
