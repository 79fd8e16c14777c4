// Per-repository settings from `.github/ktriage.yml`, read through Probot's config API (which
// also honours the org-wide `.github` repository and `_extends`) and validated here, so a typo
// in the file becomes a readable comment on the issue instead of silently ignored keys.
import { z } from 'zod';

export const PERMISSION_LEVELS = ['none', 'read', 'triage', 'write', 'maintain', 'admin'] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

const offset = z
  .string()
  .regex(/^[+-](0\d|1[0-4]):[0-5]\d$/, 'must look like +08:00 or -05:30');

const MiB = 1024 * 1024;

export const configSchema = z
  .object({
    /** Issues carrying any of these labels are incidents. */
    incidentLabels: z.array(z.string().min(1)).min(1).default(['incident']),
    labels: z
      .object({
        /** Add a label naming the verdict (e.g. `ktriage:soft-lockup`). */
        add: z.boolean().default(false),
        prefix: z.string().min(1).max(30).default('ktriage:'),
        /** Colour for labels the app has to create, 6 hex digits without `#`. */
        color: z.string().regex(/^[0-9a-fA-F]{6}$/, 'must be 6 hex digits such as b60205').default('b60205'),
      })
      .strict()
      .prefault({}),
    commands: z
      .object({
        /**
         * Who may run `/analyze`: the issue author and people with at least `minPermission`
         * (`author-or-permission`), only the latter (`permission`), or anyone (`anyone`).
         */
        allow: z.enum(['author-or-permission', 'permission', 'anyone']).default('author-or-permission'),
        minPermission: z.enum(PERMISSION_LEVELS).default('triage'),
      })
      .strict()
      .prefault({}),
    inputs: z
      .object({
        /**
         * Whose comments are read as evidence: the issue author and collaborators (owner, member,
         * collaborator), or anyone. Evidence from strangers on a public repo can mislead a verdict.
         */
        trust: z.enum(['author-and-collaborators', 'anyone']).default('author-and-collaborators'),
      })
      .strict()
      .prefault({}),
    limits: z
      .object({
        /** Largest single download, in bytes (GitHub caps attachments at 25 MB). */
        maxFileBytes: z.number().int().positive().max(100 * MiB).default(25 * MiB),
        /** All downloads of one issue together. */
        maxIssueBytes: z.number().int().positive().max(500 * MiB).default(64 * MiB),
        /** Most links downloaded per issue. */
        maxDownloads: z.number().int().positive().max(100).default(20),
        /** Time allowed for one download, in seconds. */
        timeoutSeconds: z.number().positive().max(120).default(20),
        /** Expanded size, entry count and compression ratio allowed for one archive. */
        maxExpandedBytes: z.number().int().positive().max(1024 * MiB).default(200 * MiB),
        maxArchiveEntries: z.number().int().positive().max(10_000).default(200),
        maxCompressionRatio: z.number().positive().max(10_000).default(200),
        /** Analyses of one issue per hour, commands and new evidence together. */
        runsPerIssuePerHour: z.number().int().positive().max(1000).default(10),
        /** Analyses per hour across every repository of the installation. */
        runsPerInstallationPerHour: z.number().int().positive().max(10_000).default(100),
      })
      .strict()
      .prefault({}),
    memory: z
      .object({
        /**
         * Look up earlier ktriage reports of the repository through GitHub's issue search, for the
         * "Seen before" section and `/analyze history`. Off: neither searches.
         */
        lookup: z.boolean().default(true),
        /** Issues read per "Seen before" lookup (each costs one comment listing). */
        maxIssues: z.number().int().positive().max(100).default(30),
        /** Issues read for `/analyze history`. */
        historyIssues: z.number().int().positive().max(150).default(100),
        /** Time for one lookup, in seconds; a slower one is skipped with a note, never waited for. */
        timeoutSeconds: z.number().positive().max(60).default(10),
      })
      .strict()
      .prefault({}),
    clocks: z
      .object({
        /** Defaults for the engine's clock options; `/analyze --host-utc-offset` overrides them. */
        hostUtcOffset: offset.optional(),
        bmcUtcOffset: offset.optional(),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type BotConfig = z.infer<typeof configSchema>;

export const DEFAULT_CONFIG: BotConfig = configSchema.parse({});

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message);
  }
}

/** Validates the merged config object; throws a ConfigError listing every problem by path. */
export function parseConfig(raw: unknown): BotConfig {
  const result = configSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.length ? issue.path.join('.') : '(top level)';
    return `${path}: ${issue.message}`;
  });
  throw new ConfigError('.github/ktriage.yml is not valid', problems);
}
