// Downloads of untrusted links: https only, hosts on an allowlist, redirects followed by hand so
// each hop is checked against the same allowlist, a byte cap enforced while streaming (a lying
// Content-Length cannot get past it) and a timeout for the whole transfer.
import { concatBytes } from '../src/ingest/bytes.js';

export interface DownloadLimits {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects?: number;
}

export type DownloadResult =
  | { ok: true; bytes: Uint8Array; finalUrl: string }
  | { ok: false; status?: number; reason: string; denied?: boolean };

/**
 * GitHub's own hosts that serve attachments and the signed redirects behind them. The web host
 * (github.com or a GHES host) is added by the caller.
 */
export const ATTACHMENT_HOSTS: readonly string[] = [
  'github.com',
  'objects.githubusercontent.com',
  'github-production-user-asset-6210df.s3.amazonaws.com',
  'user-images.githubusercontent.com',
  'private-user-images.githubusercontent.com',
];

/** Entries are `host` or `host:port` as `URL.host` spells them (https' port 443 is left out). */
export function allowlistFor(gheHost: string | undefined): string[] {
  const host = gheHost ? webHost(gheHost) : undefined;
  return host ? [...ATTACHMENT_HOSTS, host, `media.${host}`] : [...ATTACHMENT_HOSTS];
}

/** `GHE_HOST` (`ghe.example.com`, `ghe.example.com:8443`) as `URL.host` would give it for an https link. */
export function webHost(host: string): string {
  return host.toLowerCase().replace(/:443$/, '');
}

/**
 * Host AND port must match: `https://github.com:8443/…` is not github.com, and must get neither
 * a request nor the installation token.
 */
export function isAllowed(url: URL, allowlist: readonly string[]): boolean {
  return url.protocol === 'https:' && url.username === '' && url.password === '' && allowlist.includes(url.host.toLowerCase());
}

export async function download(
  start: string,
  allowlist: readonly string[],
  limits: DownloadLimits,
  headersFor: (url: URL) => Record<string, string> = () => ({}),
): Promise<DownloadResult> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let url: URL;
  try {
    url = new URL(start);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  try {
    for (let hop = 0; hop <= (limits.maxRedirects ?? 5); hop++) {
      if (!isAllowed(url, allowlist)) {
        return { ok: false, reason: hop === 0 ? `${url.protocol}//${url.host} is not an allowlisted https GitHub host` : `redirected to ${url.protocol}//${url.host}, which is not an allowlisted https GitHub host` };
      }
      const response = await fetch(url, { redirect: 'manual', signal, headers: { 'user-agent': 'ktriage-bot', ...headersFor(url) } });
      if (response.status >= 300 && response.status < 400) {
        const location = response.headers.get('location');
        await response.body?.cancel();
        if (!location) return { ok: false, status: response.status, reason: `redirect without a Location (HTTP ${response.status})` };
        url = new URL(location, url);
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        const denied = response.status === 401 || response.status === 403 || response.status === 404;
        return { ok: false, status: response.status, denied, reason: `HTTP ${response.status}` };
      }
      const declared = Number(response.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > limits.maxBytes) {
        await response.body?.cancel();
        return { ok: false, reason: `${declared} bytes is over the per-file cap of ${limits.maxBytes} bytes` };
      }
      const bytes = await readStreamCapped(response.body, limits.maxBytes);
      if (!bytes) return { ok: false, reason: `more than the per-file cap of ${limits.maxBytes} bytes` };
      return { ok: true, bytes, finalUrl: url.href };
    }
    return { ok: false, reason: `more than ${limits.maxRedirects ?? 5} redirects` };
  } catch (error) {
    if (signal.aborted) return { ok: false, reason: `timed out after ${limits.timeoutMs / 1000} s` };
    return { ok: false, reason: `download failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Reads a web stream to its end, or gives up (undefined) once it passes `maxBytes`. */
export async function readStreamCapped(stream: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<Uint8Array | undefined> {
  if (!stream) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return concatBytes(chunks);
}
