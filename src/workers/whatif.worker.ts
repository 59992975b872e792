/**
 * The what-if worker: a thin shell around `WhatIfHost`. One per what-if session; the page
 * terminates it to cancel a run and when the session ends.
 */
import { WhatIfHost } from './whatifHost.ts';
import type { WhatIfMessage, WhatIfRequest } from './whatifProtocol.ts';

// The project's lib is DOM, not WebWorker: name only what this shell uses.
const scope = self as unknown as {
  postMessage(message: WhatIfMessage): void;
  onmessage: ((event: MessageEvent<WhatIfRequest>) => void) | null;
};

const host = new WhatIfHost((m) => scope.postMessage(m));
scope.onmessage = (event) => host.receive(event.data);
