// replicas.config.mjs: the governance config above, shared by every replica through Redis and PostgreSQL.
import governance from './governance.config.mjs';

/** @type {import('modelgate/server').GatewayServerConfig} */
const config = {
  ...governance,
  storage: {
    // Rate limits, concurrency slots, budget counters and the response cache: one for all replicas.
    redis: process.env.REDIS_URL,
    // The usage log behind /v1/generation, /v1/report and /dashboard.
    postgres: process.env.DATABASE_URL,
    // A store that fails: 'open' keeps serving without limits and budgets, 'closed' answers 503.
    onOutage: 'open',
  },
};

export default config;
