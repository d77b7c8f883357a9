/**
 * The local gateway stand-in's decision-model and batch endpoints (spec v4), kept beside
 * local-gateway.ts, which routes `POST /…/decision-model` and `POST /…/batch/*` here.
 *
 *   decision-model  Deterministic answers: a choice goes to the option whose label and
 *                   description share the most words with the state; a score leans toward
 *                   the levels whose descriptions match; a boolean is likely when its `true`
 *                   description matches better than its `false` one. A conditional fallback
 *                   (`providerOptions.gateway.models[0]` = `{ model, when }`) reruns the
 *                   decision on `model` when `when` holds, and the answer names that model.
 *   batch/start     A job per start (`batch_…`); the same `idempotency-key` returns the same job.
 *   batch/status    `pending` on the first status request after a start, `completed` after.
 *   batch/results   NDJSON, one succeeded text item per request; 400 while the job is pending.
 *   batch/cancel    Cancels a pending job: its status becomes `failed`, its items `cancelled`.
 *   Unknown batch ids are 404 `not_found`. The `callbackUrl` is kept, not called.
 */
import { randomBytes } from 'node:crypto';

export interface StandInAnswer {
  status: number;
  body: unknown;
  /** Send `body` (an array) as JSON Lines. */
  jsonLines?: boolean;
}

type Json = Record<string, any>;

const error = (status: number, type: string, message: string): StandInAnswer => ({
  status,
  body: { error: { message, type }, generationId: `gen_${randomBytes(12).toString('hex')}` },
});

const STOPWORDS = new Set(['this', 'that', 'with', 'have', 'from', 'pleas', 'your', 'will', 'what', 'where', 'when', 'which', 'shoul', 'could', 'there']);
/** Crude stems (first five letters of words of four or more), so "charged" matches "charges". */
const words = (value: unknown): Set<string> =>
  new Set(
    (typeof value === 'string' ? value : JSON.stringify(value ?? ''))
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((word) => word.length >= 4)
      .map((word) => word.slice(0, 5))
      .filter((stem) => !STOPWORDS.has(stem)),
  );
const overlap = (a: Set<string>, b: Set<string>) => [...b].filter((word) => a.has(word)).length;

/** Turns match counts into probabilities that sum to 1; `sharpness` decides how sure the model sounds. */
function distribution(matches: number[], sharpness: number): number[] {
  const weights = matches.map((count) => Math.exp(count * sharpness));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => weight / total);
}

function decide(state: Set<string>, questions: Json, sharpness: number): Json {
  const answers: Json = {};
  for (const [id, question] of Object.entries<Json>(questions)) {
    if (question.type === 'choice') {
      const labels = Object.keys(question.criteria ?? {});
      const p = distribution(labels.map((label) => overlap(state, words(`${label} ${JSON.stringify(question.criteria[label] ?? '')}`))), sharpness);
      const best = p.indexOf(Math.max(...p));
      answers[id] = { type: 'choice', choice: labels[best], probabilities: Object.fromEntries(labels.map((label, i) => [label, p[i]])) };
    } else if (question.type === 'score') {
      const levels: unknown[] = question.criteria ?? [];
      const p = distribution(levels.map((level) => overlap(state, words(level))), sharpness);
      const score = p.reduce((sum, probability, level) => sum + probability * level, 0);
      answers[id] = { type: 'score', score, probabilities: Object.fromEntries(p.map((probability, level) => [String(level), probability])) };
    } else if (question.type === 'boolean') {
      const yes = overlap(state, words(question.criteria?.true ?? question.instructions));
      const no = overlap(state, words(question.criteria?.false ?? ''));
      answers[id] = { type: 'boolean', probability: distribution([no, yes], sharpness)[1] };
    } else {
      answers[id] = { type: 'refusal' };
    }
  }
  return answers;
}

