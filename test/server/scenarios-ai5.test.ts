/**
 * Issue 11 item 6 with ai 5: the gateway server on a real socket, called through modelgate
 * (spec v2), the public @ai-sdk/gateway 2.x, and plain 'provider/model' strings resolved by
 * ai's global default provider (one of each). The scenarios are in scenario-suite.ts.
 */
import { createGateway as createPublicGateway } from '@ai-sdk/gateway';
import { createGateway, registerGateway } from '../../src/index';
import { ai5Client } from './scenario-clients';
import { defineScenarios, useHarness } from './scenario-suite';

const harness = useHarness();

defineScenarios('modelgate (ai 5, spec v2)', harness, (url, apiKey) => {
  const gateway = createGateway({ baseURL: `${url}/v1/ai`, apiKey });
  return ai5Client({
    name: 'modelgate v2',
    isModelgate: true,
    models: { language: gateway, embedding: gateway.textEmbeddingModel, image: gateway.imageModel },
    account: gateway,
  });
});

defineScenarios('@ai-sdk/gateway 2.x (ai 5)', harness, (url, apiKey) => {
  const gateway = createPublicGateway({ baseURL: `${url}/v1/ai`, apiKey });
  return ai5Client({
    name: '@ai-sdk/gateway 2',
    isModelgate: false,
    models: { language: (id) => gateway(id), embedding: (id) => gateway.textEmbeddingModel(id), image: (id) => gateway.imageModel(id) },
    account: gateway,
  });
});

defineScenarios(
  "plain 'provider/model' strings (ai 5, modelgate's registerGateway)",
  harness,
  (url, apiKey) => {
    const gateway = createGateway({ baseURL: `${url}/v1/ai`, apiKey });
    // Registered right before each call: the bad-key scenario makes a second client.
    const plain = (id: string) => (registerGateway(gateway), id);
    return ai5Client({ name: 'plain strings → modelgate v2', isModelgate: true, models: { language: plain, embedding: plain, image: plain } });
  },
  { plainStrings: true },
);

defineScenarios(
  "plain 'provider/model' strings (ai 5, @ai-sdk/gateway 2.x as the global provider)",
  harness,
  (url, apiKey) => {
    const gateway = createPublicGateway({ baseURL: `${url}/v1/ai`, apiKey });
    const plain = (id: string) => ((globalThis.AI_SDK_DEFAULT_PROVIDER = gateway), id);
    return ai5Client({ name: 'plain strings → @ai-sdk/gateway 2', isModelgate: false, models: { language: plain, embedding: plain, image: plain } });
  },
  { plainStrings: true },
);
