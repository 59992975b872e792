/**
 * The what-if host on the page's own thread, answering asynchronously as the worker would: for
 * environments without Worker support (and tests).
 * @internal
 */
import { WhatIfHost } from './whatifHost.ts';
import type { WhatIfMessage, WhatIfPort } from './whatifProtocol.ts';

/** The host on this thread, answering asynchronously like a worker would. */
export function inThreadPort(): WhatIfPort {
  let live = true;
  const port: WhatIfPort = {
    postMessage: (m) => queueMicrotask(() => live && host.receive(structuredClone(m))),
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
