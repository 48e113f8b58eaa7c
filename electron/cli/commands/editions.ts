import type { Edition, EditionsInfo } from '../../../shared/schemas/editions';
import en from '../../../shared/i18n/en.json';
import { errorSentence } from '../../../shared/i18n/messages';
import { checkParams, JSON_OPTION, UsageError, type Command } from '../command';
import { formatSize, table, toJson } from '../format';
import { callJob, jobFailure } from '../jobs';

/** The view's own plain words for cadence and risk, in English. */
const WORDS = en.ui.editions;

function marks(e: Edition): string {
  return [
    e.inUse ? 'in use' : '',
    e.usedAtNextStart ? 'used at next start' : '',
    e.major ? 'major upgrade' : '',
  ]
    .filter((m) => m !== '')
    .join(', ');
}

/** What scripts get from `kairn editions --json`. */
function forScripts(info: EditionsInfo): object {
  const brief = (e: Edition | null) =>
    e === null
      ? null
      : {
          id: e.id,
          name: e.name,
          kind: e.kind,
          cadence: e.cadence,
          risk: e.risk,
          major: e.major,
          advanced: e.advanced,
          inUse: e.inUse,
          usedAtNextStart: e.usedAtNextStart,
          canSwitch: e.canSwitch,
          ref: e.technical,
        };
  return {
    system: info.system,
    family: info.family,
    switching: info.switching,
    current: brief(info.current),
    available: info.available.map(brief),
    nextStart: brief(info.nextStart),
    notPublished: info.notPublished,
    switchBack: info.switchBack,
  };
}

export function formatEditions(info: EditionsInfo): string {
  const lines: string[] = [];
  if (info.available.length > 0) {
    const rows = info.available.map((e) => [
      e.id,
      WORDS.cadence[e.cadence],
      WORDS.risk[e.risk],
      marks(e),
    ]);
    lines.push(table([['Edition', 'Updates', 'Risk', ''], ...rows]).trimEnd());
  }
  if (info.notPublished.length > 0)
    lines.push(`Not published yet: ${info.notPublished.join(', ')}.`);
  if (!info.switching.available)
    lines.push(errorSentence('not-yet-available', info.switching.reason ?? undefined));
  if (info.switchBack !== null)
    lines.push(
      `Restart to use the new edition, or switch back: kairn edition switch ${info.switchBack}`,
    );
  return `${lines.join('\n')}\n`;
}

/** kairn editions [--json] */
export const editionsCommand: Command = {
  name: 'editions',
  summary: 'List the editions (release channels) this system can follow',
  usage: 'kairn editions [--json]',
  options: { ...JSON_OPTION },
  async run({ values, io, withApi }) {
    const info = await withApi(({ client }) => client.call('editions.get', {}));
    io.stdout(values.json === true ? toJson(forScripts(info)) : formatEditions(info));
  },
};

/** kairn edition switch ID [--json] */
export const editionCommand: Command = {
  name: 'edition',
  summary: 'Switch to another edition from the next start on (follows the download)',
  usage: 'kairn edition switch ID [--json]',
  options: { ...JSON_OPTION },
  positionals: true,
  async run({ values, positionals, io, withApi }) {
    const [verb, id, ...extra] = positionals;
    if (verb !== 'switch' || id === undefined || extra.length > 0)
      throw new UsageError('usage: kairn edition switch ID [--json]');
    checkParams('editions.switch', { id }, { id: 'ID' });
    const finished = await withApi(({ transport }) =>
      callJob(
        transport,
        'editions.switch',
        { id },
        {
          onProgress: (p) => {
            if (!io.stderrIsTTY) return;
            const bytes = p.bytesDone > 0 ? `, ${formatSize(p.bytesDone)} downloaded` : '';
            io.stderr(`\rSwitching… ${p.done}%${bytes}   `);
          },
        },
      ),
    );
    if (io.stderrIsTTY) io.stderr('\n');
    if (finished.kind !== 'switch' || finished.state !== 'done' || finished.result === null)
      throw jobFailure(finished);
    const r = finished.result;
    io.stdout(
      values.json === true
        ? toJson(r)
        : `The next start uses edition ${r.to}${r.from === null ? '' : ` (was ${r.from})`}.${r.restartNeeded ? ' Restart to use it.' : ''}\n`,
    );
  },
};
