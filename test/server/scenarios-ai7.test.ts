/**
 * Issue 11 item 6 with ai 7: the gateway server on a real socket, called through modelgate
 * (spec v4), the public @ai-sdk/gateway 4.x, and plain 'provider/model' strings resolved by
 * ai's global default provider (one of each). The scenarios are in scenario-suite.ts.
 */
import { createGateway as createPublicGateway } from 'gateway-v4';
import { createGateway, registerGateway } from '../../src/v4';
import { ai7Client } from './scenario-clients';
import { defineScenarios, useHarness } from './scenario-suite';

const harness = useHarness();

defineScenarios('modelgate (ai 7, spec v4)', harness, (url, apiKey) => {
  const gateway = createGateway({ baseURL: `${url}/v4/ai`, apiKey });
  return ai7Client({
    name: 'modelgate v4',
    isModelgate: true,
    models: { language: gateway, embedding: gateway.embeddingModel, image: gateway.imageModel },
    account: gateway,
  });
});

defineScenarios('@ai-sdk/gateway 4.x (ai 7)', harness, (url, apiKey) => {
  const gateway = createPublicGateway({ baseURL: `${url}/v4/ai`, apiKey });
  return ai7Client({
    name: '@ai-sdk/gateway 4',
    isModelgate: false,
    models: { language: (id) => gateway(id), embedding: (id) => gateway.embeddingModel(id), image: (id) => gateway.imageModel(id) },
    account: gateway,
  });
});

defineScenarios(
  "plain 'provider/model' strings (ai 7, modelgate's registerGateway)",
  harness,
  (url, apiKey) => {
    const gateway = createGateway({ baseURL: `${url}/v4/ai`, apiKey });
    // Registered right before each call: the bad-key scenario makes a second client.
    const plain = (id: string) => (registerGateway(gateway), id);
    return ai7Client({ name: 'plain strings → modelgate v4', isModelgate: true, models: { language: plain, embedding: plain, image: plain } });
  },
  { plainStrings: true },
);

defineScenarios(
  "plain 'provider/model' strings (ai 7, @ai-sdk/gateway 4.x as the global provider)",
  harness,
  (url, apiKey) => {
    const gateway = createPublicGateway({ baseURL: `${url}/v4/ai`, apiKey });
    const plain = (id: string) => ((globalThis.AI_SDK_DEFAULT_PROVIDER = gateway), id);
    return ai7Client({ name: 'plain strings → @ai-sdk/gateway 4', isModelgate: false, models: { language: plain, embedding: plain, image: plain } });
  },
  { plainStrings: true },
);
