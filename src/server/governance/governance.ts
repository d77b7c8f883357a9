import { InvalidArgumentError, UnsupportedFunctionalityError } from '@ai-sdk/provider';
import { isAbortError } from '@ai-sdk/provider-utils';
import { GatewayServerError } from '../../errors/gateway-server-error';
import type { CounterStore, UsageAttempt, UsageRecord, UsageStore } from '../../storage/types';
import type { ResolvedGovernanceConfig, ResolvedServerConfig } from '../config';
import type { FinishedCall } from '../request-context';
import type { AttemptReport, RouteExecution } from '../route-execution';
import { UsageMetrics } from '../metrics/usage-metrics';
import { addSpend, budgetedParties, checkBudgets, checkCredits, softThresholdLine, spendKey, TOTAL_SPEND_KEY, type BudgetedParty, type SoftThresholdEvent } from './budgets';
import type { CallIdentity } from './call-identity';
import { admitRateLimits, countTokens, limitedParties, releaseSlots, type LimitedParty } from './rate-limits';
import { ResponseCache } from './response-cache';
import { StoreGuard } from './store-guard';
import { UsageRecorder } from './usage-recorder';
import { fromNanoUsd, monthWindow } from './windows';

export interface GovernanceOptions {
  counters: CounterStore;
  usage: UsageStore;
  /** Where log lines go. Default `console.error`. */
  log?: (line: string) => void;
  /** For the budget webhook. Default the global `fetch`. */
  fetch?: typeof fetch;
}

/** What a governed call is, before it runs. */
export interface CallInit {
  generationId: string;
  identity: CallIdentity;
  kind: string;
  model: string;
  /** Its usage record may be made after its answer is written (a request from modelgate's Node listener; see UsageRecorder.recordLater). */
  recordAfterAnswer?: boolean;
}

type EndFields = Partial<UsageRecord> & Pick<UsageRecord, 'attempts' | 'status'>;

/**
 * The gateway's governance: rate limits, budgets and the usage log around every model call.
 * `open` starts one call's ledger; the call's route reports how it ended.
 */
export class Governance {
  readonly counters: CounterStore;
  readonly usage: UsageStore;
  readonly recorder: UsageRecorder;
  readonly guard: StoreGuard;
  readonly responseCache: ResponseCache;
  readonly metrics: UsageMetrics;
  readonly settings: ResolvedGovernanceConfig;
  private readonly log: (line: string) => void;
  private readonly fetchImpl: typeof fetch | undefined;
  private webhookFailing = false;

  constructor(
    readonly config: ResolvedServerConfig,
    options: GovernanceOptions,
  ) {
    this.settings = config.governance;
    this.counters = options.counters;
    this.usage = options.usage;
    this.log = options.log ?? ((line) => console.error(line));
    this.fetchImpl = options.fetch ?? (typeof fetch === 'function' ? fetch : undefined);
    this.guard = new StoreGuard(this.settings.onOutage, this.log);
    this.recorder = new UsageRecorder(this.usage, { log: this.log });
    this.responseCache = new ResponseCache(this.counters, this.guard);
    this.metrics = new UsageMetrics(new Set(config.models.keys()));
  }

  open(init: CallInit): GovernedCall {
    return new GovernedCall(this, init);
  }

  /** `/v1/credits` for a key: its monthly budget when it has one, else the configured credit balance minus all spend. */
  async credits(keyName: string): Promise<{ balance: number; used: number }> {
    const budget = this.settings.keyBudgets.get(keyName);
    if (budget) {
      const month = monthWindow(this.counters.now());
      const [spent] = await this.guard.admit(() => this.counters.read([spendKey('key', keyName, month.id)]), [0]);
      const used = fromNanoUsd(spent!);
      return { balance: Math.max(0, budget.monthlyUsd - used), used };
    }
    const [total] = await this.guard.admit(() => this.counters.read([TOTAL_SPEND_KEY]), [0]);
    const used = fromNanoUsd(total!);
    return { balance: Math.max(0, this.config.creditBalance - used), used };
  }

