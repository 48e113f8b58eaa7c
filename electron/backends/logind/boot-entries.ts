import { KairnError } from '../../core/errors';
import { callMethod } from '../dbus/call';
import type { BusConnection } from '../dbus/connection';
import type { ErrorTable } from '../dbus/errors';
import { LOGIND } from './proxy';

/** The polkit action logind checks for SetRebootToBootLoaderEntry (reference §6.4). */
export const SET_BOOT_ENTRY_ACTION = 'org.freedesktop.login1.set-reboot-to-boot-loader-entry';

const PROPERTIES = 'org.freedesktop.DBus.Properties';
const TIMEOUT_MS = 5000;
const LOGIND_MISSING = { code: 'service-missing', reason: 'logind-missing' } as const;
const NOT_ALLOWED = { code: 'access-denied', reason: 'boot-entry-not-allowed' } as const;

const LOGIND_ERRORS: ErrorTable = {
  'org.freedesktop.DBus.Error.ServiceUnknown': LOGIND_MISSING,
  'org.freedesktop.DBus.Error.NameHasNoOwner': LOGIND_MISSING,
  'org.freedesktop.DBus.Error.AccessDenied': NOT_ALLOWED,
  'org.freedesktop.DBus.Error.InteractiveAuthorizationRequired': NOT_ALLOWED,
  // "Boot loader entry '…' is not known." or "Loader does not support boot into boot loader entry."
  'org.freedesktop.DBus.Error.NotSupported': { code: 'not-found', reason: 'boot-entry-missing' },
  'org.freedesktop.DBus.Error.InvalidArgs': { code: 'not-found', reason: 'boot-entry-missing' },
};

function unwrap(value: unknown): unknown {
  return typeof value === 'object' && value !== null && 'value' in value ? value.value : value;
}

/**
 * logind's one-shot boot entry (systemd-boot's LoaderEntryOneShot behind it): which entries the
 * boot loader knows, which one the next start uses once, and setting or clearing it.
 */
export class LogindBootEntries {
  /** `setTimeoutMs`: longest SetRebootToBootLoaderEntry may take (default 5 s; tests shorten it). */
  constructor(
    private readonly conn: BusConnection,
    private readonly setTimeoutMs = TIMEOUT_MS,
  ) {}

  /** BootLoaderEntries (as). */
  async entries(signal?: AbortSignal): Promise<string[]> {
    const value = await this.property('BootLoaderEntries', signal);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  }

  /** RebootToBootLoaderEntry (s): "" when no one-shot entry is set. */
  async oneShot(signal?: AbortSignal): Promise<string> {
    const value = await this.property('RebootToBootLoaderEntry', signal);
    return typeof value === 'string' ? value : '';
  }

  /** CanRebootToBootLoaderEntry(): yes, no, challenge, or na (the boot loader cannot). */
  async can(signal?: AbortSignal): Promise<string> {
    const [answer] = await this.call('CanRebootToBootLoaderEntry', '', [], signal);
    return typeof answer === 'string' ? answer : 'na';
  }

  /** SetRebootToBootLoaderEntry(s); "" clears the one-shot entry. */
  async set(entry: string, signal?: AbortSignal): Promise<void> {
    try {
      await this.call('SetRebootToBootLoaderEntry', 's', [entry], signal, this.setTimeoutMs);
    } catch (err) {
      if (!(err instanceof KairnError) || err.code !== 'access-denied') throw err;
      // The helper needs the action their polkit rules must allow.
      throw new KairnError('access-denied', {
        reason: 'boot-entry-not-allowed',
        detail: `${SET_BOOT_ENTRY_ACTION}: ${err.detail ?? err.code}`,
        cause: err,
      });
    }
  }

  /** A property this logind does not have (older than the boot-entry interface) reads as undefined. */
  private async property(name: string, signal?: AbortSignal): Promise<unknown> {
    try {
      return await this.getProperty(name, signal);
    } catch (err) {
      if (
        err instanceof KairnError &&
        /^[\w.]+\.(Error\.InvalidArgs|UnknownProperty|UnknownInterface)\b/.test(err.detail ?? '')
      )
        return undefined;
      throw err;
    }
  }

  private async getProperty(name: string, signal?: AbortSignal): Promise<unknown> {
    const [variant] = await callMethod(
      this.conn,
      {
        destination: LOGIND.destination,
        path: LOGIND.path,
        interface: PROPERTIES,
        member: 'Get',
        signature: 'ss',
        body: [LOGIND.interface, name],
      },
      {
        timeoutMs: TIMEOUT_MS,
        signal,
        errors: { 'org.freedesktop.DBus.Error.ServiceUnknown': LOGIND_MISSING },
      },
    );
    return unwrap(variant);
  }

  private call(
    member: string,
    signature: string,
    body: unknown[],
    signal?: AbortSignal,
    timeoutMs = TIMEOUT_MS,
  ): Promise<unknown[]> {
    return callMethod(
      this.conn,
      { ...LOGIND, member, signature, body },
      { timeoutMs, signal, errors: LOGIND_ERRORS },
    );
  }
}
