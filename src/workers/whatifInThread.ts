/**
 * The what-if host on the page's own thread, answering asynchronously as the worker would: for
 * environments without Worker support (and tests).
 * @internal
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
import type { WhatIfMessage, WhatIfPort } from './whatifProtocol.ts';

/** The host on this thread, answering asynchronously like a worker would. */
export function inThreadPort(): WhatIfPort {
  let live = true;
  // Drafts may have HTTP rules: their patterns need re2js (a chunk of its own) before any request;
  // drafts are read by the loader, which may need the careful YAML parser and the rare readers
  // (core/load/rareInputs.ts: kubectl messages, text for people), chunks of their own too; a view
  // with a search text needs the search (core/search/searchCode.ts).
  const ready = Promise.all([loadRe2(), loadCarefulParser(), rareReaders.load(), searchCode.load(), ipcacheCode.load(), tierWords.load(), conflictCode.load(), tenantSharesCode.load()]);
  const port: WhatIfPort = {
    postMessage: (m) => {
      const copy = structuredClone(m);
      void ready.then(() => live && host.receive(copy));
    },
    terminate: () => {
      live = false;
    },
    onmessage: null,
    onerror: null,
  };
  const host = new WhatIfHost((m) => {
    if (live) port.onmessage?.({ data: m } as MessageEvent<WhatIfMessage>);
  });
  return port;
}
