// Entry point of the bundled Action (dist/index.js). Everything lives in the runner; this file
// only turns an unexpected exception into a failed step with its message.
import * as core from '@actions/core';
import { run } from './runner.js';

try {
  await run();
} catch (error) {
  core.debug(error instanceof Error ? (error.stack ?? error.message) : String(error));
  core.setFailed(`ktriage failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`);
}
