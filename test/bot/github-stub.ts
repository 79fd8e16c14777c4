// A GitHub API stand-in on 127.0.0.1 for the end-to-end test: just the REST routes the app
// uses, under GHES's /api/v3 prefix, with comments kept in memory and every request recorded.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubComment {
  id: number;
  body: string;
  user: { login: string; type: string };
  author_association: string;
  created_at: string;
  performed_via_github_app: { id: number } | null;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
  authorization?: string;
}

export interface GitHubStub {
  host: string;
  requests: RecordedRequest[];
  comments: StubComment[];
  reactions: { commentId: number; content: string }[];
  close: () => Promise<void>;
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

  const route = (req: IncomingMessage, res: ServerResponse, path: string, body: Record<string, unknown>) => {
    const method = req.method ?? 'GET';
    let m: RegExpExecArray | null;
    if (method === 'POST' && (m = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path))) {
      return send(res, 201, { token: `ghs_stub_installation_${m[1]}`, expires_at: new Date(Date.now() + 3600_000).toISOString(), permissions: { issues: 'write', contents: 'read', metadata: 'read' }, repository_selection: 'all' });
    }
    if (method === 'GET' && /^\/repos\/[^/]+\/[^/]+\/contents\//.test(path)) return send(res, 404, { message: 'Not Found' });
    if ((m = /^\/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/.exec(path))) {
      if (method === 'GET') return send(res, 200, comments);
      if (method === 'POST') {
        const comment: StubComment = {
          id: nextId++,
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
      requests.push({ method: req.method ?? 'GET', path, body, authorization: req.headers.authorization });
      route(req, res, path, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    comments,
    reactions,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
