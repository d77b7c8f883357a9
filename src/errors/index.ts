export { GatewayError, type GatewayErrorOptions } from './gateway-error';
export * from './gateway-error-classes';
