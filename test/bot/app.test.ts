// The app driven by real webhook payloads through a real Probot instance, with every GitHub
// request mocked by nock and asserted: what is fetched, what is posted, and what is not.
import nock from 'nock';
import { beforeEach, describe, expect, it } from 'vitest';
import { API, BOT_USER, botComment, expectCreate, harness, incidentBody, isolateNetwork, noConfig, noHistory, payload, REPO, withConfig, type Harness } from './harness.js';

let h: Harness;
const net = isolateNetwork();
beforeEach(async () => {
  h = await harness();
});

interface Posted {
  body?: string;
}

describe('incident issue opened', () => {
  it('posts one comment with the report and accounts for every pasted block', async () => {
    const event = payload('issues.opened');
    event['issue'].body = incidentBody();
    const posted: Posted = {};
    const scope = expectCreate(noConfig(nock(API)), posted);
    await h.receive('issues.opened', event);
    expect(scope.pendingMocks()).toEqual([]);
    expect(net.unmatched).toEqual([]);
    const body = posted.body!;
    expect(body.startsWith('<!-- ktriage:report -->\n<!-- ktriage:inputs ')).toBe(true);
    expect(body).toContain('### ktriage:');
    expect(body).toContain('**Inputs read from this issue**');
    for (const file of ['console-rcu-stall.log', 'console-softlockup.log', 'dis-smp_call_function_many_cond.txt', 'messages', 'sel-get-0146.txt', 'sel-list.txt']) {
      expect(body).toMatch(new RegExp(`✅ analysed \\| issue body, block \\d \\(${file.replace(/[._]/g, (c) => (c === '_' ? '\\\\_' : '\\.'))}\\)`));
    }
    expect(body.length).toBeLessThanOrEqual(65_536);
    // The reference incident's findings, as the engine derives them from the pasted files.
    expect(body).toMatch(/CPU 65 → CPU 0 flags 0x3\b/);
    expect(body).toMatch(/RAS\\_MEMORY #0xeb "Transition to Non-recoverable" at 2024-03-27T12:48:44Z lines up with the host log going silent at 2024-03-27T12:48:45Z \(1 s before\)/);
  });

  it('ignores an issue without the incident label, after reading the config', async () => {
    const event = payload('issues.opened');
    event['issue'].labels = [{ name: 'bug' }];
    event['issue'].body = incidentBody();
    const scope = noConfig(nock(API));
    await h.receive('issues.opened', event);
    expect(scope.pendingMocks()).toEqual([]);
    expect(net.unmatched).toEqual([]);
  });

  it('honours incidentLabels from .github/ktriage.yml', async () => {
    const event = payload('issues.opened');
    event['issue'].labels = [{ name: 'outage' }];
    event['issue'].body = incidentBody();
    const posted: Posted = {};
    const scope = expectCreate(withConfig(nock(API), 'incidentLabels: [outage]\n'), posted);
    await h.receive('issues.opened', event);
    expect(scope.pendingMocks()).toEqual([]);
    expect(posted.body).toContain('### ktriage:');
  });

  it('reports an invalid config on the issue, naming each problem', async () => {
    const event = payload('issues.opened');
    event['issue'].body = incidentBody();
    const posted: Posted = {};
    const scope = withConfig(nock(API), 'labels:\n  add: yes please\n  colour: red\nlimits:\n  maxFileBytes: -5\n')
      .get(`${REPO}/issues/42/comments`)
      .query({ per_page: 100 })
      .reply(200, [])
      .post(`${REPO}/issues/42/comments`, (b: { body: string }) => ((posted.body = b.body), true))
      .reply(201, () => ({ id: 7001, body: posted.body, user: BOT_USER }))
      .get(`${REPO}/issues/42/comments`)
      .query({ per_page: 100 })
      .reply(200, () => [botComment(posted.body!)]);
    await h.receive('issues.opened', event);
    expect(scope.pendingMocks()).toEqual([]);
    expect(posted.body).toContain('`.github/ktriage.yml` is not valid');
    expect(posted.body).toMatch(/labels\.add: .*boolean/);
    expect(posted.body).toMatch(/labels: .*colour/);
    expect(posted.body).toMatch(/^- limits\.maxFileBytes: .*(>|&gt;)0$/m);
  });
});

describe('a second delivery', () => {
  it('updates the same comment when the inputs changed, and leaves it alone when they did not', async () => {
    const opened = payload('issues.opened');
    opened['issue'].body = incidentBody();
    const first: Posted = {};
    expectCreate(noConfig(nock(API)), first);
    await h.receive('issues.opened', opened);
    expect(nock.pendingMocks()).toEqual([]);

    // Same inputs, prose edited: nothing is re-posted.
    const unchanged = payload('issues.edited');
    unchanged['issue'].body = incidentBody().replace('came back after a warm reset', 'came back after a warm reset (edited)');
    const quiet = noConfig(nock(API)).get(`${REPO}/issues/42/comments`).query({ per_page: 100 }).reply(200, [botComment(first.body!)]);
    await h.receive('issues.edited', unchanged);
    expect(quiet.pendingMocks()).toEqual([]);
    expect(net.unmatched).toEqual([]);

    // A new block pasted: the same comment is updated in place.
    const edited = payload('issues.edited');
    edited['issue'].body = incidentBody('\n### later\n\n```\n[32300.000001] a line added later\n```\n');
    let patched = '';
    const update = noHistory(noConfig(nock(API)))
      .get(`${REPO}/issues/42/comments`)
      .query({ per_page: 100 })
      .reply(200, [botComment(first.body!)])
      .get(`${REPO}/issues/42/comments`)
      .query({ per_page: 100 })
      .reply(200, [botComment(first.body!)])
      .patch(`${REPO}/issues/comments/7001`, (b: { body: string }) => ((patched = b.body), true))
      .reply(200, () => botComment(patched));
    await h.receive('issues.edited', edited);
    expect(update.pendingMocks()).toEqual([]);
    expect(net.unmatched).toEqual([]);
    expect(patched).toContain('issue body, block 7 (later)');
    expect(patched).not.toEqual(first.body);
  });

  it('does nothing at all for a redelivery with the same delivery id', async () => {
    const opened = payload('issues.opened');
    opened['issue'].body = incidentBody();
    const posted: Posted = {};
    expectCreate(noConfig(nock(API)), posted);
    await h.receive('issues.opened', opened, 'f3a1c2d0-0001');
    expect(nock.pendingMocks()).toEqual([]);
    await h.receive('issues.opened', opened, 'f3a1c2d0-0001');
    expect(net.unmatched).toEqual([]);
  });

  it('ignores a title-only edit without any request', async () => {
    const edited = payload('issues.edited');
    edited['changes'] = { title: { from: 'node-2 froze' } };
    await h.receive('issues.edited', edited);
    expect(net.unmatched).toEqual([]);
  });
});

describe('issues.labeled', () => {
  it('analyses when the incident label is added', async () => {
    const event = payload('issues.labeled');
    event['issue'].body = incidentBody();
    const posted: Posted = {};
    const scope = expectCreate(noConfig(nock(API)), posted);
    await h.receive('issues.labeled', event);
    expect(scope.pendingMocks()).toEqual([]);
    expect(posted.body).toContain('**Inputs read from this issue**');
  });

  it('ignores other labels', async () => {
    const event = payload('issues.labeled');
    event['issue'].labels.push({ name: 'needs-triage' });
    event['label'] = { name: 'needs-triage' };
    const scope = noConfig(nock(API));
    await h.receive('issues.labeled', event);
    expect(scope.pendingMocks()).toEqual([]);
    expect(net.unmatched).toEqual([]);
  });
});

describe('comments and commands', () => {
  function commentEvent(body: string, login = 'oncall-li', association = 'MEMBER') {
    const event = payload('issue_comment.created');
    event['issue'].body = incidentBody();
    event['comment'].body = body;
    event['comment'].user = { ...event['comment'].user, login, id: login === 'oncall-li' ? 5512345 : 6600001 };
    event['comment'].author_association = association;
    event['sender'] = event['comment'].user;
    return event;
  }

  function reactions(scope: nock.Scope, ...contents: string[]): nock.Scope {
    for (const content of contents) {
      scope = scope.post(`${REPO}/issues/comments/1990001111/reactions`, { content }).reply(201, { id: 1, content });
    }
    return scope;
  }

  it('/analyze --host-utc-offset from the issue author re-runs with that offset and reacts eyes then rocket', async () => {
    const event = commentEvent('/analyze --host-utc-offset +05:30');
    const posted: Posted = {};
    let scope = reactions(nock(API), 'eyes');
    scope = expectCreate(noConfig(scope), posted, [{ ...event['comment'] }]);
    scope = reactions(scope, 'rocket');
    await h.receive('issue_comment.created', event);
    expect(scope.pendingMocks()).toEqual([]);
    expect(net.unmatched).toEqual([]);
    expect(posted.body).toMatch(/\| host local \| \+05:30 \| option \|/);
  });

  it('refuses, politely, a command from someone without triage permission', async () => {
    const event = commentEvent('/analyze', 'drive-by-user', 'NONE');
    let reply = '';
    let scope = noConfig(nock(API))
      .get(`${REPO}/collaborators/drive-by-user/permission`)
      .reply(200, { permission: 'read', role_name: 'read', user: { login: 'drive-by-user', permissions: { admin: false, maintain: false, push: false, triage: false, pull: true } } })
      .post(`${REPO}/issues/42/comments`, (b: { body: string }) => ((reply = b.body), true))
      .reply(201, { id: 7100 });
    scope = reactions(scope, 'confused');
    await h.receive('issue_comment.created', event);
    expect(scope.pendingMocks()).toEqual([]);
    expect(net.unmatched).toEqual([]);
    expect(reply).toMatch(/^Thanks for asking\. ktriage did not run this command: commands on this repository are limited to the issue author and people with at least triage permission\./);
    expect(reply).not.toContain('@drive-by-user');
  });

  it('answers five refused commands from one person with one reply and one reaction each (issue #16 item 3)', async () => {
    let replies = 0;
    const reacted: string[] = [];
    for (let i = 0; i < 5; i++) {
      const event = commentEvent('/analyze', 'drive-by-user', 'NONE');
      noConfig(nock(API))
        .get(`${REPO}/collaborators/drive-by-user/permission`)
        .reply(200, { permission: 'read', role_name: 'read', user: { login: 'drive-by-user', permissions: { pull: true } } })
        .post(`${REPO}/issues/comments/1990001111/reactions`, (b: { content: string }) => (reacted.push(b.content), true))
        .reply(201, { id: 1 });
      nock(API).post(`${REPO}/issues/42/comments`).optionally().reply(201, () => (replies++, { id: 7100 }));
      await h.receive('issue_comment.created', event);
    }
    expect(replies).toBe(1);
    expect(reacted).toEqual(['confused', 'confused', 'confused', 'confused', 'confused']);
    expect(net.unmatched).toEqual([]);
  });

  it('rate-limits runs per issue as .github/ktriage.yml says, with a confused reaction and no API work', async () => {
    const yaml = 'limits:\n  runsPerIssuePerHour: 1\n';
    const first = commentEvent('/analyze');
    const posted: Posted = {};
    let scope = withConfig(reactions(nock(API), 'eyes'), yaml);
    scope = expectCreate(scope, posted, [{ ...first['comment'] }]);
    scope = reactions(scope, 'rocket');
    await h.receive('issue_comment.created', first);
    expect(scope.pendingMocks()).toEqual([]);
    const second = commentEvent('/analyze');
    const limited = reactions(withConfig(reactions(nock(API), 'eyes'), yaml), 'confused');
    await h.receive('issue_comment.created', second);
    expect(limited.pendingMocks()).toEqual([]);
    // No listing, no comment: the second run did not start.
    expect(net.unmatched).toEqual([]);
    expect(h.logs.some((line) => line.includes('more than 1 runs on dc-ops/fleet-incidents#42 in the last hour'))).toBe(true);
  });

  it('accepts a command from a collaborator with triage permission granted through a team', async () => {
    const event = commentEvent('/analyze', 'sre-wang', 'MEMBER');
    const posted: Posted = {};
    let scope = reactions(nock(API), 'eyes');
    scope = noConfig(scope)
      .get(`${REPO}/collaborators/sre-wang/permission`)
      .reply(200, { permission: 'read', role_name: 'triage', user: { login: 'sre-wang', permissions: { admin: false, maintain: false, push: false, triage: true, pull: true } } });
    scope = expectCreate(scope, posted);
    scope = reactions(scope, 'rocket');
    await h.receive('issue_comment.created', event);
    expect(scope.pendingMocks()).toEqual([]);
    expect(posted.body).toContain('**Inputs read from this issue**');
  });

  it('/analyze help answers with the command table', async () => {
    const event = commentEvent('/analyze help');
    let reply = '';
    let scope = reactions(nock(API), 'eyes');
    scope = noConfig(scope)
      .post(`${REPO}/issues/42/comments`, (b: { body: string }) => ((reply = b.body), true))
      .reply(201, { id: 7101 });
    scope = reactions(scope, 'rocket');
    await h.receive('issue_comment.created', event);
    expect(scope.pendingMocks()).toEqual([]);
    expect(reply).toContain('`/analyze --host-utc-offset +08:00`');
    expect(reply).toContain('`/analyze help`');
  });

  it('an unknown option is answered with what was wrong, and confused', async () => {
    const event = commentEvent('/analyze --timezone Asia/Shanghai');
    let reply = '';
    let scope = reactions(nock(API), 'eyes');
    scope = noConfig(scope)
      .post(`${REPO}/issues/42/comments`, (b: { body: string }) => ((reply = b.body), true))
      .reply(201, { id: 7102 });
    scope = reactions(scope, 'confused');
    await h.receive('issue_comment.created', event);
    expect(scope.pendingMocks()).toEqual([]);
    expect(reply).toContain('unknown option `--timezone`');
  });

  it('a comment that pastes a log re-runs the analysis; one without evidence, or from a stranger, does not', async () => {
    const withLog = commentEvent('Found this on the serial console:\n\n```\n[32227.100000] watchdog: BUG: soft lockup - CPU#65 stuck for 23s! [kcompactd4:925]\n```\n');
    const posted: Posted = {};
    const scope = expectCreate(noConfig(nock(API)), posted, [{ ...withLog['comment'] }]);
    await h.receive('issue_comment.created', withLog);
    expect(scope.pendingMocks()).toEqual([]);
    expect(posted.body).toContain('comment 1990001111, block 1');

    const stranger = commentEvent('mine froze too:\n\n```\n[1.0] same here\n```', 'drive-by-user', 'NONE');
    const ignored = noConfig(nock(API));
    await h.receive('issue_comment.created', stranger);
    expect(ignored.pendingMocks()).toEqual([]);
    expect(net.unmatched).toEqual([]);

    const chatter = commentEvent('Thanks, looking into it.');
    const quiet = noConfig(nock(API));
    await h.receive('issue_comment.created', chatter);
    expect(quiet.pendingMocks()).toEqual([]);
    expect(net.unmatched).toEqual([]);
  });

  it('ignores comments from bots, itself included', async () => {
    const event = commentEvent('/analyze');
    event['comment'].user = BOT_USER;
    event['sender'] = BOT_USER;
    await h.receive('issue_comment.created', event);
    expect(net.unmatched).toEqual([]);
  });
});
