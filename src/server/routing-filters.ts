import { isRecord } from '@ai-sdk/provider-utils';
import { GatewayServerError } from '../errors/gateway-server-error';
import { SERVICE_TIERS, type ServiceTier } from './service-tier';

// The hosted gateway's routing filters: zeroDataRetention, disallowPromptTraining, headquarters, has, and the
// BYOK timeouts of providerTimeouts. What each provider and model offers is the operator's to state in the
// config (`compliance`, and an endpoint's `capabilities` and `quantization`); what is not stated does not
// qualify, so a filter never lets through a provider nobody vouched for.

/** What the operator states about a provider's terms (config `compliance[provider]`). */
export interface ProviderCompliance {
  /** The provider keeps no prompts or completions (a zero-data-retention agreement). */
  zeroDataRetention?: boolean;
  /** Whether the provider may train on prompts; `false` qualifies it for `disallowPromptTraining`. */
  trainsOnPrompts?: boolean;
  /** The country the provider is headquartered in, ISO 3166-1 alpha-2 (`'US'`). */
  headquarters?: string;
}

/** The capabilities a model endpoint can state (`capabilities` in the config), and `has` can ask for. */
export const CAPABILITIES = ['implicit-caching', 'reasoning', 'structured-output', 'tool-use', 'vision'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** What the filters read of one model endpoint. */
export interface EndpointFacts {
  provider: string;
  capabilities?: readonly string[];
  quantization?: string;
}

/** A request's filters, checked. */
export interface RoutingFilters {
  zeroDataRetention: boolean;
  disallowPromptTraining: boolean;
  /** Allowed countries, or (`exclude`) countries ruled out. */
  headquarters?: { exclude: boolean; countries: ReadonlySet<string> };
  capabilities: readonly Capability[];
  /** Weight formats required, or (`exclude`) ruled out; lower case. */
  quantization: ReadonlyArray<{ format: string; exclude: boolean }>;
  /** BYOK attempt timeouts by provider, ms. */
  byokTimeoutsMs: ReadonlyMap<string, number>;
}

/** The options the filters read from `providerOptions.gateway`, as the client sent them. */
export interface RoutingFilterOptions {
  zeroDataRetention?: unknown;
  disallowPromptTraining?: unknown;
  headquarters?: unknown;
  has?: unknown;
  providerTimeouts?: unknown;
  /** Not a filter, but checked here with them: every model call's options pass this check. */
  serviceTier?: unknown;
}

/** An ISO 3166-1 alpha-2 country code, any case. */
export const COUNTRY_CODE = /^[A-Za-z]{2}$/;
/** A weight format, as the hosted gateway takes it in `has`. */
export const WEIGHT_FORMAT = /^[a-zA-Z0-9._-]{1,32}$/;
/** The limits the hosted gateway puts on a BYOK timeout. */
const BYOK_TIMEOUT_MS = { min: 1_000, max: 789_000 };

const invalid = (option: string, message: string) =>
  new GatewayServerError({ status: 400, type: 'invalid_request_error', message: `providerOptions.gateway.${option}: ${message}`, param: { option } });

/** The filters of a call that sets none: most calls, so they share one. */
const NO_FILTERS: RoutingFilters = { zeroDataRetention: false, disallowPromptTraining: false, capabilities: [], quantization: [], byokTimeoutsMs: new Map() };

/** Checks a request's filter options (and `serviceTier`); throws a 400 naming the option and the fix. Pure. */
export function routingFilters(options: RoutingFilterOptions): RoutingFilters {
  const { zeroDataRetention, disallowPromptTraining, headquarters: countries, has, providerTimeouts, serviceTier } = options;
  if (zeroDataRetention === undefined && disallowPromptTraining === undefined && countries === undefined && has === undefined && providerTimeouts === undefined && serviceTier === undefined) return NO_FILTERS;
  if (serviceTier !== undefined && !SERVICE_TIERS.includes(serviceTier as ServiceTier)) {
    throw invalid('serviceTier', `expected ${SERVICE_TIERS.map((tier) => `'${tier}'`).join(' or ')}.`);
  }
  let headquarters: RoutingFilters['headquarters'];
  if (countries !== undefined) {
    if (!Array.isArray(countries) || !countries.every((code): code is string => typeof code === 'string')) throw invalid('headquarters', "expected a list of country codes, e.g. ['US', 'DE'] or ['!CN'].");
    const excluded = countries.filter((code) => code.startsWith('!'));
    if (excluded.length > 0 && excluded.length < countries.length) throw invalid('headquarters', "a list either names the countries allowed (['US', 'DE']) or, each with '!', the countries ruled out (['!CN']); it cannot mix the two.");
    const codes = countries.map((code) => code.replace(/^!/, ''));
    const bad = codes.find((code) => !COUNTRY_CODE.test(code));
    if (bad !== undefined) throw invalid('headquarters', `${JSON.stringify(bad)} is not an ISO 3166-1 alpha-2 country code; use two letters, e.g. 'US'.`);
    if (codes.length > 0) headquarters = { exclude: excluded.length > 0, countries: new Set(codes.map((code) => code.toUpperCase())) };
  }

  const capabilities: Capability[] = [];
  const quantization: Array<{ format: string; exclude: boolean }> = [];
  if (has !== undefined) {
    if (!Array.isArray(has)) throw invalid('has', "expected a list, e.g. ['vision', 'tool-use'].");
    for (const entry of has) {
      const format = typeof entry === 'string' ? /^(!?)quantization:(.*)$/.exec(entry) : null;
      if (format) {
        if (!WEIGHT_FORMAT.test(format[2]!)) throw invalid('has', `${JSON.stringify(entry)}: a weight format is 1 to 32 letters, digits, '.', '_' or '-', e.g. 'quantization:fp8'.`);
        quantization.push({ format: format[2]!.toLowerCase(), exclude: format[1] === '!' });
      } else if (CAPABILITIES.includes(entry as Capability)) {
        capabilities.push(entry as Capability);
      } else {
        throw invalid('has', `unknown capability ${JSON.stringify(entry)}; use ${CAPABILITIES.join(', ')}, 'quantization:<format>' or '!quantization:<format>'.`);
      }
    }
  }

  const byokTimeoutsMs = new Map<string, number>();
  const byok = isRecord(providerTimeouts) ? providerTimeouts.byok : undefined;
  if (isRecord(byok)) {
    for (const [provider, ms] of Object.entries(byok)) {
      if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < BYOK_TIMEOUT_MS.min || ms > BYOK_TIMEOUT_MS.max) {
        throw invalid(`providerTimeouts.byok.${provider}`, `a timeout is a whole number of ms from ${BYOK_TIMEOUT_MS.min.toLocaleString('en')} to ${BYOK_TIMEOUT_MS.max.toLocaleString('en')}.`);
      }
      byokTimeoutsMs.set(provider, ms);
    }
  }

  return {
    zeroDataRetention: zeroDataRetention === true,
    disallowPromptTraining: disallowPromptTraining === true,
    ...(headquarters ? { headquarters } : {}),
    capabilities,
    quantization,
    byokTimeoutsMs,
  };
}

