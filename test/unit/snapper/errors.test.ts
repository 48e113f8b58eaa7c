import { describe, expect, it } from 'vitest';

import { mapDBusError } from '../../../electron/backends/dbus/errors';
import { SNAPPER_ERRORS } from '../../../electron/backends/snapper/errors';

/** What dbus-next rejects with for a snapperd error: short name, useless body (reference §1.5). */
const snapperd = (type: string, text = 'org.freedesktop.DBus.Error.Failed') =>
  Object.assign(new Error(text), { type, text });

describe('snapper error table', () => {
  it.each([
    ['error.unknown_config', 'not-found', 'config-missing'],
    ['error.illegal_snapshot', 'not-found', 'snapshot-missing'],
    ['error.no_permissions', 'access-denied', 'snapper-not-allowed'],
    ['error.config_locked', 'busy', undefined],
    ['error.config_in_use', 'busy', undefined],
    ['error.snapshot_in_use', 'busy', undefined],
    ['error.no_comparisons', 'backend-failed', undefined],
    ['error.dbus.marshalling', 'backend-failed', undefined],
    ['org.freedesktop.DBus.Error.ServiceUnknown', 'service-missing', 'snapper-missing'],
    ['org.freedesktop.DBus.Error.Spawn.ChildExited', 'service-missing', 'snapper-missing'],
  ])('%s → %s (%s)', (name, code, reason) => {
    const err = mapDBusError(snapperd(name), SNAPPER_ERRORS);
    expect(err).toMatchObject({ code, reason, detail: name });
  });

  it('keeps a real message body in the detail', () => {
    expect(
      mapDBusError(
        snapperd('error.create_config_failed', 'subvolume already covered'),
        SNAPPER_ERRORS,
      ),
    ).toMatchObject({
      code: 'backend-failed',
      detail: 'error.create_config_failed: subvolume already covered',
    });
  });
});
