import type { RestartInfo } from '../../../shared/schemas/restart';
import { parseRestartTime } from '../../core/restart/when';
import { KairnError } from '../../core/errors';
import {
  checkParams,
  JSON_OPTION,
  stringOption,
  UsageError,
  type Command,
  type CommandContext,
} from '../command';
import { formatDate, table, toJson } from '../format';

function scheduleLine(info: RestartInfo): string {
  if (!info.logindAvailable) return 'unknown (logind is not reachable)';
  if (!info.scheduled) return 'none';
  const who = info.scheduled.byKairn ? 'set by Kairn' : 'set by someone else';
  return `${info.scheduled.type} at ${formatDate(info.scheduled.at)} (${who}, held by the system)`;
}

function neededLine(info: RestartInfo): string {
  if (!info.checked) return 'not checked (this system family sets no restart flag Kairn reads)';
  if (!info.required) return 'no';
  const since = info.since === null ? '' : ` since ${formatDate(info.since)}`;
  return `yes${since} (${info.reasons.join(', ')})`;
}

function bringsCount(b: NonNullable<RestartInfo['brings']>): string {
  const p = b.changes?.packages;
  if (!p) return '';
  return `: ${p.updated.length} updated, ${p.added.length} new, ${p.removed.length} removed packages`;
}

/** Human summary of restart.get. */
export function formatRestart(info: RestartInfo): string {
  const rows = [
    ['Restart needed:', neededLine(info)],
    ...(info.brings
      ? [
          [
            'Brings:',
            `${info.brings.version ?? `restore point ${info.brings.pointId}`} (from ${formatDate(info.brings.date)})${bringsCount(info.brings)}`,
          ],
        ]
      : []),
    ['Scheduled:', scheduleLine(info)],
    [
      'Tonight means:',
      `${info.tonightTime}${info.tonightFrom === 'maintenance-window' ? " (rebootmgr's maintenance window)" : ''}`,
    ],
    [
      'Restart now:',
      info.restartVia === 'session'
        ? 'through the desktop session (apps can save first)'
        : 'through logind',
    ],
  ];
  for (const i of info.inhibitors) rows.push(['Waiting for:', `${i.who}: ${i.why} (${i.mode})`]);
  const rm = info.rebootManager;
  if (rm) {
    const window =
      rm.windowStart === null
        ? 'no maintenance window'
        : `window ${rm.windowStart}${rm.windowDuration ? ` for ${rm.windowDuration}` : ''}`;
    rows.push([
      'rebootmgr:',
      `strategy ${rm.strategy}, ${window}${rm.requested ? `, restart requested${rm.rebootTime ? ` (${rm.rebootTime})` : ''}` : ''} (shown only)`,
    ]);
  }
  return table(rows);
}

const SUBCOMMANDS = ['status', 'schedule', 'cancel', 'now'] as const;
type Sub = (typeof SUBCOMMANDS)[number];

function subcommand(positionals: string[]): Sub {
  const [sub = 'status', ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0] ?? ''}"`);
  const found = SUBCOMMANDS.find((s) => s === sub);
  if (!found)
    throw new UsageError(`unknown reboot command "${sub}" (status, schedule, cancel, now)`);
  return found;
}

/** The schedule params from the flags, checked before any bus is opened. */
function scheduleParams(
  values: CommandContext['values'],
):
  | { when: 'tonight'; time?: string; replace: boolean }
  | { when: 'at'; at: string; replace: boolean } {
  const at = stringOption(values, 'at');
  const time = stringOption(values, 'time');
  const tonight = values.tonight === true;
  const replace = values.replace === true;
  if ((at === undefined) === !tonight)
    throw new UsageError('give exactly one of --at ISO-8601 or --tonight');
  if (at !== undefined) {
    if (time !== undefined) throw new UsageError('--time goes with --tonight');
    try {
      parseRestartTime(at, new Date());
    } catch (err) {
      throw new UsageError(`--at: ${err instanceof KairnError ? err.message : String(err)}`);
    }
    const params = { when: 'at' as const, at, replace };
    checkParams('restart.schedule', params, { at: '--at' });
    return params;
  }
  const params = { when: 'tonight' as const, replace, ...(time === undefined ? {} : { time }) };
  checkParams('restart.schedule', params, { time: '--time' });
  return params;
}

/** kairn reboot [status|schedule|cancel|now] */
export const rebootCommand: Command = {
  name: 'reboot',
  summary: 'Restart state, and schedule, cancel or start a restart (held by the system)',
  usage:
    'kairn reboot [status] [--json] | schedule (--at ISO-8601 | --tonight [--time HH:MM]) [--replace] [--json] | cancel [--replace] [--json] | now [--force]',
  options: {
    ...JSON_OPTION,
    at: { type: 'string' },
    tonight: { type: 'boolean' },
    time: { type: 'string' },
    replace: { type: 'boolean' },
    force: { type: 'boolean' },
  },
  positionals: true,
  help: () =>
    [
      'A scheduled restart is held by logind, so it happens even with Kairn closed.',
      '--tonight uses your Tonight time (default 03:00; --time sets a new one).',
      '--replace changes or cancels a restart someone else scheduled.',
      '`now` goes through the desktop session where it lets apps save; --force restarts even',
      'when apps asked to delay it.',
      '',
    ].join('\n'),
  async run({ values, positionals, io, withApi }) {
    const sub = subcommand(positionals);
    const print = (info: RestartInfo, headline: string): void =>
      io.stdout(values.json === true ? toJson(info) : `${headline}${formatRestart(info)}`);
    if (sub === 'status') {
      print(await withApi(({ client }) => client.call('restart.get', {})), '');
      return;
    }
    if (sub === 'schedule') {
      const params = scheduleParams(values);
      const { restart } = await withApi(({ client }) => client.call('restart.schedule', params));
      print(restart, 'Restart scheduled.\n');
      return;
    }
    if (sub === 'cancel') {
      const { cancelled, restart } = await withApi(({ client }) =>
        client.call('restart.cancel', { replace: values.replace === true }),
      );
      print(restart, cancelled ? 'Scheduled restart cancelled.\n' : 'No restart was scheduled.\n');
      return;
    }
    const result = await withApi(({ client }) =>
      client.call('restart.now', { overInhibitors: values.force === true }),
    );
    io.stdout(
      values.json === true
        ? toJson(result)
        : result.via === 'session'
          ? 'Restarting: the desktop session asks open apps to save first.\n'
          : 'Restarting.\n',
    );
  },
};
