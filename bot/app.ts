// The Probot app: which events start an analysis, who may run commands, and the reactions
// that tell a commenter their command was seen. The work itself is in analysis.ts.
import type { ApplicationFunction, Context, Probot } from 'probot';
import { isTrusted, runAnalysis, type Client, type IssueInfo, type RunOptions, type RunResult } from './analysis.js';
import { helpText, parseCommand, type Command } from './commands.js';
import { ConfigError, parseConfig, type BotConfig } from './config.js';
import { composeConfigError, MARKER } from './compose.js';
import { allowlistFor, webHost } from './download.js';
import { extractCandidates } from './inputs.js';
import { historyReply } from './history.js';
import { mayRunCommands } from './permissions.js';
import { BoundedPool, KeyedQueue, RateWindow, SeenDeliveries } from './serialise.js';
import { upsertStickyComment, type AuthorFilter } from '../src/github/sticky-comment.js';
import { code, md, text, type Md } from '../src/render/md.js';

export interface AppOptions {
  /** The app's id: when known, only comments made through this app count as its own. */
  appId?: number;
  /** GitHub Enterprise Server host (Probot's GHE_HOST); its web host serves attachments. */
  gheHost?: string;
  /** Analyses run at once by this process, and how many may wait behind them. */
  concurrency?: number;
  maxQueuedRuns?: number;
}

type IssueContext = Context<'issues.opened' | 'issues.edited' | 'issues.labeled'>;
type CommentContext = Context<'issue_comment.created'>;
type AnyContext = IssueContext | CommentContext;
type Reaction = 'eyes' | 'rocket' | 'confused';

