import { resolve } from 'node:path';

import { KairnCallError, type KairnClient } from '../../../shared/api/client';
import type { ParamsIn } from '../../../shared/api/contract';
import { isErrorCode } from '../../../shared/api/errors';
import type { JobSnapshot, RestoreMode, RestoreResult } from '../../../shared/schemas/jobs';
import type { Core } from '../../core/compose';
import { integerOption, JSON_OPTION, stringOption, UsageError, type CliIo, type OptionValues, type Command } from '../command';
import { formatSize, toJson } from '../format';
import { CONFIG_OPTION, configFor } from './config';

const MODES: readonly RestoreMode[] = ['keep-both', 'replace', 'to'];

function modeOf(values: OptionValues): RestoreMode {
  const mode = stringOption(values, 'mode') ?? 'keep-both';
  const found = MODES.find((m) => m === mode);
  if (found === undefined) throw new UsageError('--mode must be keep-both, replace or to');
  return found;
}

/** A finished job → its result, or the job's error as a call error (one stderr line, non-zero exit). */
function outcome(job: JobSnapshot): RestoreResult {
  const finished = job.finished;
  if (finished?.kind === 'restore' && finished.state === 'done' && finished.result) return finished.result;
  const error = finished?.error;
  const code = error && isErrorCode(error.code) ? error.code : 'backend-failed';
  throw new KairnCallError({ code, message: error?.message ?? 'The restore did not finish.', ...(error?.reason ? { reason: error.reason } : {}) });
}

/** Human summary of a finished restore. */
export function formatRestore(result: RestoreResult): string {
  const lines = result.restored.map((path) => `Restored: ${path}`);
  for (const aside of result.keptAside) lines.push(`Moved aside: ${aside.path} -> ${aside.movedTo}`);
  lines.push(`${result.files} file(s), ${formatSize(result.bytes)}${result.cloned ? ' (shared copy)' : ''}`);
  if (result.undoId) lines.push(`Undo id: ${result.undoId}`);
  return `${lines.join('\n')}\n`;
}

/** Starts the job, draws progress on a terminal, cancels on Ctrl-C, resolves with the finished job. */
async function runJob(client: KairnClient, core: Core, io: CliIo, params: ParamsIn<'restore.start'>): Promise<JobSnapshot> {
  const { jobId } = await client.call('restore.start', params);
  const stopProgress = client.on('job.progress', (p) => {
    if (p.jobId === jobId && io.stderrIsTTY) io.stderr(`\rRestoring… ${p.done}${p.total === null ? '' : `/${p.total}`} files, ${formatSize(p.bytesDone)}   `);
  });
  const cancel = (): void => void client.call('jobs.cancel', { jobId }).catch(() => undefined);
  process.on('SIGINT', cancel);
  try {
    return await core.jobs.wait(jobId);
  } finally {
    process.off('SIGINT', cancel);
    stopProgress();
    if (io.stderrIsTTY) io.stderr('\r\x1b[K');
  }
}

/** kairn restore --snapshot N --path FILE [--config NAME] [--mode keep-both|replace|to] [--dest DIR] [--json] */
export const restoreCommand: Command = {
  name: 'restore',
  summary: 'Bring a file or folder back from a snapshot (keeps both by default)',
  usage: 'kairn restore --snapshot N --path FILE [--config NAME] [--mode keep-both|replace|to] [--dest DIR] [--json]',
  options: { ...CONFIG_OPTION, snapshot: { type: 'string' }, path: { type: 'string' }, mode: { type: 'string' }, dest: { type: 'string' }, ...JSON_OPTION },
  async run({ values, io, withCore }) {
    const snapshot = integerOption(values, 'snapshot', true) ?? 0;
    const path = resolve(stringOption(values, 'path', true));
    const mode = modeOf(values);
    const dest = stringOption(values, 'dest');
    if ((mode === 'to') !== (dest !== undefined)) throw new UsageError('--dest DIR goes with --mode to (and only with it)');
    const job = await withCore(async (client, core) => {
      const config = await configFor(client, values);
      return runJob(client, core, io, { config, snapshot, paths: [path], mode, ...(dest ? { dest: resolve(dest) } : {}) });
    });
    const result = outcome(job);
    io.stdout(values.json === true ? toJson(result) : formatRestore(result));
  },
};
