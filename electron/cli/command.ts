import type { ParseArgsConfig } from 'node:util';

import type { KairnClient } from '../../shared/api/client';
import type { Core } from '../core/compose';

/** Streams and terminal facts a command writes to (injected so tests can capture them). */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stderr is a terminal: progress may be drawn there. */
  stderrIsTTY: boolean;
}

/** Parsed flags of one command. */
export type OptionValues = Record<string, string | boolean | undefined>;

/** What a running command gets: its parsed flags, output, and a way to reach the core in-process. */
export interface CommandContext {
  values: OptionValues;
  /** Arguments that are not flags (only for commands with `positionals: true`). */
  positionals: string[];
  io: CliIo;
  /** Boots the core, hands over a typed client, and closes everything afterwards. */
  withCore: <T>(run: (client: KairnClient, core: Core) => Promise<T>) => Promise<T>;
}

/** One `kairn` sub-command. */
export interface Command {
  name: string;
  summary: string;
  /** Usage line shown by `kairn <name> --help`. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** false: unknown flags and arguments are ignored (placeholder commands). Default true. */
  strict?: boolean;
  /** Takes plain arguments besides its flags (`kairn open PATH`). Default false. */
  positionals?: boolean;
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
export function stringOption(values: OptionValues, name: string, required?: false): string | undefined;
export function stringOption(values: OptionValues, name: string, required = false): string | undefined {
  const value = values[name];
  if (typeof value === 'string') return value;
  if (required) throw new UsageError(`--${name} is required`);
  return undefined;
}

/** A non-negative integer flag (snapshot numbers, ports). */
export function integerOption(values: OptionValues, name: string, required: boolean): number | undefined {
  const raw = required ? stringOption(values, name, true) : stringOption(values, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number`);
  return Number(raw);
}

/** The flag every read command has. */
export const JSON_OPTION = { json: { type: 'boolean' } } as const;
