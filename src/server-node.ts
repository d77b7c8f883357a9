/** modelgate/server/node: serve the gateway's web-standard handler on Node's HTTP server, reach providers straight through the connection pool under Node's fetch, and open its storage engines. */
export { listen, DEFAULT_MAX_BODY_BYTES, type FetchHandler, type ListenOptions, type UpgradingHandler } from './cli/node-listener';
export { createNodeFetch, installNodeFetch, type NodeFetchOptions } from './cli/node-fetch';
export {
  openGatewayStorage,
  openStorage,
  describeUrl,
  type GatewayStorage,
  type GatewayStorageOptions,
  type OpenedStorage,
  type StorageConfig,
} from './storage/open-storage';
