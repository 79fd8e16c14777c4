// The Octokit class the app runs with: Probot's, with secondary rate limits retried (Probot's
// default only logs them, so a burst of incidents would silently lose comments).
import { ProbotOctokit } from 'probot';

const MAX_SECONDARY_RETRIES = 2;

interface ThrottleRequest {
  method: string;
  url: string;
  /** `retryOnRateLimit: false`: the caller would rather fail now than wait (the memory lookup, bot/memory.ts). */
  request?: { retryOnRateLimit?: boolean };
}

interface Logged {
  log: { warn: (message: string) => void };
}

export function onSecondaryRateLimit(retryAfter: number, request: ThrottleRequest, octokit: Logged, retryCount: number): boolean {
  const retry = retryCount < MAX_SECONDARY_RETRIES && request.request?.retryOnRateLimit !== false;
  octokit.log.warn(`secondary rate limit on ${request.method} ${request.url}; ${retry ? `retrying in ${retryAfter} s` : 'giving up'}`);
  return retry;
}

export function onRateLimit(retryAfter: number, request: ThrottleRequest, octokit: Logged, retryCount: number): boolean {
  const retry = retryCount < MAX_SECONDARY_RETRIES && request.request?.retryOnRateLimit !== false;
  octokit.log.warn(`rate limit on ${request.method} ${request.url}; ${retry ? `retrying in ${retryAfter} s` : 'giving up'}`);
  return retry;
}

/** `defaults` with a function runs after Probot's own defaults, so these handlers win. */
export const BotOctokit: typeof ProbotOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  throttle: { ...(options['throttle'] as object | undefined), onSecondaryRateLimit, onRateLimit },
}));
