// governance.config.mjs: the gateway config above, plus limits, budgets and the usage log.
import gateway from './gateway.config.mjs';

/** @type {import('modelgate/server').GatewayServerConfig} */
const config = {
  ...gateway,
  keys: [
    // The web app's key: spend counted for its team; admin keys read every report.
    { name: 'web-app', key: process.env.GATEWAY_KEY, team: 'product', admin: true },
    // The batch jobs: one model, their own limits and their own monthly budget.
    {
      name: 'batch-jobs',
      sha256: process.env.BATCH_KEY_SHA256,
      models: ['openai/gpt-oss-120b'],
      team: 'data',
      limits: { requestsPerMinute: 30, concurrentRequests: 2 },
      budget: { monthlyUsd: 50, softUsd: 40 },
    },
  ],
  // perKey: every key without limits of its own; perUser: every providerOptions.gateway.user.
  limits: {
    perKey: { requestsPerMinute: 600, tokensPerDay: 20_000_000, concurrentRequests: 50 },
    perUser: { requestsPerMinute: 20, tokensPerDay: 200_000, concurrentRequests: 3 },
  },
  // Monthly (UTC) budgets in USD: past monthlyUsd, calls answer 402 until the month ends.
  budgets: {
    teams: { product: { monthlyUsd: 2000, softUsd: 1500 } },
    users: { default: { monthlyUsd: 10, softUsd: 8 }, 'user-vip': { monthlyUsd: 100 } },
    tags: { 'feature:summaries': { monthlyUsd: 300 } },
    // By providerOptions.gateway.quotaEntityId: each of your tenants, whichever key calls for it.
    quotaEntities: { default: { monthlyUsd: 25 }, 'acct-enterprise': { monthlyUsd: 500 } },
  },
  // Receives a JSON POST when a budget first crosses its softUsd in a month (unset: the log line only).
  budgetWebhook: process.env.BUDGET_WEBHOOK_URL,
  usageLog: { storePrompts: false },
  storage: { onOutage: 'open' },
};

export default config;
