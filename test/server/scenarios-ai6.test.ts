/**
 * Issue 11 item 6 with ai 6: the gateway server on a real socket, called through modelgate
 * (spec v3), the public @ai-sdk/gateway 3.x, and plain 'provider/model' strings resolved by
 * ai's global default provider (one of each). The scenarios are in scenario-suite.ts.
 */
import { createGateway as createPublicGateway } from 'gateway-v3';
import { createGateway, registerGateway } from '../../src/v3';
import { ai6Client } from './scenario-clients';
import { defineScenarios, useHarness } from './scenario-suite';

const harness = useHarness();

defineScenarios('modelgate (ai 6, spec v3)', harness, (url, apiKey) => {
  const gateway = createGateway({ baseURL: `${url}/v3/ai`, apiKey });
  return ai6Client({
    name: 'modelgate v3',
    isModelgate: true,
    models: { language: gateway, embedding: gateway.embeddingModel, image: gateway.imageModel },
    account: gateway,
  });
});

defineScenarios('@ai-sdk/gateway 3.x (ai 6)', harness, (url, apiKey) => {
  const gateway = createPublicGateway({ baseURL: `${url}/v3/ai`, apiKey });
  return ai6Client({
    name: '@ai-sdk/gateway 3',
    isModelgate: false,
    models: { language: (id) => gateway(id), embedding: (id) => gateway.embeddingModel(id), image: (id) => gateway.imageModel(id) },
    account: gateway,
  });
});

defineScenarios(
  "plain 'provider/model' strings (ai 6, modelgate's registerGateway)",
  harness,
  (url, apiKey) => {
    const gateway = createGateway({ baseURL: `${url}/v3/ai`, apiKey });
    // Registered right before each call: the bad-key scenario makes a second client.
    const plain = (id: string) => (registerGateway(gateway), id);
    return ai6Client({ name: 'plain strings → modelgate v3', isModelgate: true, models: { language: plain, embedding: plain, image: plain } });
  },
  { plainStrings: true },
);

defineScenarios(
  "plain 'provider/model' strings (ai 6, @ai-sdk/gateway 3.x as the global provider)",
  harness,
  (url, apiKey) => {
    const gateway = createPublicGateway({ baseURL: `${url}/v3/ai`, apiKey });
    const plain = (id: string) => ((globalThis.AI_SDK_DEFAULT_PROVIDER = gateway), id);
    return ai6Client({ name: 'plain strings → @ai-sdk/gateway 3', isModelgate: false, models: { language: plain, embedding: plain, image: plain } });
  },
  { plainStrings: true },
);
