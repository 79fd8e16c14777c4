// Downloads of untrusted links: every hop checked, bytes capped while streaming, time bounded.
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allowlistFor, download, isAllowed } from '../../bot/download.js';

const allow = allowlistFor(undefined);
const limits = { maxBytes: 1000, timeoutMs: 2000 };

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('download', () => {
  it('returns the bytes of an allowlisted https URL', async () => {
    nock('https://github.com').get('/user-attachments/files/1/a.log').reply(200, 'hello\n');
    const result = await download('https://github.com/user-attachments/files/1/a.log', allow, limits);
    expect(result.ok && new TextDecoder().decode(result.bytes)).toBe('hello\n');
  });

  it('refuses a host that is not allowlisted, plain http and credentials in the URL without a request', async () => {
    for (const url of ['https://example.com/a.log', 'http://github.com/user-attachments/files/1/a.log', 'https://user:pw@github.com/x', 'https://github.com:8443/user-attachments/files/1/a.log']) {
      const result = await download(url, allow, limits);
      expect(result.ok).toBe(false);
    }
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('follows redirects inside the allowlist and stops at one that leaves it', async () => {
    nock('https://github.com').get('/a').reply(301, '', { location: '/b' }).get('/b').reply(302, '', { location: 'https://169.254.169.254/latest/meta-data' });
    const result = await download('https://github.com/a', allow, limits);
    expect(result).toEqual({ ok: false, reason: 'redirected to https://169.254.169.254, which is not an allowlisted https GitHub host' });
  });

  it('gives up on a redirect loop', async () => {
    nock('https://github.com').get('/loop').times(6).reply(302, '', { location: '/loop' });
    const result = await download('https://github.com/loop', allow, { ...limits, maxRedirects: 5 });
    expect(result).toEqual({ ok: false, reason: 'more than 5 redirects' });
  });

  it('stops reading at the byte cap even when Content-Length is absent or lies', async () => {
    nock('https://github.com').get('/big').reply(200, 'x'.repeat(5000), { 'content-length': '10' });
    const lying = await download('https://github.com/big', allow, limits);
    expect(lying).toEqual({ ok: false, reason: 'more than the per-file cap of 1000 bytes' });
    nock('https://github.com').get('/declared').reply(200, 'x'.repeat(2000), { 'content-length': '2000' });
    const declared = await download('https://github.com/declared', allow, limits);
    expect(declared).toEqual({ ok: false, reason: '2000 bytes is over the per-file cap of 1000 bytes' });
  });

  it('reports 401/403/404 as denied, with the status', async () => {
    for (const status of [401, 403, 404]) {
      nock('https://github.com').get('/private').reply(status);
      expect(await download('https://github.com/private', allow, limits)).toEqual({ ok: false, status, denied: true, reason: `HTTP ${status}` });
    }
    nock('https://github.com').get('/oops').reply(500);
    expect(await download('https://github.com/oops', allow, limits)).toEqual({ ok: false, status: 500, denied: false, reason: 'HTTP 500' });
  });

  it('times out a slow server', async () => {
    nock('https://github.com').get('/slow').delay(1500).reply(200, 'late');
    const result = await download('https://github.com/slow', allow, { ...limits, timeoutMs: 200 });
    expect(result).toEqual({ ok: false, reason: 'timed out after 0.2 s' });
  });

  it('adds the GHES host and its media host to the allowlist', () => {
    expect(allowlistFor('GHE.Example.com')).toEqual(expect.arrayContaining(['ghe.example.com', 'media.ghe.example.com', 'github.com']));
  });

  it('compares host and port: a GHES on :8443 is allowed there and only there', () => {
    const ghe = allowlistFor('ghe.example.com:8443');
    expect(isAllowed(new URL('https://ghe.example.com:8443/user-attachments/files/1/a.log'), ghe)).toBe(true);
    expect(isAllowed(new URL('https://ghe.example.com/user-attachments/files/1/a.log'), ghe)).toBe(false);
    expect(isAllowed(new URL('https://github.com:443/a'), allow)).toBe(true);
    expect(isAllowed(new URL('https://github.com:8443/a'), allow)).toBe(false);
  });
});
