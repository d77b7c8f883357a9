/** modelgate/server: a self-hosted AI Gateway that speaks the hosted gateway's protocol. */
export { createGatewayServer, type GatewayServer, type GatewayServerOptions } from './gateway-server';
export { bunServeOptions, type BunServeOptions, type BunServer, type BunServerWebSocket } from './bun-serve';
export type { RelaySocket, UpstreamWebSocketClass, WebSocketAcceptance, WebSocketAdapterDefaults } from './server-websocket';
export type {
  ApiKeyConfig,
  BudgetConfig,
  BudgetsConfig,
  RateLimitConfig,
  GatewayModelConfig,
  GatewayModelType,
  GatewayServerConfig,
  GatewayStorageConfig,
  ModelEndpointConfig,
  ModelPricing,
  UpstreamProviderConfig,
  UpstreamProviderFactory,
  UpstreamProviderInstance,
} from './config';
export type { GenerationRecord } from './generation-log';
export type { CounterStore, UsageStore, UsageRecord, UsageAttempt, ReportQuery, ReportRow, ScopeTotal, LatencyRow, CachedResponse } from '../storage/types';
export { MemoryCounterStore } from '../storage/memory-counter-store';
export { MemoryUsageStore } from '../storage/memory-usage-store';
export { restoreCounters, type RestoredCounters } from './governance/restore-counters';
export { GatewayServerError } from '../errors/gateway-server-error';
