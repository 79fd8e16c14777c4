// Optional verdict labels (`ktriage:soft-lockup`, …): created with a colour when the repository
// lacks them, and swapped when a later analysis reaches a different verdict.
import type { BotConfig } from './config.js';

interface Issue {
  owner: string;
  repo: string;
  issue_number: number;
}

export interface LabelClient {
  rest: {
    issues: {
      getLabel: (params: { owner: string; repo: string; name: string }) => Promise<unknown>;
      createLabel: (params: { owner: string; repo: string; name: string; color: string; description?: string }) => Promise<unknown>;
      addLabels: (params: Issue & { labels: string[] }) => Promise<unknown>;
      removeLabel: (params: Issue & { name: string }) => Promise<unknown>;
    };
  };
}

/** Label for a verdict, or undefined when the verdict names no cause worth a label. */
export function verdictLabel(config: BotConfig, rootCause: string): string | undefined {
  if (!rootCause || rootCause === 'none' || rootCause === 'unknown') return undefined;
  return `${config.labels.prefix}${rootCause}`.slice(0, 50);
}

function status(error: unknown): number | undefined {
  return (error as { status?: number }).status;
}

export async function applyVerdictLabel(client: LabelClient, issue: Issue, config: BotConfig, rootCause: string, current: string[]): Promise<string | undefined> {
  const wanted = verdictLabel(config, rootCause);
  for (const name of current) {
    if (name.startsWith(config.labels.prefix) && name !== wanted) {
      try {
        await client.rest.issues.removeLabel({ ...issue, name });
      } catch (error) {
        if (status(error) !== 404) throw error;
      }
    }
  }
  if (!wanted || current.includes(wanted)) return wanted;
  try {
    await client.rest.issues.getLabel({ owner: issue.owner, repo: issue.repo, name: wanted });
  } catch (error) {
    if (status(error) !== 404) throw error;
    try {
      await client.rest.issues.createLabel({ owner: issue.owner, repo: issue.repo, name: wanted, color: config.labels.color, description: 'Verdict of the ktriage analysis' });
    } catch (createError) {
      // 422: created by a concurrent run in the meantime.
      if (status(createError) !== 422) throw createError;
    }
  }
  await client.rest.issues.addLabels({ ...issue, labels: [wanted] });
  return wanted;
}
