import { parseArgs } from 'node:util';

import { createClient } from '../../shared/api/client';
import { inProcessTransport } from '../hosts/in-process-transport';
import { UsageError, type CliIo, type Command, type CommandContext, type OptionValues } from './command';
import { demoCommand } from './commands/demo';
import { historyCommand } from './commands/history';
import { notifierCommand, rebootCommand } from './commands/not-yet';
import { openCommand } from './commands/open';
import { restoreCommand } from './commands/restore';
import { serveCommand } from './commands/serve';
import { snapshotsCommand } from './commands/snapshots';
import { statusCommand } from './commands/status';
import { errorLine } from './format';

/** Every `kairn` command, in the order --help lists them. */
export const COMMANDS: readonly Command[] = [
  statusCommand,
  snapshotsCommand,
  historyCommand,
  restoreCommand,
  openCommand,
  rebootCommand,
  notifierCommand,
  serveCommand,
  demoCommand,
];

/** `kairn --help`: one line per command. */
export function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: kairn <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Read commands take --json for scripts. `kairn <command> --help` shows its options.',
    '',
  ].join('\n');
}

function context(values: OptionValues, positionals: string[], io: CliIo): CommandContext {
  return {
    values,
    positionals,
    io,
    async withCore(run) {
      // Loaded on demand: --help and usage errors should not pay for zod, D-Bus and the services.
      const { bootCore } = await import('../hosts/boot');
      const booted = bootCore({ log: (line) => io.stderr(`kairn: ${line}\n`) });
      try {
        return await run(createClient(inProcessTransport(booted.core)), booted.core);
      } finally {
        await booted.close();
      }
    },
  };
}

function parse(command: Command, args: string[]): { values: OptionValues; positionals: string[] } {
  const strict = command.strict ?? true;
  try {
    const allowPositionals = !strict || command.positionals === true;
    const { values, positionals } = parseArgs({ args, options: { ...command.options, help: { type: 'boolean', short: 'h' } }, strict, allowPositionals });
    return { values, positionals: command.positionals === true ? positionals : [] };
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** Runs one `kairn` invocation and returns the exit code: 0 ok, 1 the action failed, 2 wrong usage. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(helpText());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(`unknown command "${name}" (see kairn --help)`);
    const { values, positionals } = parse(command, rest);
    if (values.help === true) {
      io.stdout(`Usage: ${command.usage}\n${command.summary}.\n`);
      return 0;
    }
    await command.run(context(values, positionals, io));
    return 0;
  } catch (err) {
    io.stderr(errorLine(err));
    return err instanceof UsageError ? 2 : 1;
  }
}
