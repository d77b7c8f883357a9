// embedded.config.mjs: the governance config above on one machine, kept across restarts.
import governance from './governance.config.mjs';

/** @type {import('modelgate/server').GatewayServerConfig} */
const config = { ...governance, storage: { embedded: '.modelgate' } };

export default config;
