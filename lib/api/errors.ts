import { words } from '../words';
import { MAYBE_PLACED } from './outcome-words';
import { redactSecret } from './redact';
import type { FailureAnswer } from './schemas';
import type { ApiError, ApiErrorKind, ApiResult, FieldProblem, OrderOutcome } from './types';
import { requestId } from './types';

/**
 * One taxonomy for everything that can go wrong with a call, each message saying what to do next,
 * following the contract's troubleshooting section. For orders the message also says whether the
 * order may have gone through, because a trader who resends after an unknown outcome can double a trade.
 */

export type CallKind = 'read' | 'order';

export interface CallContext {
  call: CallKind;
  /** What an order acts on, so a 404 can say "trade" or "bot". */
  subject?: 'bot' | 'trade';
  /** Masked out of every message. */
  secret?: string;
  /** ms epoch, for a Retry-After given as a date. */
  now?: number;
}

export type Failure =
  | { type: 'status'; status: number; retryAfter?: string | null; answer?: FailureAnswer | null }
  | { type: 'network' }
  | { type: 'timeout'; ms: number }
  | { type: 'badResponse'; problem: string; status?: number }
  | { type: 'rejected'; status: number; answer: FailureAnswer }
  | { type: 'invalid'; fields: FieldProblem[] };

const NOT_PLACED = words('errorNotPlaced');
const COOLDOWN_SECONDS = 300;

/** The kind of failure an HTTP status is, as the contract lists them. */
export function kindOfStatus(status: number): ApiErrorKind {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'notFound';
  if (status === 429) return 'rateLimited';
  if (status >= 500) return 'server';
  if (status >= 400) return 'badRequest';
  return 'badResponse';
}

/** Seconds a Retry-After header asks for (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(
  header: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  const text = header?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

function formatWait(seconds: number): string {
  if (seconds < 90) return seconds === 1 ? words('waitSecond') : words('waitSeconds', seconds);
  const minutes = Math.ceil(seconds / 60);
  return words('waitMinutes', minutes);
}

/** `Invalid asset: SPYX is not supported`, from whichever of reason and message the answer has. */
function serverSaid(answer: FailureAnswer | null | undefined): string {
  const parts = [answer?.reason, answer?.message].filter((part): part is string => Boolean(part));
  if (parts.length === 0) return '';
  if (parts.length === 2 && parts[0] === parts[1]) parts.pop();
  const said = parts.join(': ');
  // Servers end their sentences themselves more often than not.
  return words('errorServerSays', `${said}${/[.!?]$/.test(said) ? '' : '.'}`);
}

function statusMessage(
  kind: ApiErrorKind,
  status: number,
  context: CallContext,
  retryAfterSeconds: number | undefined,
): string[] {
  const order = context.call === 'order';
  switch (kind) {
    case 'unauthorized':
      return [words('errorSecretRefused', status), words('errorSecretRefusedDo'), order ? NOT_PLACED : ''];
    case 'notFound':
      if (context.subject === 'trade') {
        return [words('errorTradeNotFound'), words('errorTradeNotFoundDo'), NOT_PLACED];
      }
      if (context.subject === 'bot') {
        return [words('errorBotNotFound'), words('errorBotNotFoundDo'), NOT_PLACED];
      }
      return [words('errorNotFound'), words('errorNotFoundDo'), order ? NOT_PLACED : ''];
    case 'rateLimited': {
      // One length, said once: the server's Retry-After when it gives one, else the documented 5 minutes.
      const wait = formatWait(retryAfterSeconds ?? COOLDOWN_SECONDS);
      return [
        words('rateLimitedBlocked'),
        words(
          'rateLimitedWait',
          retryAfterSeconds === undefined ? `${wait} ${words('rateLimitedCooldown')}` : wait,
        ),
        order ? NOT_PLACED : '',
      ];
    }
    case 'badRequest':
      return [
        words('errorBadRequest', status),
        order ? words('errorBadRequestOrderDo') : words('errorBadRequestDo'),
        order ? NOT_PLACED : '',
      ];
    case 'server':
      return order
        ? [words('errorServerOrder', status), MAYBE_PLACED, words('errorServerOrderDo')]
        : [words('errorServer', status), words('errorServerDo')];
    default:
      return [words('errorUnexpected', status), order ? MAYBE_PLACED : words('errorTryAgain')];
  }
}