  softThreshold(event: SoftThresholdEvent): void {
    this.log(softThresholdLine(event));
    const url = this.settings.budgetWebhook;
    if (!url || !this.fetchImpl) return;
    this.fetchImpl(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) }).then(
      (response) => {
        void response.body?.cancel();
        if (!response.ok) this.webhookFailed(`HTTP ${response.status}`);
      },
      (error: unknown) => this.webhookFailed(error instanceof Error ? error.message : String(error)),
    );
  }

  private webhookFailed(reason: string): void {
    if (this.webhookFailing) return;
    this.webhookFailing = true;
    this.log(`[modelgate] budget webhook failed (${reason}); the soft-threshold event is in this log.`);
  }

  async close(): Promise<void> {
    await this.recorder.close();
  }
}

const UNLIMITED: readonly LimitedParty[] = [];

/** The failover chain as the usage log keeps it. */
export function usageAttempts(reports: readonly AttemptReport[]): UsageAttempt[] {
  return reports.map((report) => ({
    provider: report.provider,
    model: report.providerApiModelId,
    credentialType: report.credentialType,
    success: report.success,
    ...(report.statusCode !== undefined ? { statusCode: report.statusCode } : {}),
    ...(report.error !== undefined ? { error: report.error } : {}),
    durationMs: Math.max(0, report.endTime - report.startTime),
  }));
}

function attemptsOfError(error: GatewayServerError): UsageAttempt[] {
  const routing = error.details?.routing as { attempts?: AttemptReport[] } | undefined;
  return Array.isArray(routing?.attempts) ? usageAttempts(routing.attempts) : [];
}

/** The status and error type a failed call answered with. */
function outcomeOf(error: unknown, aborted: boolean): { status: number; errorType: string } {
  if (GatewayServerError.isInstance(error)) return { status: error.status, errorType: error.type };
  if (InvalidArgumentError.isInstance(error) || UnsupportedFunctionalityError.isInstance(error)) return { status: 400, errorType: 'invalid_request_error' };
  if (aborted || isAbortError(error)) return { status: 499, errorType: 'cancelled' };
  return { status: 500, errorType: 'internal_server_error' };
}

/**
 * One model call's ledger: admitted against limits and budgets before routing, and ended exactly
 * once (served, failed, cancelled or replayed from the cache) with one usage record; its
 * concurrency slots are released when it ends.
 */
export class GovernedCall {
  readonly startedAt = Date.now();
  private limitParties: readonly LimitedParty[] = UNLIMITED;
  private heldSlots: readonly LimitedParty[] = UNLIMITED;
  private budgets: readonly BudgetedParty[] = [];
  private ended = false;
  /** Admitted: counted in flight until it ends. */
  private running = false;
  private streaming = false;
  private execution: RouteExecution | undefined;
  private prompt: string | undefined;

  constructor(
    private readonly governance: Governance,
    readonly init: CallInit,
  ) {}

  /** Attributes the call to the end user and tags it names (once they are checked). */
  identify(identity: CallIdentity): void {
    this.init.identity = identity;
  }

  get storePrompts(): boolean {
    return this.governance.settings.storePrompts;
  }

  /** Checks rate limits and budgets; throws 429 or 402 (and the call is logged as such). */
  async admit(): Promise<void> {
    const { settings, counters, guard } = this.governance;
    const { identity } = this.init;
    this.limitParties = limitedParties(identity, settings.keyLimits.get(identity.keyName), settings.userLimits);
    this.budgets = budgetedParties(identity, settings);
    if (this.limitParties.length > 0) this.heldSlots = await admitRateLimits(counters, guard, this.limitParties, this.init.generationId);
    if (this.budgets.length > 0 || settings.enforcedCredits !== undefined) {
      try {
        if (settings.enforcedCredits !== undefined) await checkCredits(counters, guard, settings.enforcedCredits);
        await checkBudgets(counters, guard, this.budgets);
      } catch (error) {
        this.releaseSlots();
        this.heldSlots = UNLIMITED;
        throw error;
      }
    }
    this.running = true;
    this.governance.metrics.callStarted();
  }

  /**
   * For work admitted by an earlier call and billed now (a batch, when its results are read): its spend counts
   * against the budgets its identity names, without checking them or any rate limit again.
   */
  billedLater(): this {
    this.budgets = budgetedParties(this.init.identity, this.governance.settings);
    return this;
  }

  /** Keeps the prompt for the usage log (only called when `usageLog.storePrompts` is on). */
  setPrompt(prompt: unknown): void {
    this.prompt = typeof prompt === 'string' ? prompt : JSON.stringify(prompt);
  }