/** How sure an answer is: the top probability of a choice or score, the larger side of a boolean. */
function confidence(answer: Json): number {
  if (answer.type === 'boolean') return Math.max(answer.probability, 1 - answer.probability);
  return answer.probabilities ? Math.max(...Object.values<number>(answer.probabilities)) : 1;
}

function conditionHolds(condition: Json, answers: Json): boolean {
  const picked = (types: string[]) =>
    Object.entries<Json>(answers).filter(([id, answer]) => (condition.question ? id === condition.question : types.includes(answer.type)));
  if ('confidenceBelow' in condition) return picked(['choice', 'score']).some(([, answer]) => confidence(answer) < condition.confidenceBelow);
  if ('probabilityBetween' in condition) {
    const [min, max] = condition.probabilityBetween;
    return picked(['boolean']).some(([, answer]) => answer.probability >= min && answer.probability <= max);
  }
  if ('any' in condition) return condition.any.some((c: Json) => conditionHolds(c, answers));
  if ('all' in condition) return condition.all.every((c: Json) => conditionHolds(c, answers));
  if ('atLeast' in condition) return condition.atLeast.conditions.filter((c: Json) => conditionHolds(c, answers)).length >= condition.atLeast.count;
  return false;
}

function stateText(parts: unknown): string {
  return (Array.isArray(parts) ? parts : [])
    .map((part: Json) => (part?.type === 'text' ? part.text : part?.type === 'json' ? JSON.stringify(part.value) : ''))
    .join(' ');
}

function lastUserText(prompt: unknown): string {
  const messages = Array.isArray(prompt) ? prompt : [];
  const user = [...messages].reverse().find((message: Json) => message?.role === 'user');
  const content = user?.content;
  if (typeof content === 'string') return content;
  return (Array.isArray(content) ? content : []).map((part: Json) => (part?.type === 'text' ? part.text : '')).join(' ').trim();
}

const tokens = (text: string) => Math.max(1, Math.ceil(text.trim().split(/\s+/).filter(Boolean).length * 1.3));

interface Job {
  id: string;
  modelId: string;
  requests: Json[];
  createdAt: string;
  statusReads: number;
  cancelled: boolean;
}

