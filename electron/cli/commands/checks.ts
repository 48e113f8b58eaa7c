import type { CheckResult } from '../../../shared/schemas/checks';
import { JSON_OPTION, type Command } from '../command';
import { toJson } from '../format';

const MARK: Record<CheckResult['state'], string> = {
  ok: 'ok',
  attention: 'attention',
  problem: 'PROBLEM',
  unknown: 'unknown',
};

/** The scripts' form: exactly { id, title, state, summary, details, fix? } per check. */
export function checksJson(checks: readonly CheckResult[]): unknown[] {
  return checks.map((c) => ({
    id: c.id,
    title: c.title,
    state: c.state,
    summary: c.summary,
    details: c.details,
    ...(c.fix ? { fix: { id: c.fix.id, label: c.fix.label } } : {}),
  }));
}

/** One block per check: state, title, the sentence, and the fix a person could run. */
export function formatChecks(checks: readonly CheckResult[]): string {
  const width = Math.max(...checks.map((c) => MARK[c.state].length));
  return checks
    .map((c) => {
      const lines = [`[${MARK[c.state].padEnd(width)}] ${c.title}: ${c.summary}`];
      if (c.fix)
        lines.push(
          `${' '.repeat(width + 3)}Fix: ${c.fix.label} (kairn call checks.fix --params '{"check":"${c.id}"}')`,
        );
      return lines.join('\n');
    })
    .join('\n')
    .concat('\n');
}

/** kairn checks [--json] */
export const checksCommand: Command = {
  name: 'checks',
  summary: 'Health checks: disk space, file history, failed system services',
  usage: 'kairn checks [--json]',
  options: { ...JSON_OPTION },
  async run({ values, io, withApi }) {
    const { checks } = await withApi(({ client }) => client.call('checks.run', {}));
    io.stdout(values.json === true ? toJson(checksJson(checks)) : formatChecks(checks));
  },
};
