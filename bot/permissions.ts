// Who may run commands. The authoritative answer is the collaborator permission API; its
// `user.permissions` flags include team-granted triage/maintain, which the legacy
// `permission` field folds into read/write.
import { PERMISSION_LEVELS, type BotConfig, type PermissionLevel } from './config.js';

export interface PermissionClient {
  rest: {
    repos: {
      getCollaboratorPermissionLevel: (params: { owner: string; repo: string; username: string }) => Promise<{
        data: { permission?: string; role_name?: string; user?: { permissions?: Record<string, boolean | undefined> } | null };
      }>;
    };
  };
}

export function rank(level: PermissionLevel): number {
  return PERMISSION_LEVELS.indexOf(level);
}

/** Highest level the API response grants. */
export function levelFrom(data: Awaited<ReturnType<PermissionClient['rest']['repos']['getCollaboratorPermissionLevel']>>['data']): PermissionLevel {
  const flags = data.user?.permissions ?? {};
  const fromFlags: PermissionLevel = flags['admin'] ? 'admin' : flags['maintain'] ? 'maintain' : flags['push'] ? 'write' : flags['triage'] ? 'triage' : flags['pull'] ? 'read' : 'none';
  const named = [data.role_name, data.permission].find((v): v is PermissionLevel => PERMISSION_LEVELS.includes(v as PermissionLevel));
  return named && rank(named) > rank(fromFlags) ? named : fromFlags;
}

export interface Decision {
  allowed: boolean;
  /** Why, in words fit for a comment. */
  reason: string;
}

export async function mayRunCommands(
  client: PermissionClient,
  config: BotConfig,
  repo: { owner: string; repo: string },
  issueAuthor: string,
  user: string,
): Promise<Decision> {
  const { allow, minPermission } = config.commands;
  if (allow === 'anyone') return { allowed: true, reason: 'the repository allows anyone to run commands' };
  if (allow === 'author-or-permission' && user.toLowerCase() === issueAuthor.toLowerCase()) return { allowed: true, reason: 'issue author' };
  let level: PermissionLevel = 'none';
  try {
    const { data } = await client.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: user });
    level = levelFrom(data);
  } catch (error) {
    // 404: not a collaborator (or not a user) — that is an answer, not a failure.
    if ((error as { status?: number }).status !== 404) throw error;
  }
  if (rank(level) >= rank(minPermission)) return { allowed: true, reason: `${level} permission` };
  const who = allow === 'author-or-permission' ? `the issue author and people with at least ${minPermission} permission` : `people with at least ${minPermission} permission`;
  return { allowed: false, reason: `commands on this repository are limited to ${who}` };
}