function failureMessage(failure: Failure, context: CallContext): string[] {
  const order = context.call === 'order';
  switch (failure.type) {
    case 'network':
      return order ? [words('errorNetworkOrder'), MAYBE_PLACED] : [words('errorNetwork')];
    case 'timeout': {
      const seconds = Math.round(failure.ms / 100) / 10;
      return order
        ? [words('errorTimeout', seconds), MAYBE_PLACED]
        : [words('errorTimeout', seconds), words('errorTryAgain')];
    }
    case 'badResponse':
      return order
        ? [words('errorBadResponse', failure.problem), MAYBE_PLACED]
        : [words('errorBadResponse', failure.problem), words('errorBadResponseDo')];
    case 'rejected':
      return [
        order ? words('errorOrderRefused') : words('errorRequestRefused'),
        serverSaid(failure.answer) || words('errorNoReason'),
        order ? NOT_PLACED : '',
      ];
    case 'invalid': {
      const [first] = failure.fields;
      const more = failure.fields.length > 1 ? ` ${words('errorMoreToFix', failure.fields.length - 1)}` : '';
      return [
        order ? words('errorNotSent') : words('errorNotAsked'),
        `${first?.message ?? words('errorSomethingMissing')}${more}`,
      ];
    }
    case 'status':
      return [];
  }
}

/** The ApiError for a failure: kind, redacted message saying what to do, and the server's own words. */
export function apiError(failure: Failure, context: CallContext): ApiError {
  const redact = (text: string) => redactSecret(text, context.secret);
  const error: ApiError = { kind: 'badResponse', message: '' };
  let lines: string[];
  let answer: FailureAnswer | null | undefined;
  switch (failure.type) {
    case 'status': {
      error.kind = kindOfStatus(failure.status);
      error.status = failure.status;
      if (error.kind === 'rateLimited') {
        const seconds = parseRetryAfter(failure.retryAfter, context.now);
        if (seconds !== undefined) error.retryAfterSeconds = seconds;
      }
      answer = failure.answer;
      lines = [
        ...statusMessage(error.kind, failure.status, context, error.retryAfterSeconds),
        serverSaid(answer),
      ];
      break;
    }
    case 'rejected':
      error.kind = 'rejected';
      error.status = failure.status;
      answer = failure.answer;
      lines = failureMessage(failure, context);
      break;
    case 'badResponse':
      if (failure.status !== undefined) error.status = failure.status;
      lines = failureMessage(failure, context);
      break;
    case 'invalid':
      error.kind = 'invalid';
      error.fields = failure.fields.map((f) => ({ field: f.field, message: redact(f.message) }));
      lines = failureMessage(failure, context);
      break;
    default:
      error.kind = failure.type;
      lines = failureMessage(failure, context);
  }
  if (answer?.reason) error.reason = redact(answer.reason);
  if (answer?.message) error.detail = redact(answer.message);
  if (answer?.requestId) {
    error.requestId = requestId(redact(answer.requestId));
    lines.push(words('errorRequestId', error.requestId));
  }
  error.message = redact(lines.filter(Boolean).join(' '));
  return error;
}

/**
 * Whether an order went through, as far as the answer tells: `unknown` whenever it may have been
 * placed without us hearing so (timeout, dropped connection, 5xx, unreadable answer).
 */
export function orderOutcome(result: ApiResult<unknown>): OrderOutcome {
  if (result.ok) return 'placed';
  switch (result.error.kind) {
    case 'timeout':
    case 'network':
    case 'server':
    case 'badResponse':
      return 'unknown';
    default:
      return 'refused';
  }
}
