/**
 * The local gateway stand-in (examples/local-gateway.ts) runs every gateway tool: through the
 * real `ai` of each major over a real socket, each tool's call comes back executed, with a
 * result its output schema accepts, and the same request gets the same answer.
 */
import * as ai5 from 'ai';
import * as ai6 from 'ai-v6';
import * as ai7 from 'ai-v7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalGateway, type LocalGateway } from '../examples/local-gateway';
import { createGateway as createV2 } from '../src';
import { createGateway as createV3 } from '../src/v3';
import { createGateway as createV4 } from '../src/v4';

let local: LocalGateway;
beforeAll(async () => {
  local = await startLocalGateway({ streamDelayMs: 0 });
});
afterAll(() => local.close());

const PROMPT = 'Latest news about AI gateways';
const MODEL = 'openai/gpt-5.4';

/** A schema as `ai` holds it: something with `validate`. */
interface Validating {
  validate?: (value: unknown) => PromiseLike<{ success: boolean }> | { success: boolean };
}

/** Whether `output` passes the output schema, as `ai` of that major converts and checks it. */
async function fits(schema: Validating, output: unknown) {
  if (!schema.validate) throw new Error('expected a validating schema');
  return (await schema.validate(output)).success;
}

interface ToolRun {
  toolCalls: Array<{ toolName: string; input: unknown; providerExecuted?: boolean }>;
  toolResults: Array<{ toolName: string; output: unknown; providerExecuted?: boolean }>;
  text: string;
  steps: unknown[];
}

/** Runs `run` twice and checks the executed call, the result's schema and determinism. */
async function expectExecuted(run: () => PromiseLike<ToolRun>, outputSchema: (output: unknown) => Promise<boolean>) {
  const [first, second] = [await run(), await run()];
  expect(first.toolCalls).toMatchObject([{ toolName: 'web', providerExecuted: true }]);
  expect(first.toolResults).toMatchObject([{ toolName: 'web', providerExecuted: true }]);
  const output = first.toolResults[0]!.output;
  expect(output).not.toHaveProperty('error');
  expect(await outputSchema(output)).toBe(true);
  expect(first.text).toContain('I used web');
  // The gateway ran the tool: one step, nothing run locally.
  expect(first.steps).toHaveLength(1);
  expect(second.toolCalls.map((call) => call.input)).toEqual(first.toolCalls.map((call) => call.input));
  expect(second.toolResults[0]!.output).toEqual(output);
}

describe('ai 7 + modelgate/v4: the stand-in runs all eight gateway tools', () => {
  const names = Object.entries(createV4({ apiKey: 'k' }).tools);
  it.each(names)('%s', async (_name, makeTool) => {
    const provider = createV4({ baseURL: local.baseURL('v4'), apiKey: 'local' });
    const tool = makeTool();
    await expectExecuted(
      () => ai7.generateText({ model: provider(MODEL), prompt: PROMPT, tools: { web: tool } }),
      (output) => fits(ai7.asSchema(tool.outputSchema), output),
    );
  });

  it('streams the executed call, its result and the reply', async () => {
    const provider = createV4({ baseURL: local.baseURL('v4'), apiKey: 'local' });
    const tool = provider.tools.exaSearch({ numResults: 2 });
    const result = ai7.streamText({ model: provider(MODEL), prompt: PROMPT, tools: { web: tool } });
    const types: string[] = [];
    for await (const part of result.fullStream) types.push(part.type);
    expect(types.filter((type) => type.startsWith('tool-'))).toEqual([
      'tool-input-start',
      'tool-input-delta',
      'tool-input-end',
      'tool-call',
      'tool-result',
    ]);
    const [toolResult] = await result.toolResults;
    expect(toolResult).toMatchObject({ toolName: 'web', providerExecuted: true, output: { results: [{}, {}] } });
    expect(await fits(ai7.asSchema(tool.outputSchema), toolResult!.output)).toBe(true);
    expect(await result.text).toContain('Exa found 2');
  });
});

describe('ai 6 + modelgate/v3: the stand-in runs all eight gateway tools', () => {
  const names = Object.entries(createV3({ apiKey: 'k' }).tools);
  it.each(names)('%s', async (_name, makeTool) => {
    const provider = createV3({ baseURL: local.baseURL('v3'), apiKey: 'local' });
    const tool = makeTool();
    await expectExecuted(
      () => ai6.generateText({ model: provider(MODEL), prompt: PROMPT, tools: { web: tool } }),
      (output) => fits(ai6.asSchema(tool.outputSchema), output),
    );
  });
});

describe("ai 5 + modelgate: the stand-in runs 2.x's two gateway tools", () => {
  const names = Object.entries(createV2({ apiKey: 'k' }).tools);
  it.each(names)('%s', async (_name, makeTool) => {
    const provider = createV2({ baseURL: local.baseURL('v2'), apiKey: 'local' });
    const tool = makeTool();
    await expectExecuted(
      () => ai5.generateText({ model: provider(MODEL), prompt: PROMPT, tools: { web: tool } }),
      (output) => fits(ai5.asSchema(tool.outputSchema), output),
    );
  });
});
