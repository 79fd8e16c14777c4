// A GitHub API stand-in on 127.0.0.1 for the end-to-end tests: just the REST routes the app
// uses, under GHES's /api/v3 prefix, with comments kept in memory per issue and every request
// recorded. Its issue search finds issues whose comments hold one of the query's words, split
// on punctuation as GitHub's search splits them; `searchFailure` makes it answer an error instead.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubComment {
  id: number;
  issue_number: number;
  body: string;
  user: { login: string; type: string };
  author_association: string;
  created_at: string;
  performed_via_github_app: { id: number } | null;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  authorization?: string;
}

export interface GitHubStub {
  host: string;
  requests: RecordedRequest[];
  comments: StubComment[];
  reactions: { commentId: number; content: string }[];
  /** Set to make the search answer this instead of results. */
  searchFailure?: { status: number; headers?: Record<string, string>; body: unknown };
  close: () => Promise<void>;
}

/** Issues (newest first) with a comment holding any word of the query that is not a qualifier or operator. */
function search(comments: StubComment[], q: string): number[] {
  const words = new Set(q.split(/\s+/).filter((w) => !w.includes(':') && w !== 'OR').map((w) => w.replace(/[()]/g, '').toLowerCase()));
  const hits = comments.filter((c) => c.body.toLowerCase().split(/[^a-z0-9]+/).some((w) => words.has(w))).map((c) => c.issue_number);
  return [...new Set(hits)].sort((a, b) => b - a);
}

export async function startGitHubStub(options: { appId: number; botLogin: string; permissions?: Record<string, string> }): Promise<GitHubStub> {
  const requests: RecordedRequest[] = [];
  const comments: StubComment[] = [];
  const reactions: { commentId: number; content: string }[] = [];
  let nextId = 9000;
  let clock = Date.parse('2024-03-28T01:20:00Z');

  const send = (res: ServerResponse, status: number, data?: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(data === undefined ? '' : JSON.stringify(data));
  };

  const route = (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams, body: Record<string, unknown>) => {
    const method = req.method ?? 'GET';
    let m: RegExpExecArray | null;
    if (method === 'POST' && (m = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path))) {
      return send(res, 201, { token: `ghs_stub_installation_${m[1]}`, expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: { issues: 'write', contents: 'read', metadata: 'read' }, repository_selection: 'all' });
    }
    if (method === 'GET' && /^\/repos\/[^/]+\/[^/]+\/contents\//.test(path)) return send(res, 404, { message: 'Not Found' });
    const perPage = Number(query.get('per_page') ?? 30);
    const page = Number(query.get('page') ?? 1);
    const paged = <T>(items: T[]) => items.slice((page - 1) * perPage, page * perPage);
    if (method === 'GET' && path === '/search/issues') {
      if (stub.searchFailure) {
        res.writeHead(stub.searchFailure.status, { 'content-type': 'application/json; charset=utf-8', ...stub.searchFailure.headers });
        return res.end(JSON.stringify(stub.searchFailure.body));
      }
      const numbers = search(comments, query.get('q') ?? '');
      return send(res, 200, { total_count: numbers.length, incomplete_results: false, items: paged(numbers).map((number) => ({ number, title: `issue ${number}` })) });
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(path))) {
      const issue = Number(m[1]);
      if (method === 'GET') return send(res, 200, paged(comments.filter((c) => c.issue_number === issue)));
      if (method === 'POST') {
        const comment: StubComment = {
          id: nextId++,
          issue_number: issue,
          body: String(body['body']),
          user: { login: options.botLogin, type: 'Bot' },
          author_association: 'NONE',
          created_at: new Date((clock += 1000)).toISOString(),
          performed_via_github_app: { id: options.appId },
        };
        comments.push(comment);
        return send(res, 201, comment);
      }
    }
    if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(path))) {
      const comment = comments.find((c) => c.id === Number(m![1]));
      if (!comment) return send(res, 404, { message: 'Not Found' });
      if (method === 'PATCH') {
        comment.body = String(body['body']);
        return send(res, 200, comment);
      }
      if (method === 'DELETE') {
        comments.splice(comments.indexOf(comment), 1);
        return send(res, 204);
      }
    }
    if (method === 'POST' && (m = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)\/reactions$/.exec(path))) {
      reactions.push({ commentId: Number(m[1]), content: String(body['content']) });
      return send(res, 201, { id: reactions.length, content: body['content'] });
    }
    if (method === 'GET' && (m = /^\/repos\/[^/]+\/[^/]+\/collaborators\/([^/]+)\/permission$/.exec(path))) {
      const level = options.permissions?.[m[1]!] ?? 'read';
      return send(res, 200, { permission: level, role_name: level, user: { login: m[1], permissions: { pull: true, triage: level !== 'read', push: level === 'write' || level === 'admin', maintain: false, admin: level === 'admin' } } });
    }
    return send(res, 404, { message: `stub has no route for ${method} ${path}` });
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const path = decodeURIComponent(url.pathname.replace(/^\/api\/v3/, ''));
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        body = { raw: text };
      }
      requests.push({ method: req.method ?? 'GET', path, query: url.searchParams, body, authorization: req.headers.authorization });
      route(req, res, path, url.searchParams, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const stub: GitHubStub = {
    host: `127.0.0.1:${port}`,
    requests,
    comments,
    reactions,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return stub;
}
