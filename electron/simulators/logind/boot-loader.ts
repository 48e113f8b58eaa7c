import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import dbus from 'dbus-next';

import { errnoError } from '../sd-bus/errno';

/**
 * What the boot loader tells logind (systemd-boot's EFI variables), kept in its own file
 * `bootloader.json` in the state folder and re-read on every call, so a test or the demo can set
 * a scenario while the simulator runs.
 */
export interface BootLoaderState {
  /** LoaderEntries: the entry ids the boot loader knows (BootLoaderEntries). */
  entries: string[];
  /** LoaderEntryOneShot ("" when unset). */
  oneShot: string;
  /** LoaderFeatures has "entry one-shot" (systemd-boot does; GRUB does not). */
  oneShotSupported: boolean;
  /** polkit actions this machine's rules refuse. */
  polkitDenied: string[];
  /** Fault for tests: SetRebootToBootLoaderEntry never answers (a logind stuck on its EFI variables). */
  hangSet?: boolean;
  /** Written by the simulator when a call is left hanging, so a test can wait for that moment. */
  hangingOn?: string;
}

export const SET_ENTRY_ACTION = 'org.freedesktop.login1.set-reboot-to-boot-loader-entry';
const NOT_SUPPORTED = 'org.freedesktop.DBus.Error.NotSupported';
const INVALID_ARGS = 'org.freedesktop.DBus.Error.InvalidArgs';

const EMPTY: BootLoaderState = {
  entries: [],
  oneShot: '',
  oneShotSupported: false,
  polkitDenied: [],
};

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** efi_loader_entry_name_valid(): a file name made of alphanumerics and "+-_.". */
function entryNameValid(name: string): boolean {
  return name.length <= 255 && name !== '.' && name !== '..' && /^[A-Za-z0-9+\-_.]+$/.test(name);
}

export class BootLoader {
  private readonly file: string;

  constructor(stateDir: string) {
    this.file = join(stateDir, 'bootloader.json');
  }

  read(): BootLoaderState {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch {
      return { ...EMPTY };
    }
    if (typeof raw !== 'object' || raw === null) return { ...EMPTY };
    const oneShot: unknown = Reflect.get(raw, 'oneShot');
    return {
      entries: strings(Reflect.get(raw, 'entries')),
      oneShot: typeof oneShot === 'string' ? oneShot : '',
      oneShotSupported: Reflect.get(raw, 'oneShotSupported') === true,
      polkitDenied: strings(Reflect.get(raw, 'polkitDenied')),
      hangSet: Reflect.get(raw, 'hangSet') === true,
    };
  }

  /** CanRebootToBootLoaderEntry(): "na" without loader support, else polkit's answer. */
  can(): string {
    const state = this.read();
    if (!state.oneShotSupported) return 'na';
    return state.polkitDenied.includes(SET_ENTRY_ACTION) ? 'no' : 'yes';
  }

  /** Notes that a SetRebootToBootLoaderEntry call for `entry` is being left unanswered. */
  markHanging(entry: string): void {
    this.write({ ...this.read(), hangingOn: entry });
  }

  /** SetRebootToBootLoaderEntry(s): the checks in logind-dbus.c's order; "" clears. */
  set(entry: string): void {
    const state = this.read();
    if (entry !== '') {
      if (!entryNameValid(entry))
        throw new dbus.DBusError(
          INVALID_ARGS,
          `Boot loader entry name '${entry}' is not valid, refusing.`,
        );
      if (!state.entries.includes(entry))
        throw new dbus.DBusError(NOT_SUPPORTED, `Boot loader entry '${entry}' is not known.`);
    }
    if (!state.oneShotSupported)
      throw new dbus.DBusError(
        NOT_SUPPORTED,
        'Loader does not support boot into boot loader entry.',
      );
    // bus_verify_polkit_async() → -EACCES, which sd-bus names AccessDenied.
    if (state.polkitDenied.includes(SET_ENTRY_ACTION)) throw errnoError('EACCES');
    state.oneShot = entry;
    this.write(state);
  }

  private write(state: BootLoaderState): void {
    writeFileSync(`${this.file}.tmp`, JSON.stringify(state, null, 2));
    renameSync(`${this.file}.tmp`, this.file);
  }
}
