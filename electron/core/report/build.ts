import type { CheckResult } from '../../../shared/schemas/checks';
import type { Snapshot } from '../../../shared/schemas/snapshots';
import type { Status } from '../../../shared/schemas/status';

/** Everything a report says, gathered first; each part may be missing with why. */
export interface ReportFacts {
  createdAt: Date;
  kairnVersion: string;
  status: Status | { failed: string };
  history: { config: string; snapshots: Snapshot[] } | { none: string };
  checks: CheckResult[] | { failed: string };
  journal: Record<'system' | 'user', { lines: string[] } | { missing: true } | { failed: string }>;
}

function section(title: string, lines: string[]): string {
  return [`== ${title} ==`, ...(lines.length > 0 ? lines : ['(nothing)']), ''].join('\n');
}

function systemLines(status: ReportFacts['status']): string[] {
  if ('failed' in status) return [`Could not read the system status: ${status.failed}`];
  const os = status.osRelease;
  return [
    `Family: ${status.family} (${status.familyLabel})`,
    `System: ${os.prettyName || os.name}`,
    `Version: ${os.versionId ?? '-'}${os.imageVersion ? `, image ${os.imageVersion}` : ''}${os.variantId ? `, variant ${os.variantId}` : ''}`,
    `os-release ID: ${os.id}${os.idLike.length > 0 ? ` (like ${os.idLike.join(' ')})` : ''}`,
    `Services: ${Object.entries(status.services)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
    `Snapper: ${status.snapper.available ? status.snapper.configs.map((c) => `${c.name} on ${c.subvolume} (${c.fstype}, timeline ${c.timeline ? 'on' : 'off'})`).join('; ') || 'no configurations' : 'not available'}${status.snapper.problem ? ` [${status.snapper.problem}]` : ''}`,
    `Home: ${status.home.path}, file history config: ${status.home.config ?? 'none'}`,
    `Restart: ${status.restart.checked ? (status.restart.required ? `needed (${status.restart.reasons.join(', ')})` : 'not needed') : 'not checked'}${status.restart.scheduled ? `, scheduled ${status.restart.scheduled.at}` : ''}`,
    ...(status.demo ? ['Mode: demo (simulated services)'] : []),
  ];
}

function historyLines(history: ReportFacts['history']): string[] {
  if ('none' in history) return [`No file history: ${history.none}`];
  const newest = history.snapshots.at(-1);
  return [
    `Config: ${history.config}`,
    `Points in time: ${String(history.snapshots.length)}`,
    `Newest: ${newest ? `#${String(newest.number)} ${newest.date} "${newest.description}"` : 'none'}`,
    `Oldest: ${history.snapshots[0]?.date ?? 'none'}`,
  ];
}

function checkLines(checks: ReportFacts['checks']): string[] {
  if (!Array.isArray(checks)) return [`The checks could not run: ${checks.failed}`];
  return checks.flatMap((c) => [
    `[${c.state}] ${c.title}: ${c.summary}`,
    ...c.details.map((d) => `    ${d}`),
  ]);
}

function journalLines(part: ReportFacts['journal']['system']): string[] {
  if ('missing' in part)
    return ['journalctl is not installed here, so no journal lines are included.'];
  if ('failed' in part) return [`The journal could not be read: ${part.failed}`];
  return part.lines.length > 0 ? part.lines : ['No error lines since this boot.'];
}

/** The report as one plain text (redaction is applied to all of it afterwards). */
export function buildReport(facts: ReportFacts): string {
  const failed = Array.isArray(facts.checks)
    ? facts.checks.find((c) => c.id === 'failed-services')
    : undefined;
  return [
    'Kairn support report',
    `Created: ${facts.createdAt.toISOString()}`,
    `Kairn: ${facts.kairnVersion}`,
    'User names, home folders, the computer name and e-mail addresses are replaced by <user>, ~, <host> and <e-mail>.',
    '',
    section('System', systemLines(facts.status)),
    section('File history', historyLines(facts.history)),
    section('Checks', checkLines(facts.checks)),
    section(
      'Failed system services',
      failed ? (failed.state === 'ok' ? ['None.'] : failed.details) : ['(not checked)'],
    ),
    section(
      'Recent errors: system journal (this boot, priority err and worse)',
      journalLines(facts.journal.system),
    ),
    section('Recent errors: your session journal', journalLines(facts.journal.user)),
  ].join('\n');
}
