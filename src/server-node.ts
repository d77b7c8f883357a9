/** modelgate/server/node: serve the gateway's web-standard handler on Node's HTTP server. */
export { listen, type FetchHandler } from './cli/node-listener';
