import { parseArgs } from 'node:util';

import { createClient } from '../../shared/api/client';
import type { Transport } from '../../shared/api/wire';
import {
  UsageError,
  type ApiScope,
  type CliIo,
  type Command,
  type CommandContext,
} from './command';
import { callCommand, methodsHelp } from './commands/call';
import { checksCommand } from './commands/checks';
import { demoCommand } from './commands/demo';
import { editionCommand, editionsCommand } from './commands/editions';
import { historyCommand } from './commands/history';
import { notifierCommand } from './commands/notifier';
import { openCommand } from './commands/open';
import { reportCommand } from './commands/report';
import { rebootCommand } from './commands/reboot';
import { restoreCommand } from './commands/restore';
import { restorePointsCommand, rollbackCommand } from './commands/restore-points';
import { serveCommand } from './commands/serve';
import { snapshotsCommand } from './commands/snapshots';
import { statusCommand } from './commands/status';
import { updateCommand, updatesCommand } from './commands/updates';
import { errorLine } from './format';

/** Every `kairn` command, in the order --help lists them. */
export const COMMANDS: readonly Command[] = [
  statusCommand,
  checksCommand,
  snapshotsCommand,
  historyCommand,
  restoreCommand,
  restorePointsCommand,
  rollbackCommand,
  editionsCommand,
  editionCommand,
  callCommand,
  openCommand,
  reportCommand,
  rebootCommand,
  updatesCommand,
  updateCommand,
  notifierCommand,
  serveCommand,
  demoCommand,
];

/** `kairn --help`: one line per command, then every method of the contract table. */
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
    methodsHelp(),
  ].join('\n');
}

/** Where the API comes from: the in-process core by default, a fake in tests. */
export interface CliHost {
  open(io: CliIo, scope?: ApiScope): Promise<{ transport: Transport; close(): Promise<void> }>;
}

/** The core in this process, on the real (or demo) buses: the same dispatch every host uses. */
export const inProcessHost: CliHost = {
  async open(io, scope = 'all') {
    // Loaded on demand: --help and usage errors should not pay for D-Bus and the services, and
    // the notifier (running all day) not for the parts of the core it never asks.
    const log = (line: string): void => io.stderr(`kairn: ${line}\n`);
    const { inProcessTransport } = await import('../hosts/in-process-transport');
    const booted =
      scope === 'restart'
        ? (await import('../hosts/notifier-boot')).bootRestartCore({ log })
        : (await import('../hosts/boot')).bootCore({ log });
    return { transport: inProcessTransport(booted.core), close: () => booted.close() };
  },
};

function context(
  parsed: Pick<CommandContext, 'values' | 'positionals'>,
  io: CliIo,
  host: CliHost,
): CommandContext {
  return {
    ...parsed,
    io,
    async withApi(run, scope) {
      const opened = await host.open(io, scope);
      try {
        return await run({ client: createClient(opened.transport), transport: opened.transport });
      } finally {
        await opened.close();
      }
    },
  };
}

function parse(command: Command, args: string[]): Pick<CommandContext, 'values' | 'positionals'> {
  const strict = command.strict ?? true;
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      strict,
      allowPositionals: !strict || command.positionals === true,
    });
    return { values, positionals };
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

/** Runs one `kairn` invocation and returns the exit code: 0 ok, 1 the action failed, 2 wrong usage. */
export async function runCli(
  argv: string[],
  io: CliIo,
  host: CliHost = inProcessHost,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(helpText());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(`unknown command "${name}" (see kairn --help)`);
    const parsed = parse(command, rest);
    if (parsed.values.help === true) {
      io.stdout(`Usage: ${command.usage}\n${command.summary}.\n${command.help?.() ?? ''}`);
      return 0;
    }
    await command.run(context(parsed, io, host));
    return 0;
  } catch (err) {
    io.stderr(errorLine(err));
    return err instanceof UsageError ? 2 : 1;
  }
}
