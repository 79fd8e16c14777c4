// The one place the Action builds its GitHub client. @actions/github hands Octokit the fetch of
// its bundled undici (for proxy support), which nock cannot see; tests and callers that need
// interception pass `fetch` (e.g. globalThis.fetch) here instead.
import { getOctokit } from '@actions/github';

export type ActionOctokit = ReturnType<typeof getOctokit>;

export interface OctokitFactoryOptions {
  token: string;
  /** REST base URL; on a runner GITHUB_API_URL (GHES has its own). */
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
}

export type OctokitFactory = (options: OctokitFactoryOptions) => ActionOctokit;

export const createOctokit: OctokitFactory = ({ token, baseUrl, fetch }) =>
  getOctokit(token, {
    ...(baseUrl ? { baseUrl: baseUrl.replace(/\/+$/, '') } : {}),
    ...(fetch ? { request: { fetch } } : {}),
  });
