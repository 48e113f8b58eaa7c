import { KairnCallError } from '../../../shared/api/client';
import { isMethodName, METHOD_NAMES, methods } from '../../../shared/api/contract';
import { checkParams, UsageError, type Command } from '../command';
import { toJson } from '../format';
import { callJob, jobFailure } from '../jobs';
import { progressLine } from './progress';

/** The method table as help text: name, kind and summary, one line each. */
export function methodsHelp(): string {
  const width = Math.max(...METHOD_NAMES.map((name) => name.length));
  const lines = METHOD_NAMES.map(
    (name) => `  ${name.padEnd(width)}  ${methods[name].kind.padEnd(6)}  ${methods[name].summary}`,
  );
  return `Methods (kairn call METHOD --params JSON):\n${lines.join('\n')}\n`;
}

function paramsOf(text: string | undefined): unknown {
  if (text === undefined) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError('--params must be JSON, e.g. --params \'{"config":"home"}\'');
  }
}

/**
 * kairn call METHOD [--params JSON] [--no-wait]: any method of the contract, through the same
 * dispatch every host uses; the result is printed as JSON. A job method waits for its
 * job.finished event and prints it.
 */
export const callCommand: Command = {
  name: 'call',
  summary: 'Call any API method with JSON params and print the JSON result (see Methods)',
  usage: 'kairn call METHOD [--params JSON] [--no-wait]',
  options: { params: { type: 'string' }, 'no-wait': { type: 'boolean' } },
  positionals: true,
  help: methodsHelp,
  async run({ values, positionals, io, withApi }) {
    const [method, ...extra] = positionals;
    if (method === undefined) throw new UsageError('which method? (see kairn call --help)');
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0] ?? ''}"`);
    if (!isMethodName(method))
      throw new UsageError(`unknown method "${method}" (see kairn call --help)`);
    const raw = values.params;
    const params = paramsOf(typeof raw === 'string' ? raw : undefined);
    if (typeof params !== 'object' || params === null || Array.isArray(params)) {
      throw new UsageError('--params must be a JSON object');
    }
    checkParams(method, Object.fromEntries(Object.entries(params)));
    const noWait = values['no-wait'] === true;
    await withApi(async ({ transport }) => {
      if (methods[method].kind !== 'job') {
        const reply = await transport.invoke(method, params);
        if (!reply.ok) throw new KairnCallError(reply.error);
        io.stdout(toJson(reply.result));
        return;
      }
      // The job runs inside this process, so kairn stays until it ends even with --no-wait
      // (leaving would cancel it); --no-wait only prints the job id at once instead of the end.
      const finished = await callJob(transport, method, params, {
        onStarted: (jobId) => {
          if (noWait) io.stdout(toJson({ jobId }));
        },
        onProgress: (p) => {
          if (io.stderrIsTTY && !noWait) io.stderr(progressLine(p));
        },
      });
      if (io.stderrIsTTY && !noWait) io.stderr('\r\x1b[K');
      if (noWait) return;
      io.stdout(toJson(finished));
      if (finished.state !== 'done') throw jobFailure(finished);
    });
  },
};
