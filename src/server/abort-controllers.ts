/**
 * AbortControllers made ahead of need, for modelgate's Node listener and the requests it hands over (see
 * listener-request.ts; workerd binds a signal to the request that made it, so nothing is shared there). On Node 20
 * a controller's signal costs ~5-10 µs to make (it is made transferable between threads), and each model call
 * needs two on its critical path: the listener's request signal and its attempt's. A few are kept made, refilled
 * once the current work is done: while the call waits for its upstream, not during it.
 */
import { afterCurrentWork } from './after-current-work';
import { isNodeListenerRequest } from './listener-request';

const SPARES = 4;
const spares: AbortController[] = [];
let refillScheduled = false;

function refill(): void {
  refillScheduled = false;
  while (spares.length < SPARES) {
    const controller = new AbortController();
    // The signal is made on first use: made here, it is what is saved.
    void controller.signal;
    spares.push(controller);
  }
}

/** A new AbortController (never used before), from the spares when there is one. */
export function takeAbortController(): AbortController {
  const controller = spares.pop() ?? new AbortController();
  if (!refillScheduled) {
    refillScheduled = true;
    afterCurrentWork(refill);
  }
  return controller;
}

/** How an attempt of `request` gets its controller: from the spares for the Node listener's requests (see listener-request.ts), else made then. */
export function abortControllersFor(request: Request): () => AbortController {
  return isNodeListenerRequest(request) ? takeAbortController : () => new AbortController();
}
