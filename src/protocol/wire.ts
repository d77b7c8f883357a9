/**
 * The gateway protocol's names, in one place for client and server: header names,
 * endpoint paths, and the error body with its type ↔ status mapping.
 * (Spec-version differences: spec-versions.ts; conversions: spec-conversions.ts.)
 */

/** `ai-gateway-protocol-version` on every request. */
export const PROTOCOL_VERSION = '0.0.1';

// Plain constants rather than one object, so bundlers inline them.
export const PROTOCOL_VERSION_HEADER = 'ai-gateway-protocol-version';
export const AUTH_METHOD_HEADER = 'ai-gateway-auth-method';
export const TEAM_HEADER = 'x-vercel-ai-gateway-team';
export const LANGUAGE_MODEL_ID_HEADER = 'ai-language-model-id';
export const LANGUAGE_MODEL_SPECIFICATION_VERSION_HEADER = 'ai-language-model-specification-version';
export const LANGUAGE_MODEL_STREAMING_HEADER = 'ai-language-model-streaming';
/** Model id of every other model kind. */
export const MODEL_ID_HEADER = 'ai-model-id';
export const REQUEST_ID_HEADER = 'ai-o11y-request-id';

/** Environment variables whose values travel as `ai-o11y-*` headers, each only when set. */
export const O11Y_ENV_HEADERS: ReadonlyArray<readonly [variable: string, header: string]> = [
  ['VERCEL_DEPLOYMENT_ID', 'ai-o11y-deployment-id'],
  ['VERCEL_ENV', 'ai-o11y-environment'],
  ['VERCEL_REGION', 'ai-o11y-region'],
  ['VERCEL_PROJECT_ID', 'ai-o11y-project-id'],
];

export type ModelKind = 'language' | 'embedding' | 'image' | 'reranking' | 'speech' | 'transcription' | 'video';
/** Every kind whose calls carry model headers. */
export type ModelHeaderKind = ModelKind | 'decision';

/** The header that carries the model's spec version for a model kind. */
export const specificationVersionHeader = (kind: ModelHeaderKind) =>
  kind === 'language' ? LANGUAGE_MODEL_SPECIFICATION_VERSION_HEADER : `ai-${kind}-model-specification-version`;

/** The header that carries the model id for a model kind. */
export const modelIdHeader = (kind: ModelHeaderKind) => (kind === 'language' ? LANGUAGE_MODEL_ID_HEADER : MODEL_ID_HEADER);

/** The spec-version and model-id headers of one model call (literal, so client bundles need no header helpers). */
export function modelHeaders(kind: ModelHeaderKind, version: string, modelId: string): Record<string, string> {
  return kind === 'language'
    ? { 'ai-language-model-specification-version': version, 'ai-language-model-id': modelId }
    : { [`ai-${kind}-model-specification-version`]: version, 'ai-model-id': modelId };
}

/** Endpoints under a spec version's base path (`/v1/ai`, `/v3/ai`, `/v4/ai`). */
export const modelEndpoint = <K extends ModelKind>(kind: K) => `${kind}-model` as const;
// The kinds from spec v3 on, apart so the v2 entry does not carry them.
export const RERANKING_ENDPOINT = 'reranking-model';
export const SPEECH_ENDPOINT = 'speech-model';
export const TRANSCRIPTION_ENDPOINT = 'transcription-model';
export const VIDEO_ENDPOINT = 'video-model';
/** Video jobs (spec v4): started, then polled. */
export const VIDEO_START_ENDPOINT = 'video-model/start';
export const VIDEO_STATUS_ENDPOINT = 'video-model/status';
export const CATALOG_ENDPOINT = 'config';

/** Account endpoints, on the base URL's origin. */
export const CREDITS_PATH = '/v1/credits';
export const GENERATION_PATH = '/v1/generation';
export const REPORT_PATH = '/v1/report';

/** `error.type` values and the status each usually comes with. */
export const ERROR_STATUS = {
  invalid_request_error: 400,
  no_providers_available: 400,
  authentication_error: 401,
  forbidden: 403,
  model_not_found: 404,
  not_found: 404,
  rate_limit_exceeded: 429,
  failed_dependency: 424,
  internal_server_error: 500,
} as const;

export type GatewayErrorType = keyof typeof ERROR_STATUS;

/** A failed response's body: `{ error: { message, type?, param?, code? }, generationId? }`. */
export interface GatewayErrorBody {
  error: { message: string; type?: string; param?: unknown; code?: string };
  generationId?: string;
}

/** Statuses a client may retry: 408, 409, 429 and every 5xx. */
export const isRetryableStatus = (status: number | undefined) =>
  status !== undefined && (status === 408 || status === 409 || status === 429 || status >= 500);

// Spec v4 only, after every name the other entries use, so they bundle none of it.
export const DECISION_ENDPOINT = 'decision-model';

/** Batch job endpoints under the base path (spec v4): `batch/start`, `batch/status`, `batch/results`, `batch/cancel`. */
export type BatchOperation = 'start' | 'status' | 'results' | 'cancel';
export const batchEndpoint = (operation: BatchOperation) => `batch/${operation}`;
/** Batch start: a retry with the same key replays the first start instead of starting a second batch. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
