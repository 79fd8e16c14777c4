// `npm run bot`: Probot's own server with the `probot run` environment (APP_ID, PRIVATE_KEY or
// PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, HOST, WEBHOOK_PATH, GHE_HOST, GHE_PROTOCOL, LOG_LEVEL),
// webhooks at /api/github/webhooks, and the app's Octokit that retries secondary rate limits.
import { run } from 'probot';
import app from './app.js';
import { BotOctokit } from './octokit.js';

await run(app, { Octokit: BotOctokit });