const CONFIG_FILE = 'ktriage.yml';

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (app: Probot) => {
    const deliveries = new SeenDeliveries();
    const queue = new KeyedQueue();
    const runs = new RateWindow();
    // One process analyses a few issues at a time; a burst beyond the queue is refused, not piled up.
    const pool = new BoundedPool(options.concurrency ?? 2, options.maxQueuedRuns ?? 20);
    // Who was already told "no" on which issue: later refusals are a reaction only.
    const refused = new SeenDeliveries();
    // Host and port, as `URL.host` gives them: a link to another port is another server.
    const webHosts = [webHost(options.gheHost ?? 'github.com')];
    const allowlist = allowlistFor(options.gheHost);
    const author: AuthorFilter = options.appId ? { type: 'Bot', appId: options.appId } : { type: 'Bot' };

    const issueInfo = (context: AnyContext): IssueInfo => {
      const { issue, repository } = context.payload;
      return {
        owner: repository.owner.login,
        repo: repository.name,
        number: issue.number,
        body: issue.body,
        author: issue.user?.login ?? '',
        labels: (issue.labels ?? []).map((label) => (typeof label === 'string' ? label : (label.name ?? ''))),
        isPrivate: repository.private,
      };
    };

    /** Loads and validates the config; an invalid file is reported on incident issues. */
    const loadConfig = async (context: AnyContext, reportOnIssue: boolean): Promise<BotConfig | undefined> => {
      try {
        const raw: unknown = await (context as IssueContext).config(CONFIG_FILE);
        return parseConfig(raw);
      } catch (error) {
        const problems = error instanceof ConfigError ? error.problems : [error instanceof Error ? error.message : String(error)];
        context.log.warn(`invalid ${CONFIG_FILE}: ${problems.join('; ')}`);
        const info = issueInfo(context);
        if (reportOnIssue || info.labels.includes('incident')) {
          const ref = { owner: info.owner, repo: info.repo, issue_number: info.number };
          await upsertStickyComment(context.octokit as unknown as Client, ref, composeConfigError(problems), { marker: MARKER, author });
        }
        return undefined;
      }
    };

    const runOptions = async (context: AnyContext, config: BotConfig, force: boolean, command?: Command): Promise<RunOptions> => ({
      config,
      force,
      ...(command?.kind === 'analyze' ? { hostUtcOffset: command.hostUtcOffset, bmcUtcOffset: command.bmcUtcOffset } : {}),
      webHosts,
      allowlist,
      author,
      log: context.log,
      // Attachments of private repos usually refuse app tokens, but GHES may accept one and the
      // try is cheap. The token goes only to the web host, never to a redirect target.
      headersFor: context.payload.repository.private ? await tokenHeaders(context, webHosts) : undefined,
    });

    /** Takes one run from the hourly budgets; says which is spent when there is none left. */
    const overBudget = (context: AnyContext, config: BotConfig, key: string): string | undefined => {
      const installation = context.payload.installation?.id ?? 0;
      const { runsPerIssuePerHour, runsPerInstallationPerHour } = config.limits;
      return !runs.take(`issue ${key}`, runsPerIssuePerHour)
        ? `more than ${runsPerIssuePerHour} runs on ${key} in the last hour (limits.runsPerIssuePerHour)`
        : !runs.take(`installation ${installation}`, runsPerInstallationPerHour)
          ? `more than ${runsPerInstallationPerHour} runs of installation ${installation} in the last hour (limits.runsPerInstallationPerHour)`
          : undefined;
    };

    const analyse = async (context: AnyContext, config: BotConfig, force: boolean, command?: Command): Promise<RunResult | { status: 'limited'; why: string }> => {
      const info = issueInfo(context);
      const key = `${info.owner}/${info.repo}#${info.number}`;
      const why = overBudget(context, config, key);
      const pooled = why ? undefined : pool.run(() => queue.run(key, async () => runAnalysis(context.octokit as unknown as Client, info, await runOptions(context, config, force, command))));
      if (!pooled) {
        const reason = why ?? `the app already has ${pool.maxWaiting} analyses waiting`;
        context.log.warn(`${key}: not analysed: ${reason}`);
        return { status: 'limited', why: reason };
      }
      return pooled;
    };

    const react = async (context: CommentContext, content: Reaction) => {
      try {
        await context.octokit.rest.reactions.createForIssueComment(context.repo({ comment_id: context.payload.comment.id, content }));
      } catch (error) {
        context.log.warn({ err: error }, `could not react ${content}`);
      }
    };

    const reply = (context: CommentContext, body: Md) => context.octokit.rest.issues.createComment(context.issue({ body }));

    /** `/analyze history`: one reply with the fleet view; it counts as a run, since it searches. */
    const history = async (context: CommentContext, config: BotConfig): Promise<Reaction> => {
      if (!config.memory.lookup) {
        await reply(context, md`ktriage does not look up earlier incidents in this repository: \`memory.lookup\` is \`false\` in \`.github/ktriage.yml\`.`);
        return 'confused';
      }
      const { owner, repo } = context.repo();
      const why = overBudget(context, config, `${owner}/${repo}#${context.payload.issue.number}`);
      if (why) {
        context.log.warn(`${owner}/${repo}#${context.payload.issue.number}: history not listed: ${why}`);
        return 'confused';
      }
      const { memory } = config;
      const answer = await historyReply(context.octokit as unknown as Client, { repo: { owner, repo }, author, maxIssues: memory.historyIssues, timeoutSeconds: memory.timeoutSeconds });
      await context.octokit.rest.issues.createComment(context.issue({ body: answer.body }));
      return answer.ok ? 'rocket' : 'confused';
    };

    app.on(['issues.opened', 'issues.edited', 'issues.labeled'], async (context) => {
      if (!deliveries.claim(context.id) || context.isBot) return;
      const { payload } = context;
      // A title-only edit cannot change the inputs.
      if (payload.action === 'edited' && !('body' in (payload.changes ?? {}))) return;
      const config = await loadConfig(context, false);
      if (!config) return;
      const labels = issueInfo(context).labels;
      if (!labels.some((label) => config.incidentLabels.includes(label))) return;
      if (payload.action === 'labeled' && !config.incidentLabels.includes(payload.label?.name ?? '')) return;
      await analyse(context, config, false);
    });

    app.on('issue_comment.created', async (context) => {
      if (!deliveries.claim(context.id) || context.isBot) return;
      const { comment, issue } = context.payload;
      if (comment.user?.type === 'Bot' || issue.pull_request) return;
      const command = parseCommand(comment.body);
      if (command) {
        const config = await loadConfig(context, true);
        if (!config) return react(context, 'confused');
        const login = comment.user?.login ?? '';
        const decision = await mayRunCommands(context.octokit, config, context.repo(), issue.user?.login ?? '', login);
        if (!decision.allowed) {
          // Anyone can comment: the reply is said once per person and issue, then only a reaction.
          if (refused.claim(`${context.payload.repository.id}#${issue.number}:${login.toLowerCase()}`)) {
            await reply(context, md`Thanks for asking. ktriage did not run this command: ${text(decision.reason)}. Someone with that access can comment ${code('/analyze')} for you, and new logs you attach or paste here are still welcome.`);
          }
          return react(context, 'confused');
        }
        await react(context, 'eyes');
        if (command.kind === 'help') {
          await reply(context, helpText());
          return react(context, 'rocket');
        }
        if (command.kind === 'invalid') {
          await reply(context, md`ktriage did not understand the command: ${command.problem}.\n\n${helpText()}`);
          return react(context, 'confused');
        }
        if (command.kind === 'history') return react(context, await history(context, config));
        const result = await analyse(context, config, true, command);
        return react(context, result.status === 'failed' || result.status === 'limited' ? 'confused' : 'rocket');
      }
      // Not a command: a new comment re-runs the analysis only when it brings evidence.
      const config = await loadConfig(context, false);
      if (!config) return;
      const labels = issueInfo(context).labels;
      if (!labels.some((label) => config.incidentLabels.includes(label))) return;
      const repo = context.repo();
      const offered = extractCandidates(comment.body, { where: `comment ${comment.id}`, author: comment.user?.login ?? '' }, repo, webHosts);
      if (offered.length === 0) return;
      // A stranger's links would only be listed as skipped: not worth a run on their say-so.
      if (!isTrusted(config, issue.user?.login ?? '', comment.user?.login ?? '', comment.author_association)) return;
      await analyse(context, config, false);
    });
  };
}

async function tokenHeaders(context: AnyContext, webHosts: readonly string[]): Promise<(url: URL) => Record<string, string>> {
  let token: string | undefined;
  try {
    token = ((await context.octokit.auth({ type: 'installation' })) as { token?: string }).token;
  } catch {
    token = undefined;
  }
  return (url): Record<string, string> => (token && webHosts.includes(url.host.toLowerCase()) ? { authorization: `token ${token}` } : {});
}

/**
 * The app as `npm run bot` and the serverless entries load it. Probot reads `.env` after this
 * module is imported, so the environment is read when the app is loaded, not at import.
 */
const app: ApplicationFunction = (probot, options) =>
  createApp({ appId: Number(process.env['APP_ID']) || undefined, gheHost: process.env['GHE_HOST'] || undefined })(probot, options);

export default app;
