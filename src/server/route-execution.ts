import { APICallError, type JSONObject } from '@ai-sdk/provider';
import { isAbortError } from '@ai-sdk/provider-utils';
import { scrubSecrets } from '../errors/create-gateway-error';
import { GatewayServerError } from '../errors/gateway-server-error';
import { abortControllersFor } from './abort-controllers';
import type { ProviderStats } from './provider-stats';
import type { RequestContext } from './request-context';
import type { RouteAttempt, RoutePlan } from './routing';

/** One provider attempt as `providerMetadata.gateway.routing.attempts[]` reports it. */
export type AttemptReport = {
  provider: string;
  internalModelId: string;
  providerApiModelId: string;
  credentialType: 'system' | 'byok';
  success: boolean;
  startTime: number;
  endTime: number;
  statusCode?: number;
  error?: string;
  providerTimeout?: true;
  configuredTimeoutMs?: number;
};

/** Thrown inside an attempt when the provider showed no first token (or no answer) in time. */
class AttemptTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no response within ${timeoutMs} ms`);
  }
}

interface FailureVerdict {
  /** Try the next provider of the same model. */
  nextProvider: boolean;
  /** The provider's own trouble (a timeout, the network, 408, 429, 5xx), which counts against its health; not a refusal of this request. */
  providerFault: boolean;
  statusCode?: number;
  message: string;
  retryAfter?: number;
}

function retryAfterSeconds(headers: Record<string, string> | undefined): number | undefined {
  const value = headers?.['retry-after'];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** Answers about the provider's setup, not the request: a rejected key (BYOK or the server's own) or a model id it lacks. */
const PROVIDER_SETUP_STATUSES = new Set([401, 403, 404]);

/**
 * Decides whether a failed attempt moves on to the next provider: upstream 5xx,
 * 408, 429, network errors and timeouts do, and so do 401, 403 and 404, which
 * say this provider cannot serve us (another provider, or the server's own key
 * after a BYOK one, may). Other 4xx answers mean the request itself is wrong
 * for this model, so only a fallback model may help.
 */
export function judgeFailure(error: unknown): FailureVerdict {
  if (error instanceof AttemptTimeout) {
    return { nextProvider: true, providerFault: true, message: `timed out: ${error.message}` };
  }
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const retryable = status === undefined || status === 408 || status === 429 || status >= 500 || error.isRetryable;
    return {
      nextProvider: retryable || PROVIDER_SETUP_STATUSES.has(status),
      providerFault: retryable,
      statusCode: status,
      message: status === undefined ? `network error: ${error.message}` : `HTTP ${status}: ${error.message}`,
      retryAfter: status === 429 ? retryAfterSeconds(error.responseHeaders) : undefined,
    };
  }
  if (GatewayServerError.isInstance(error)) {
    return { nextProvider: error.status >= 500, providerFault: false, statusCode: error.status, message: error.message };
  }
  // fetch failures (connection refused or reset) surface as TypeError or plain errors.
  return { nextProvider: true, providerFault: true, message: `network error: ${error instanceof Error ? error.message : String(error)}` };
}

/** Strings that must not reach a client or a log: every BYOK credential value in the plan, and a client's own credential. */
function byokSecretsOf(plan: RoutePlan): string[] {
  const secrets: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') secrets.push(value);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect);
  };
  for (const { attempts } of plan.models) for (const attempt of attempts) collect([attempt.credential, attempt.clientCredential?.token]);
  return secrets;
}

export interface AttemptContext {
  attempt: RouteAttempt;
  /** Aborts when the client goes away or the attempt times out. */
  signal: AbortSignal;
}

/**
 * Runs a route plan: each attempt in order until one succeeds, recording every
 * attempt for `providerMetadata.gateway.routing`. When all fail, throws one
 * `GatewayServerError` that lists them.
 */
export class RouteExecution {
  readonly reports: AttemptReport[] = [];
  readonly modelAttempts: Array<{ modelId: string; success: boolean; providerAttempts: AttemptReport[] }> = [];
  finalAttempt: RouteAttempt | undefined;
  #secrets: string[] | undefined;

  constructor(
    readonly plan: RoutePlan,
    private readonly clientSignal: AbortSignal | undefined,
    /** The server's own upstream credentials (config `secrets`). */
    private readonly systemSecrets: readonly string[] = [],
    /** Where attempts on the server's own credentials count towards their provider's health. */
    private readonly stats?: ProviderStats,
    private readonly clock: () => number = () => Date.now(),
    /** Where each attempt's AbortController comes from (abort-controllers.ts). */
    private readonly newAbortController: () => AbortController = () => new AbortController(),
  ) {}

  /** Every secret the plan's attempts use, gathered on first use: a call that succeeds scrubs nothing. */
  get secrets(): string[] {
    return (this.#secrets ??= [...byokSecretsOf(this.plan), ...this.systemSecrets]);
  }

  scrub(text: string): string {
    return scrubSecrets(text, this.secrets);
  }

  /** Only the server's own credentials say how a provider is doing: a request's key failing is that key's trouble. */
  private countHealth(attempt: RouteAttempt, failed: boolean): void {
    if (attempt.credentialType === 'system' && !attempt.clientCredential) this.stats?.recordOutcome(attempt.provider, failed);
  }

  /** Runs `call` once per attempt until one succeeds; an attempt still running after `timeoutMs` (or its own, `providerTimeouts.byok`) fails as timed out. */
  async run<T>(timeoutMs: number, call: (context: AttemptContext) => Promise<T>): Promise<T> {
    let lastFailure: FailureVerdict | undefined;
    const failures: string[] = [];
    const retryAfters: number[] = [];
    let allRateLimited = true;

    for (const { model, attempts } of this.plan.models) {
      const providerAttempts: AttemptReport[] = [];
      const modelEntry = { modelId: model.id, success: false, providerAttempts };
      this.modelAttempts.push(modelEntry);
      for (const attempt of attempts) {
        if (this.clientSignal?.aborted) throw this.clientSignal.reason;
        const controller = this.newAbortController();
        const onClientAbort = () => controller.abort(this.clientSignal!.reason);
        this.clientSignal?.addEventListener('abort', onClientAbort, { once: true });
        let timedOut: AttemptTimeout | undefined;
        const attemptTimeoutMs = attempt.timeoutMs ?? timeoutMs;
        const timer = setTimeout(() => {
          timedOut = new AttemptTimeout(attemptTimeoutMs);
          controller.abort(timedOut);
        }, attemptTimeoutMs);
        const context: AttemptContext = { attempt, signal: controller.signal };
        const report: AttemptReport = {
          provider: attempt.provider,
          internalModelId: `${attempt.provider}:${attempt.providerModelId}`,
          providerApiModelId: attempt.providerModelId,
          credentialType: attempt.credentialType,
          success: false,
          startTime: this.clock(),
          endTime: 0,
        };
        try {
          const value = await call(context);
          report.success = true;
          report.statusCode = 200;
          report.endTime = this.clock();
          this.record(report, providerAttempts);
          this.countHealth(attempt, false);
          modelEntry.success = true;
          this.finalAttempt = attempt;
          return value;
        } catch (thrown) {
          report.endTime = this.clock();
          if (this.clientSignal?.aborted) {
            this.record(report, providerAttempts);
            throw this.clientSignal.reason;
          }
          const error = timedOut ?? (isAbortError(thrown) && controller.signal.reason instanceof AttemptTimeout ? controller.signal.reason : thrown);
          const verdict = judgeFailure(error);
          report.error = this.scrub(verdict.message);
          if (verdict.statusCode !== undefined) report.statusCode = verdict.statusCode;
          if (error instanceof AttemptTimeout) {
            report.providerTimeout = true;
            report.configuredTimeoutMs = error.timeoutMs;
          }
          this.record(report, providerAttempts);
          if (verdict.providerFault) this.countHealth(attempt, true);
          failures.push(`${attempt.provider} (${attempt.providerModelId}, ${attempt.credentialType}): ${report.error}`);
          lastFailure = verdict;
          if (verdict.statusCode === 429) {
            if (verdict.retryAfter !== undefined) retryAfters.push(verdict.retryAfter);
          } else {
            allRateLimited = false;
          }
          if (!verdict.nextProvider) break;
        } finally {
          clearTimeout(timer);
          this.clientSignal?.removeEventListener('abort', onClientAbort);
        }
      }
    }

    const count = this.reports.length;
    const summary = `${count === 1 ? 'The only attempt' : `All ${count} attempts`} for '${this.plan.originalModelId}' failed: ${failures.join('; ')}`;
    const details = { routing: this.routingSummary() };
    if (allRateLimited && lastFailure?.statusCode === 429) {
      throw new GatewayServerError({
        status: 429,
        type: 'rate_limit_exceeded',
        message: summary,
        retryAfter: retryAfters.length ? Math.min(...retryAfters) : undefined,
        details,
      });
    }
    const status = lastFailure?.statusCode;
    if (lastFailure && !lastFailure.nextProvider && status !== undefined && status >= 400 && status < 500) {
      throw new GatewayServerError({ status, type: 'invalid_request_error', message: summary, details });
    }
    throw new GatewayServerError({ status: 500, type: 'internal_server_error', message: summary, details });
  }

  private record(report: AttemptReport, providerAttempts: AttemptReport[]) {
    this.reports.push(report);
    providerAttempts.push(report);
  }

  /** `providerMetadata.gateway.routing`, as the hosted gateway reports it. */
  routingSummary(): JSONObject {
    const final = this.finalAttempt;
    const first = this.plan.models[0]!.attempts[0]!;
    return {
      originalModelId: this.plan.originalModelId,
      resolvedProvider: first.provider,
      resolvedProviderApiModelId: first.providerModelId,
      internalResolvedModelId: `${first.provider}:${first.providerModelId}`,
      fallbacksAvailable: this.plan.fallbacksAvailable,
      planningReasoning: this.plan.planningReasoning,
      canonicalSlug: this.plan.originalModelId,
      ...(final ? { finalProvider: final.provider } : {}),
      attempts: this.reports,
      modelAttemptCount: this.modelAttempts.length,
      modelAttempts: this.modelAttempts.map((entry) => ({
        modelId: entry.modelId,
        canonicalSlug: entry.modelId,
        success: entry.success,
        providerAttemptCount: entry.providerAttempts.length,
        providerAttempts: entry.providerAttempts,
      })),
      totalProviderAttemptCount: this.reports.length,
      ...(this.plan.skippedAttempts ? { skippedProviderAttempts: this.plan.skippedAttempts.map((skipped) => ({ ...skipped })) } : {}),
      ...(this.plan.sort ? { sort: { option: this.plan.sort.option, executionOrder: [...this.plan.sort.executionOrder] } } : {}),
    };
  }

  /** `routing` and the compliance filters applied, the part of `providerMetadata.gateway` every model kind carries. */
  routingMetadata(): JSONObject {
    const enabled = this.plan.enabledFilters;
    return {
      routing: this.routingSummary(),
      ...(enabled?.zeroDataRetention ? { enabledZeroDataRetention: true } : {}),
      ...(enabled?.disallowPromptTraining ? { enabledDisallowPromptTraining: true } : {}),
    };
  }
}

/**
 * The execution of a request's plan: cancelled with `signal` (default: the client's request; `null`: only by
 * the attempts' own timeouts), scrubbing the server's secrets, counting provider health.
 */
export function executionFor(context: Pick<RequestContext, 'plan' | 'config' | 'stats' | 'request'>, signal: AbortSignal | null = context.request.signal): RouteExecution {
  return new RouteExecution(context.plan, signal ?? undefined, context.config.secrets, context.stats, undefined, abortControllersFor(context.request));
}
