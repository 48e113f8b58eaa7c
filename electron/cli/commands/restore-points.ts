import type { RestorePointList } from '../../../shared/schemas/restore-points';
import { KairnError } from '../../core/errors';
import { checkParams, JSON_OPTION, stringOption, type Command } from '../command';
import { formatDate, table, toJson } from '../format';
import { callJob, jobFailure } from '../jobs';

/** What scripts get from `kairn restore-points --json`: one object per restore point, newest first. */
function forScripts(list: RestorePointList): object[] {
  return list.points.map((p) => ({
    id: p.id,
    version: p.version,
    date: p.date,
    title: p.title,
    running: p.running,
    nextStart: p.nextStart,
    kept: p.kept,
  }));
}

function marks(p: RestorePointList['points'][number]): string {
  return [
    p.running ? 'running now' : '',
    p.nextStart ? 'used at next start' : '',
    p.kept ? 'kept' : '',
  ]
    .filter((m) => m !== '')
    .join(', ');
}

export function formatRestorePoints(list: RestorePointList): string {
  if (!list.list.available) return `No restore points here (${list.list.reason ?? 'unknown'}).\n`;
  if (list.points.length === 0) return 'No restore points yet.\n';
  const rows = list.points.map((p) => [
    p.id,
    formatDate(p.date),
    p.version ?? '',
    p.title,
    marks(p),
  ]);
  const extra = list.goBack.available
    ? ''
    : `Going back is not available here (${list.goBack.reason ?? 'unknown'}).\n`;
  return table([['ID', 'Date', 'Version', 'Title', ''], ...rows]) + extra;
}

/** kairn restore-points [--json] */
export const restorePointsCommand: Command = {
  name: 'restore-points',
  summary: 'List the restore points of this system (newest first)',
  usage: 'kairn restore-points [--json]',
  options: { ...JSON_OPTION },
  async run({ values, io, withApi }) {
    const list = await withApi(({ client }) => client.call('restorePoints.list', {}));
    io.stdout(values.json === true ? toJson(forScripts(list)) : formatRestorePoints(list));
  },
};

/** Without --to: the newest restore point older than the running one. */
function defaultTarget(list: RestorePointList): string {
  const running = list.points.findIndex((p) => p.running);
  const older = running === -1 ? undefined : list.points[running + 1];
  if (!older)
    throw new KairnError('not-found', {
      reason: 'restore-point-missing',
      detail: 'no restore point older than the running one',
    });
  return older.id;
}

/** kairn rollback [--to ID] [--json] */
export const rollbackCommand: Command = {
  name: 'rollback',
  summary: 'Go back to a restore point at the next start (personal files are not touched)',
  usage: 'kairn rollback [--to ID] [--json]',
  options: { to: { type: 'string' }, ...JSON_OPTION },
  async run({ values, io, withApi }) {
    const given = stringOption(values, 'to');
    if (given !== undefined) checkParams('restorePoints.rollback', { to: given }, { to: '--to' });
    const finished = await withApi(async ({ client, transport }) => {
      const to = given ?? defaultTarget(await client.call('restorePoints.list', {}));
      return callJob(transport, 'restorePoints.rollback', { to });
    });
    if (finished.kind !== 'rollback' || finished.state !== 'done' || finished.result === null)
      throw jobFailure(finished);
    const r = finished.result;
    io.stdout(
      values.json === true
        ? toJson(r)
        : `The next start uses restore point ${r.to} (was ${r.from}).${r.restartNeeded ? ' Restart to use it.' : ''}\n`,
    );
  },
};
