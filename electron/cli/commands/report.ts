import { constants } from 'node:fs';
import { access, lstat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

import { nodeFileSystem } from '../../backends/restore-fs/node-fs';
import { writeNew } from '../../core/report/service';
import { stringOption, UsageError, type Command } from '../command';

/** Refuses, before anything runs, a path that exists or a folder Kairn may not write into. */
async function checkOutput(raw: string): Promise<string> {
  const path = resolve(raw);
  const taken = await lstat(path).then(
    () => true,
    (err: unknown) => (err as NodeJS.ErrnoException).code !== 'ENOENT',
  );
  if (taken)
    throw new UsageError(
      `--output: ${path} already exists; Kairn never overwrites it, so choose a new file name`,
    );
  try {
    await access(dirname(path), constants.W_OK | constants.X_OK);
  } catch {
    throw new UsageError(
      `--output: cannot write into the folder ${dirname(path)} (it does not exist or you may not write there)`,
    );
  }
  return path;
}

/** kairn report [--output FILE] */
export const reportCommand: Command = {
  name: 'report',
  summary: 'A support report for your helper (user and host names removed)',
  usage: 'kairn report [--output FILE]',
  options: { output: { type: 'string', short: 'o' } },
  help: () =>
    'Without --output the report is printed. The file is written under a temporary name and only then put in place.\n',
  async run({ values, io, withApi }) {
    const output = stringOption(values, 'output');
    const path = output === undefined ? undefined : await checkOutput(output);
    const report = await withApi(({ client }) => client.call('report.create', {}));
    if (path === undefined) {
      io.stdout(report.text);
      return;
    }
    await writeNew(nodeFileSystem, path, report.text, false);
    io.stderr(`kairn: the report is in ${path}\n`);
  },
};
