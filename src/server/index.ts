/** modelgate/server: a self-hosted AI Gateway that speaks the hosted gateway's protocol. */
export { createGatewayServer, type GatewayServer, type GatewayServerOptions } from './gateway-server';
export type {
  ApiKeyConfig,
  GatewayModelConfig,
  GatewayModelType,
  GatewayServerConfig,
  ModelEndpointConfig,
  ModelPricing,
  UpstreamProviderConfig,
  UpstreamProviderFactory,
  UpstreamProviderInstance,
} from './config';
export type { GenerationLog, GenerationRecord } from './generation-log';
export { GatewayServerError } from '../errors/gateway-server-error';
