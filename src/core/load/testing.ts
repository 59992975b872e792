import { readYaml } from './yamlDocuments.ts';
import { DEFAULT_LIMITS } from './limits.ts';
import type { SourceDocument } from './sourceDocument.ts';

/**
 * Test helper (used by unit tests of the per-kind parsers): the first document of a YAML text,
 * with real line positions.
 * @internal
 */
export function yamlDoc(text: string, file = 'test.yaml'): SourceDocument {
  const res = readYaml(file, text, DEFAULT_LIMITS);
  const doc = res.documents[0];
  if (!doc) throw new Error(`no document in test YAML: ${JSON.stringify(res.diagnostics)}`);
  return doc;
}
