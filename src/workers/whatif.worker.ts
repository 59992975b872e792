/**
 * The what-if worker: a thin shell around `WhatIfHost`. One per what-if session; the page
 * terminates it to cancel a run and when the session ends.
 */
import { loadCarefulParser } from '../core/load/carefulReader.ts';
import { tenantSharesCode } from '../core/graph/tenantSharesCode.ts';
import { searchCode } from '../core/search/searchCode.ts';
import { ipcacheCode } from '../core/engine/ipcacheCode.ts';
import { tierWords } from '../core/engine/tierWordsCode.ts';
import { conflictCode } from '../core/engine/conflictCode.ts';
import { rareReaders } from '../core/load/rareInputs.ts';
import { loadRe2 } from '../core/util/re2.ts';
import { WhatIfHost } from './whatifHost.ts';
import type { WhatIfMessage, WhatIfRequest } from './whatifProtocol.ts';

// The project's lib is DOM, not WebWorker: name only what this shell uses.
const scope = self as unknown as {
  postMessage(message: WhatIfMessage): void;
  onmessage: ((event: MessageEvent<WhatIfRequest>) => void) | null;
};

const host = new WhatIfHost((m) => scope.postMessage(m));
// Drafts may have HTTP rules: their patterns need re2js (a chunk of its own) before any request;
// drafts are read by the loader, which may need the careful YAML parser and the rare readers
// (core/load/rareInputs.ts: kubectl messages, text for people), chunks of their own too; a view
// with a search text needs the search (core/search/searchCode.ts).
const ready = Promise.all([loadRe2(), loadCarefulParser(), rareReaders.load(), searchCode.load(), ipcacheCode.load(), tierWords.load(), conflictCode.load(), tenantSharesCode.load()]);
scope.onmessage = (event) => void ready.then(() => host.receive(event.data));
