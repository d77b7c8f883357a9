/** The Anthropic-format model list (Claude Code's gateway model discovery), paged as the Anthropic API pages. */
import { describe, expect, it } from 'vitest';
import type { ResolvedModel, ResolvedServerConfig } from '../../src/server/config';
import { anthropicModelPage } from '../../src/server/anthropic-compatible/models-list';

const model = (id: string, type: ResolvedModel['type'] = 'language'): ResolvedModel => ({ id, name: `Name of ${id}`, type, endpoints: [] });
const config: Pick<ResolvedServerConfig, 'models'> = {
  models: new Map(
    [model('anthropic/a'), model('openai/embed', 'embedding'), model('anthropic/b'), model('openai/c'), model('openai/d'), model('openai/img', 'image')].map((entry) => [entry.id, entry]),
  ),
};
const ids = (page: ReturnType<typeof anthropicModelPage>) => page.data.map((entry) => entry.id);

describe('anthropicModelPage', () => {
  it('lists every language model in one page without a limit', () => {
    const page = anthropicModelPage(config, {});
    expect(ids(page)).toEqual(['anthropic/a', 'anthropic/b', 'openai/c', 'openai/d']);
    expect(page).toMatchObject({ has_more: false, first_id: 'anthropic/a', last_id: 'openai/d' });
    expect(page.data[0]).toEqual({
      type: 'model',
      id: 'anthropic/a',
      display_name: 'Name of anthropic/a',
      created_at: '1970-01-01T00:00:00Z',
      capabilities: null,
      deprecated_at: null,
      lifecycle: 'active',
      line: null,
      max_input_tokens: null,
      max_tokens: null,
      retires_at: null,
    });
  });

  it('pages forward with after_id and backward with before_id', () => {
    expect(anthropicModelPage(config, { limit: '2' })).toMatchObject({ has_more: true, first_id: 'anthropic/a', last_id: 'anthropic/b' });
    const next = anthropicModelPage(config, { limit: '2', afterId: 'anthropic/b' });
    expect(ids(next)).toEqual(['openai/c', 'openai/d']);
    expect(next.has_more).toBe(false);
    const back = anthropicModelPage(config, { limit: '2', beforeId: 'openai/d' });
    expect(ids(back)).toEqual(['anthropic/b', 'openai/c']);
    expect(back.has_more).toBe(true);
    expect(anthropicModelPage(config, { limit: '5', beforeId: 'anthropic/b' })).toMatchObject({ has_more: false, first_id: 'anthropic/a', last_id: 'anthropic/a' });
  });

  it('rejects a bad limit, an unknown cursor and both cursors at once, saying what to send', () => {
    expect(() => anthropicModelPage(config, { limit: '0' })).toThrow(/integer from 1 to 1000/);
    expect(() => anthropicModelPage(config, { limit: 'ten' })).toThrow(/integer from 1 to 1000/);
    expect(() => anthropicModelPage(config, { afterId: 'nobody/none' })).toThrow(/Unknown model id "nobody\/none" in `after_id`/);
    expect(() => anthropicModelPage(config, { afterId: 'anthropic/a', beforeId: 'openai/d' })).toThrow(/at most one/);
  });
});
