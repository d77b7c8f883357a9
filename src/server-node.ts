/** modelgate/server/node: serve the gateway's web-standard handler on Node's HTTP server, and open its storage engines. */
export { listen, type FetchHandler } from './cli/node-listener';
export {
  openGatewayStorage,
  openStorage,
  describeUrl,
  type GatewayStorage,
  type GatewayStorageOptions,
  type OpenedStorage,
  type StorageConfig,
} from './storage/open-storage';
