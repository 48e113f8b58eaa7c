import type { UpdateCheckResult, UpdatesInfo } from '../../../shared/schemas/updates';
import { JSON_OPTION, UsageError, type Command } from '../command';
import { formatDate, table, toJson } from '../format';
import { callJob, jobFailure } from '../jobs';

const OUTCOME_WORDS = {
  succeeded: 'worked',
  failed: 'failed',
  cancelled: 'was cancelled',
} as const;

function offered(a: UpdatesInfo['check']): string {
  return a.available
    ? 'yes'
    : `no (${a.reason ?? 'not offered'}${a.detail ? `: ${a.detail}` : ''})`;
}

function checkLine(c: UpdateCheckResult): string {
  const answer = c.available ? `version ${c.version ?? '(unnamed)'} is available` : 'up to date';
  return `${answer} (checked ${formatDate(c.checkedAt)})`;
}

/** Human summary of updates.get. */
export function formatUpdates(info: UpdatesInfo): string {
  const last = info.last;
  return table([
    [
      'Last update:',
      last === null
        ? 'not known'
        : `${formatDate(last.at)}, ${OUTCOME_WORDS[last.outcome]}${last.version ? ` (${last.version})` : ''}${last.by === 'kairn' ? ', started in Kairn' : ''}`,
    ],
    ['Last check:', info.lastCheck === null ? 'never in Kairn' : checkLine(info.lastCheck)],
    ['Check offered:', offered(info.check)],
    ['Prepare offered:', offered(info.prepare)],
  ]);
}

/** kairn updates [--json] */
export const updatesCommand: Command = {
  name: 'updates',
  summary: 'When the system last updated, whether it worked, what checking offers here',
  usage: 'kairn updates [--json]',
  options: { ...JSON_OPTION },
  async run({ values, io, withApi }) {
    const info = await withApi(({ client }) => client.call('updates.get', {}));
    io.stdout(values.json === true ? toJson(info) : formatUpdates(info));
  },
};

/** kairn update check|prepare [--json] — each a job; Ctrl-C cancels it. */
export const updateCommand: Command = {
  name: 'update',
  summary: 'Check for a newer system version, or prepare it for the next start',
  usage: 'kairn update check [--json] | prepare [--json]',
  options: { ...JSON_OPTION },
  positionals: true,
  async run({ values, positionals, io, withApi }) {
    const [sub, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0] ?? ''}"`);
    if (sub !== 'check' && sub !== 'prepare')
      throw new UsageError(`give "check" or "prepare" (got "${sub ?? ''}")`);
    const method = sub === 'check' ? 'updates.check' : 'updates.prepare';
    const finished = await withApi(({ transport }) => callJob(transport, method, {}));
    if (finished.state !== 'done' || finished.result === null) throw jobFailure(finished);
    if (finished.kind === 'update-check') {
      const r = finished.result;
      io.stdout(values.json === true ? toJson(r) : `${checkLine(r)}\n`);
    } else if (finished.kind === 'update-prepare') {
      const r = finished.result;
      io.stdout(
        values.json === true
          ? toJson(r)
          : r.nothingToDo
            ? 'Nothing to prepare: the system is up to date.\n'
            : `Version ${r.version ?? '(unnamed)'} is ready for the next start.${r.restartNeeded ? ' Restart to use it.' : ''}\n`,
      );
    } else throw jobFailure(finished);
  },
};
