import type { ParseArgsConfig } from 'node:util';

import { z } from 'zod';

import type { KairnClient } from '../../shared/api/client';
import { methods, type MethodName } from '../../shared/api/contract';
import type { Transport } from '../../shared/api/wire';

/** Streams and terminal facts a command writes to (injected so tests can capture them). */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stderr is a terminal: progress may be drawn there. */
  stderrIsTTY: boolean;
}

/** Parsed flags of one command. */
export type OptionValues = Record<string, string | boolean | undefined>;

/** The API as a command reaches it: the core's dispatch and events, typed and raw. */
export interface CliApi {
  client: KairnClient;
  /** The untyped door (`kairn call`): every call still goes through dispatch, which validates it. */
  transport: Transport;
}

/** What a running command gets: its parsed flags, output, and a way to reach the API. */
export interface CommandContext {
  values: OptionValues;
  /** Arguments that are not flags (only for commands with `positionals: true`). */
  positionals: string[];
  io: CliIo;
  /**
   * Boots the core (only now: validate every flag before, so rejected input never opens a
   * bus), hands over the API, and closes everything afterwards.
   */
  withApi: <T>(run: (api: CliApi) => Promise<T>, scope?: ApiScope) => Promise<T>;
}

/** How much of the core a command needs: all of it, or only restart (the long-running notifier). */
export type ApiScope = 'all' | 'restart';

/** One `kairn` sub-command. */
export interface Command {
  name: string;
  summary: string;
  /** Usage line shown by `kairn <name> --help`. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** false: unknown flags and arguments are ignored (placeholder commands). Default true. */
  strict?: boolean;
  /** Takes positional arguments (e.g. `kairn call METHOD`). */
  positionals?: boolean;
  /** Extra text for `kairn <name> --help`. */
  help?: () => string;
  run(ctx: CommandContext): Promise<void>;
}

/** Wrong flags or arguments: reported on one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A flag's value as a string, or a usage error when it is required and missing. */
export function stringOption(values: OptionValues, name: string, required: true): string;
export function stringOption(
  values: OptionValues,
  name: string,
  required?: false,
): string | undefined;
export function stringOption(
  values: OptionValues,
  name: string,
  required = false,
): string | undefined {
  const value = values[name];
  if (typeof value === 'string') return value;
  if (required) throw new UsageError(`--${name} is required`);
  return undefined;
}

/** A non-negative integer flag (snapshot numbers, ports); its range is the schema's job. */
export function integerOption(
  values: OptionValues,
  name: string,
  required: boolean,
): number | undefined {
  const raw = required ? stringOption(values, name, true) : stringOption(values, name);
  if (raw === undefined) return undefined;
  if (!/^\d{1,20}$/.test(raw)) throw new UsageError(`--${name} must be a whole number`);
  return Number(raw);
}

/** A TCP port; 0 lets the system pick a free one. */
const Port = z.number().int().min(0).max(65535);

/** --port N, checked before anything is started. */
export function portOption(values: OptionValues): number {
  const port = Port.safeParse(integerOption(values, 'port', false) ?? 0);
  if (!port.success) throw new UsageError('--port must be a number from 0 to 65535');
  return port.data;
}

/** One line for an issue text: no line breaks, bounded. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').slice(0, 200);
}

/**
 * Checks the params a command is about to send against the method's contract schema, before
 * any bus is opened. `flagOf` names the flag that fed each param key (for the message);
 * `pending` keys are filled in later by the core itself (the default --config) and skipped.
 */
export function checkParams(
  method: MethodName,
  params: Record<string, unknown>,
  flagOf: Readonly<Record<string, string>> = {},
  pending: readonly string[] = [],
): void {
  const parsed = methods[method].params.safeParse(params);
  if (parsed.success) return;
  const issue = parsed.error.issues.find((i) => !pending.includes(String(i.path[0])));
  if (issue === undefined) return;
  const key = issue.path.map(String).join('.');
  const head = issue.path[0];
  const where =
    (head === undefined ? undefined : flagOf[String(head)]) ?? `--params ${key || '(params)'}`;
  throw new UsageError(`${where}: ${oneLine(issue.message)}`);
}

/** The flag every read command has. */
export const JSON_OPTION = { json: { type: 'boolean' } } as const;