  /** A stream started: the call ends with the stream, not when the handler returns. */
  streamOpened(execution: RouteExecution | undefined): void {
    this.streaming = true;
    this.execution = execution;
  }

  /** The call was served (a stream at its finish part): logs it, counts its tokens and spend. */
  served(call: FinishedCall & { cacheHit?: boolean; completion?: string }): void {
    if (this.ended) return;
    const usage = call.usage;
    const inputTokens = usage?.inputTokens.total ?? 0;
    const outputTokens = usage?.outputTokens.total ?? 0;
    const failedInBand = call.finishReason === 'error';
    const byok = call.attempt.credentialType === 'byok';
    const cost = call.cacheHit ? 0 : call.cost;
    this.end(() => ({
      provider: call.attempt.provider,
      providerModel: call.attempt.providerModelId,
      credentialType: call.attempt.credentialType,
      attempts: call.execution ? usageAttempts(call.execution.reports) : [],
      status: failedInBand ? 500 : 200,
      ...(failedInBand ? { errorType: 'internal_server_error' } : {}),
      finishReason: call.finishReason,
      inputTokens,
      outputTokens,
      cachedInputTokens: usage?.inputTokens.cacheRead ?? 0,
      cacheWriteTokens: usage?.inputTokens.cacheWrite ?? 0,
      reasoningTokens: usage?.outputTokens.reasoning ?? 0,
      cost,
      ttftMs: call.latencyMs,
      streamed: call.streamed,
      cacheHit: call.cacheHit ?? false,
      ...(this.storePrompts && call.completion !== undefined ? { completion: call.completion } : {}),
    }));
    const { counters, guard } = this.governance;
    if (!call.cacheHit && this.limitParties.length > 0) void countTokens(counters, guard, this.limitParties, inputTokens + outputTokens);
    // BYOK calls are paid to the provider directly: logged with their cost, never counted against budgets or credits.
    if (!byok && cost > 0) void addSpend(counters, guard, this.budgets, cost, (event) => this.governance.softThreshold(event));
  }

  /** The handler returned: ends the call unless a stream carries it on (answers that needed no model call are logged as served by none). */
  responded(): void {
    if (!this.streaming) this.end({ attempts: [], status: 200 });
  }

  /** The call failed (or was refused) before or while it ran. */
  failed(error: unknown, aborted = false): void {
    if (this.ended) return;
    const { status, errorType } = outcomeOf(error, aborted);
    const attempts = GatewayServerError.isInstance(error) ? attemptsOfError(error) : this.execution ? usageAttempts(this.execution.reports) : [];
    this.end({ attempts, status, errorType, streamed: this.streaming });
  }

  /** A stream ended before its finish part because the client went away. */
  cancelled(): void {
    this.failed(undefined, true);
  }

  private releaseSlots(): void {
    if (this.heldSlots.length > 0) void releaseSlots(this.governance.counters, this.governance.guard, this.heldSlots, this.init.generationId);
  }

  /** Ends the call once: its slots are released and it leaves the in-flight count now; its record is made now or, when allowed, after the answer. */
  private end(fields: EndFields | (() => EndFields)): void {
    if (this.ended) return;
    this.ended = true;
    this.releaseSlots();
    if (this.running) this.governance.metrics.callEnded();
    const endedAt = Date.now();
    const make = () => {
      const record = this.recordOf(typeof fields === 'function' ? fields() : fields, endedAt);
      this.governance.metrics.observe(record);
      return record;
    };
    if (this.init.recordAfterAnswer) this.governance.recorder.recordLater(make);
    else this.governance.recorder.record(make());
  }

  private recordOf(fields: EndFields, now: number): UsageRecord {
    const { identity, generationId, kind, model } = this.init;
    return {
      id: generationId,
      createdAt: this.startedAt,
      keyName: identity.keyName,
      ...(identity.team !== undefined ? { team: identity.team } : {}),
      ...(identity.user !== undefined ? { user: identity.user } : {}),
      tags: identity.tags,
      ...(identity.quotaEntity !== undefined ? { quotaEntity: identity.quotaEntity } : {}),
      kind,
      model,
      credentialType: 'system',
      inputTokens: 0,
      outputTokens: 0,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      cost: 0,
      latencyMs: now - this.startedAt,
      ttftMs: now - this.startedAt,
      streamed: false,
      cacheHit: false,
      ...(this.prompt !== undefined ? { prompt: this.prompt } : {}),
      ...fields,
    };
  }
}
