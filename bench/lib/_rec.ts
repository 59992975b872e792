import { readFileSync } from 'node:fs';
import { Loader } from '../../src/core/load/loadInputs.ts';
import { textFactsOfBytes } from '../../src/core/load/textFacts.ts';
const bytes = readFileSync('/tmp/l20prof/synth/pods-2.json');
const facts = textFactsOfBytes(bytes)!;
const rec = Loader.record('pods-2.json', facts, {})!;
console.log(rec.steps.length, JSON.stringify(rec.steps[0], (k, v) => (typeof v === 'bigint' ? `${v}n` : v), 1).slice(0, 3000));
const rs = Loader.record('replicasets-2.json', textFactsOfBytes(readFileSync('/tmp/l20prof/synth/replicasets-2.json'))!, {})!;
console.log(rs.steps.length, JSON.stringify(rs.steps[0], null, 1).slice(0, 3000));
