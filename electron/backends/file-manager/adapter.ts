import { pathToFileURL } from 'node:url';

import type { FileManagerPort } from '../../core/ports/system';
import { callMethod } from '../dbus/call';
import type { BusConnection } from '../dbus/connection';
import type { ErrorTable } from '../dbus/errors';

/** org.freedesktop.FileManager1 (freedesktop file manager interface), session bus. */
const FILE_MANAGER = {
  destination: 'org.freedesktop.FileManager1',
  path: '/org/freedesktop/FileManager1',
  interface: 'org.freedesktop.FileManager1',
} as const;

const MISSING = { code: 'service-missing', reason: 'file-manager-missing' } as const;

/** No file manager on the bus is a plain "missing" with its own sentence. */
const ERRORS: ErrorTable = {
  'org.freedesktop.DBus.Error.ServiceUnknown': MISSING,
  'org.freedesktop.DBus.Error.NameHasNoOwner': MISSING,
  'org.freedesktop.DBus.Error.Spawn.ExecFailed': MISSING,
  'org.freedesktop.DBus.Error.Spawn.ChildExited': MISSING,
  'org.freedesktop.DBus.Error.Spawn.ServiceNotFound': MISSING,
  'org.freedesktop.DBus.Error.UnknownMethod': MISSING,
};

/** FileManagerPort over FileManager1.ShowItems(as uris, s startup_id). */
export class FileManager1Adapter implements FileManagerPort {
  constructor(private readonly conn: BusConnection) {}

  async showItems(paths: string[]): Promise<void> {
    const uris = paths.map((path) => pathToFileURL(path).href);
    await callMethod(
      this.conn,
      { ...FILE_MANAGER, member: 'ShowItems', signature: 'ass', body: [uris, ''] },
      { timeoutMs: 10_000, errors: ERRORS },
    );
  }
}