/** Whether any filter narrows the providers. Pure. */
export const filtersProviders = (filters: RoutingFilters) =>
  filters.zeroDataRetention || filters.disallowPromptTraining || filters.headquarters !== undefined || filters.capabilities.length > 0 || filters.quantization.length > 0;

/**
 * Why a filter leaves out a provider or one of its credentials: `reason` is the code
 * `routing.skippedProviderAttempts` reports (`zdr_not_supported` as the hosted gateway reports it; the others
 * this server's), `detail` the words a 400 uses.
 */
export interface Exclusion {
  reason: 'zdr_not_supported' | 'trains_on_prompts' | 'headquarters_not_allowed' | 'capability_not_supported' | 'quantization_not_allowed';
  detail: string;
}

/**
 * Why an endpoint cannot serve a call under the filters, whatever the credential (headquarters, capabilities,
 * weight format); empty when it can. Pure.
 */
export function endpointExclusions(filters: RoutingFilters, endpoint: EndpointFacts, compliance: ProviderCompliance | undefined): Exclusion[] {
  const exclusions: Exclusion[] = [];
  if (filters.headquarters) {
    const country = compliance?.headquarters;
    if (country === undefined) exclusions.push({ reason: 'headquarters_not_allowed', detail: 'headquarters not stated' });
    else if (filters.headquarters.countries.has(country) === filters.headquarters.exclude) exclusions.push({ reason: 'headquarters_not_allowed', detail: `headquartered in ${country}` });
  }
  const missing = filters.capabilities.filter((capability) => !endpoint.capabilities?.includes(capability));
  if (missing.length > 0) exclusions.push({ reason: 'capability_not_supported', detail: `no ${missing.join(', ')} stated` });
  const format = endpoint.quantization?.toLowerCase();
  for (const rule of filters.quantization) {
    if (rule.exclude && format === rule.format) exclusions.push({ reason: 'quantization_not_allowed', detail: `weights in ${rule.format}` });
    if (!rule.exclude && format !== rule.format) exclusions.push({ reason: 'quantization_not_allowed', detail: format === undefined ? 'weight format not stated' : `weights in ${format}, not ${rule.format}` });
  }
  return exclusions;
}

/**
 * Why the gateway's own credentials of a provider cannot serve a call: no zero-data-retention agreement, or
 * training on prompts, as the operator stated them; empty when they can. Pure.
 */
export function systemCredentialExclusions(filters: RoutingFilters, compliance: ProviderCompliance | undefined): Exclusion[] {
  const exclusions: Exclusion[] = [];
  if (filters.zeroDataRetention && compliance?.zeroDataRetention !== true) exclusions.push({ reason: 'zdr_not_supported', detail: 'no zero-data-retention agreement stated' });
  if (filters.disallowPromptTraining && compliance?.trainsOnPrompts !== false) exclusions.push({ reason: 'trains_on_prompts', detail: compliance?.trainsOnPrompts ? 'trains on prompts' : 'prompt training not stated' });
  return exclusions;
}

/**
 * Why a request's own credentials (BYOK) cannot be tried: under `zeroDataRetention` the gateway cannot know
 * the agreement behind a key it was handed (the hosted gateway skips them too); `disallowPromptTraining`
 * does not apply to them. Empty when they can. Pure.
 */
export const byokExclusions = (filters: RoutingFilters): Exclusion[] =>
  filters.zeroDataRetention ? [{ reason: 'zdr_not_supported', detail: "a BYOK key's agreement is not known here" }] : [];

/** The filters as `planningReasoning` and errors name them, e.g. `zeroDataRetention, headquarters ['US']`. Pure. */
export function describeFilters(filters: RoutingFilters): string {
  const parts: string[] = [];
  if (filters.zeroDataRetention) parts.push('zeroDataRetention');
  if (filters.disallowPromptTraining) parts.push('disallowPromptTraining');
  if (filters.headquarters) parts.push(`headquarters [${[...filters.headquarters.countries].map((code) => `'${filters.headquarters!.exclude ? '!' : ''}${code}'`).join(', ')}]`);
  const has = [...filters.capabilities, ...filters.quantization.map((rule) => `${rule.exclude ? '!' : ''}quantization:${rule.format}`)];
  if (has.length > 0) parts.push(`has [${has.map((entry) => `'${entry}'`).join(', ')}]`);
  return parts.join(', ');
}
