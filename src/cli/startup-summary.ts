import type { ResolvedServerConfig } from '../server/config';
import type { ProviderCompliance } from '../server/routing-filters';

const perMillion = (price: string | number | undefined) =>
  price === undefined ? '?' : `$${(Number(price) * 1_000_000).toFixed(2).replace(/\.00$/, '')}`;

/** A provider as the summary lists it: its slug, then whether it takes BYOK keys and the terms the config states, e.g. `openai (byok, ZDR, no training, US)`. */
function providerLabel(slug: string, byok: boolean, compliance: ProviderCompliance | undefined): string {
  const notes = [
    ...(byok ? ['byok'] : []),
    ...(compliance?.zeroDataRetention ? ['ZDR'] : []),
    ...(compliance?.trainsOnPrompts === false ? ['no training'] : compliance?.trainsOnPrompts ? ['trains on prompts'] : []),
    ...(compliance?.headquarters ? [compliance.headquarters] : []),
  ];
  return notes.length ? `${slug} (${notes.join(', ')})` : slug;
}

/** The one-screen summary `modelgate serve` prints: where to point clients, and what is served. */
export function startupSummary(config: ResolvedServerConfig, url: string, version: string, storage?: string, upstreamFetch?: 'node' | 'undici'): string {
  const lines = [
    `modelgate ${version} gateway listening on ${url}`,
    `  base URLs   ${url}/v1/ai (ai 5)  ${url}/v3/ai (ai 6)  ${url}/v4/ai (ai 7)`,
    `  health      ${url}/health (live)  ${url}/health/ready (ready: storage answers)`,
    `  providers   ${[...config.providers.values()].map((provider) => providerLabel(provider.slug, provider.withCredential !== undefined, config.compliance.get(provider.slug))).join(', ')}`,
    `  keys        ${config.keyNames.length}: ${config.keyNames.join(', ')}`,
    `  models      ${config.models.size}`,
  ];
  const width = Math.max(...[...config.models.keys()].map((id) => id.length));
  for (const model of config.models.values()) {
    const first = model.endpoints[0]!;
    const price =
      model.type === 'image'
        ? first.pricing?.image !== undefined ? `$${first.pricing.image}/image` : ''
        : first.pricing ? `${perMillion(first.pricing.input)} in / ${perMillion(first.pricing.output)} out per M tokens` : '';
    const route = model.endpoints.map((endpoint) => `${endpoint.provider}:${endpoint.model}`).join(' → ');
    lines.push(`    ${model.id.padEnd(width)}  ${model.type.padEnd(9)}  ${route}${price ? `  (${price})` : ''}`);
  }
  if (storage !== undefined) lines.push(`  storage     ${storage}`);
  lines.push(
    `  first-token timeout ${config.firstTokenTimeoutMs} ms · attempt timeout ${config.attemptTimeoutMs} ms` +
      (upstreamFetch ? ` · upstream fetch ${upstreamFetch === 'node' ? "direct to Node's connection pool (--fetch undici for Node's fetch)" : "Node's own (undici)"}` : ''),
  );
  return lines.join('\n');
}