/** One stand-in's decision and batch state: jobs live as long as the server. */
export function createDecisionAndBatchStandIn() {
  const jobs = new Map<string, Job>();
  const byIdempotencyKey = new Map<string, Job>();

  function statusOf(job: Job): Json {
    const total = job.requests.length;
    const done = job.statusReads > 1;
    return {
      status: job.cancelled ? 'failed' : done ? 'completed' : 'pending',
      rawStatus: job.cancelled ? 'cancelled' : done ? 'completed' : 'in_progress',
      requestCounts: job.cancelled
        ? { total, pending: 0, completed: 0, failed: total }
        : { total, pending: done ? 0 : total, completed: done ? total : 0, failed: 0 },
      error: job.cancelled ? { message: 'The batch was cancelled.', type: 'cancelled' } : null,
      createdAt: job.createdAt,
      expiresAt: null,
      providerMetadata: { gateway: { asyncJob: { jobId: job.id, status: job.cancelled ? 'cancelled' : done ? 'completed' : 'running' } } },
    };
  }

  function resultOf(job: Job, request: Json): Json {
    if (job.cancelled) return { type: 'text', id: request.id, status: 'cancelled' };
    const userText = lastUserText(request.options?.prompt);
    const text = `You said: "${userText}" This is a canned batch reply from ${job.modelId}, served by the local gateway stand-in.`;
    const input = tokens(userText);
    const output = tokens(text);
    return {
      type: 'text',
      id: request.id,
      status: 'succeeded',
      result: {
        content: [{ type: 'text', text }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: {
          inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
          outputTokens: { total: output, text: output, reasoning: 0 },
        },
        warnings: [],
        providerMetadata: { gateway: { cost: ((input * 1.25 + output * 10) / 1e6 / 2).toFixed(10).replace(/0+$/, '') } },
        response: { id: `gen_${job.id}_${request.id}`, modelId: job.modelId, timestamp: job.createdAt },
      },
    };
  }

  function decision(modelId: string, body: Json): StandInAnswer {
    const state = words(stateText(body.stateParts));
    const questions: Json = body.questions ?? {};
    if (Object.keys(questions).length === 0) return error(400, 'invalid_request_error', 'questions must name at least one question');
    let answers = decide(state, questions, 0.6);
    let answeredBy = modelId;
    const models: unknown[] = body.providerOptions?.gateway?.models ?? [];
    const conditional = models[0] as Json | undefined;
    const attempts: Json[] = [{ model: modelId }];
    if (conditional && typeof conditional === 'object' && conditionHolds(conditional.when, answers)) {
      // The fallback is "larger": its answers are sharper.
      answers = decide(state, questions, 1.5);
      answeredBy = conditional.model;
      attempts.push({ model: conditional.model, triggeredBy: conditional.when });
    }
    const input = tokens(stateText(body.stateParts) + JSON.stringify(questions));
    return {
      status: 200,
      body: {
        answers,
        model: answeredBy,
        usage: { inputTokens: input, outputTokens: Object.keys(questions).length },
        warnings: [],
        providerMetadata: { gateway: { cost: (input * 1e-7).toFixed(10).replace(/0+$/, ''), routing: { modelAttempts: attempts } } },
      },
    };
  }

  function batch(operation: string, modelId: string | undefined, idempotencyKey: string | undefined, body: Json): StandInAnswer {
    if (operation === 'start') {
      const requests: Json[] = Array.isArray(body.requests) ? body.requests : [];
      if (!modelId || requests.length === 0) return error(400, 'invalid_request_error', 'A batch needs the ai-model-id header and at least one request.');
      const replay = idempotencyKey ? byIdempotencyKey.get(idempotencyKey) : undefined;
      const job: Job = replay ?? {
        id: `batch_${randomBytes(8).toString('hex')}`,
        modelId,
        requests,
        createdAt: new Date().toISOString(),
        statusReads: 0,
        cancelled: false,
      };
      jobs.set(job.id, job);
      if (idempotencyKey) byIdempotencyKey.set(idempotencyKey, job);
      const { providerMetadata, ...status } = statusOf(job);
      return {
        status: 200,
        body: {
          batchId: job.id,
          ...status,
          providerMetadata: { gateway: { asyncJob: { ...providerMetadata.gateway.asyncJob, webhookSigningSecret: `whsec_local_${job.id}` } } },
          warnings: [],
        },
      };
    }
    const job = jobs.get(String(body.batchId));
    if (!job) return error(404, 'not_found', `No batch ${JSON.stringify(body.batchId)}.`);
    if (operation === 'status') {
      job.statusReads++;
      return { status: 200, body: statusOf(job) };
    }
    if (operation === 'cancel') {
      if (job.statusReads <= 1) job.cancelled = true;
      return { status: 200, body: statusOf(job) };
    }
    if (!job.cancelled && job.statusReads <= 1) {
      return error(400, 'invalid_request_error', `Batch ${job.id} is still running; poll its status until it is completed.`);
    }
    return { status: 200, body: job.requests.map((request) => resultOf(job, request)), jsonLines: true };
  }

  return {
    /**
     * The answer to `POST …/<endpoint>` (`decision-model` or `batch/<operation>`), or
     * undefined for any other endpoint.
     */
    answer(endpoint: string, header: (name: string) => string | undefined, body: Json): StandInAnswer | undefined {
      if (endpoint === 'decision-model') {
        const modelId = header('ai-model-id');
        return modelId ? decision(modelId, body) : error(400, 'invalid_request_error', 'Missing ai-model-id header');
      }
      const operation = /^batch\/(start|status|results|cancel)$/.exec(endpoint)?.[1];
      return operation ? batch(operation, header('ai-model-id'), header('idempotency-key'), body) : undefined;
    },
  };
}
