/**
 * The mark modelgate's Node listener (src/cli/node-listener.ts) sets on the requests it hands over. Such a request
 * is served in one Node process that writes whole answers from their text, with no per-request I/O context, so the
 * gateway may answer it without building the body (response-body.ts), use objects made before it arrived
 * (abort-controllers.ts) and make its usage record after its answer (UsageRecorder.recordLater). Other runtimes get
 * none of these: workerd, for one, binds every signal to the request that made it and may stop work left after an answer.
 */
export const FROM_NODE_LISTENER = Symbol.for('modelgate.fromNodeListener');

export function isNodeListenerRequest(request: Request): boolean {
  return (request as Request & { [FROM_NODE_LISTENER]?: boolean })[FROM_NODE_LISTENER] === true;
}
