// The engine as the bot sees it: the same public API the CLI and the Action use.
export { analyze, renderReport, OptionError } from '../src/index.js';
export { TOOL_VERSION as TOOL_VERSION_FOR_BOT } from '../src/version.js';
