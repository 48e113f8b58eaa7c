"""A tukit stand-in for tests (python-dbusmock template), written from reference section 2.4,
not from Kairn's simulator: org.opensuse.tukit's Snapshot interface, one error name
(org.opensuse.tukit.Error). RollbackTo does what `snapper rollback` does on a read-only root:
it makes the snapshot the default (here: the snapper simulator's boot.json). A mode file lets a
test choose how the next call behaves: ok, busy, denied, fail, die, hang."""
import json
import os
import time

import dbus

BUS_NAME = 'org.opensuse.tukit'
MAIN_OBJ = '/org/opensuse/tukit/Snapshot'
MAIN_IFACE = 'org.opensuse.tukit.Snapshot'
SYSTEM_BUS = True

ERROR = 'org.opensuse.tukit.Error'


def load(mock, parameters):
    boot_file = parameters['boot_file']
    config = parameters['config']
    mode_file = parameters['mode_file']

    def mode():
        try:
            with open(mode_file) as f:
                return f.read().strip()
        except OSError:
            return 'ok'

    def rollback_to(self, snapshot):
        m = mode()
        if m == 'busy':
            raise dbus.exceptions.DBusException('The transaction is currently in use by another thread.', name=ERROR)
        if m == 'denied':
            raise dbus.exceptions.DBusException('Rejected send message', name='org.freedesktop.DBus.Error.AccessDenied')
        if m == 'fail':
            raise dbus.exceptions.DBusException('Snapshot ' + snapshot + ' does not exist.', name=ERROR)
        if m == 'die':
            os._exit(3)
        if m == 'hang':
            time.sleep(30)
        with open(boot_file) as f:
            boot = json.load(f)
        boot.setdefault(config, {})['default'] = int(snapshot)
        with open(boot_file, 'w') as f:
            json.dump(boot, f)

    def list_snapshots(self, columns):
        return dbus.Array([], signature='a{ss}')

    mock.AddMethods(MAIN_IFACE, [
        ('RollbackTo', 's', '', rollback_to),
        ('List', 's', 'aa{ss}', list_snapshots),
    ])
