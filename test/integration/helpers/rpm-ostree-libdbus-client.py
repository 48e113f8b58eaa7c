"""A client we did not write (libdbus via dbus-python) against the rpm-ostree simulator.

Calls OS.<method> on the system bus (DBUS_SYSTEM_BUS_ADDRESS), connects peer-to-peer to the
returned transaction address without Hello, subscribes, calls Start and prints one JSON line per
event until Finished. Run with Debian's /usr/bin/python3 (it has the dbus and gi modules).
"""
import json
import sys

import dbus
import dbus.connection
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

TXN = 'org.projectatomic.rpmostree1.Transaction'


def emit(**event):
    print(json.dumps(event), flush=True)


def main():
    method, os_path = sys.argv[1], sys.argv[2]
    args = sys.argv[3:]
    DBusGMainLoop(set_as_default=True)
    system = dbus.SystemBus()
    os_obj = system.get_object('org.projectatomic.rpmostree1', os_path)
    call = getattr(dbus.Interface(os_obj, 'org.projectatomic.rpmostree1.OS'), method)
    options = dbus.Dictionary({}, signature='sv')
    address = call(*args, options) if method == 'Deploy' else call(options)
    emit(event='address', value=str(address))
    peer = dbus.connection.Connection(str(address))
    loop = GLib.MainLoop()
    for name in ('Message', 'TaskBegin', 'TaskEnd', 'PercentProgress', 'ProgressEnd'):
        peer.add_signal_receiver(
            lambda *a, _n=name: emit(event='signal', name=_n, args=[str(x) if isinstance(x, dbus.String) else int(x) for x in a]),
            signal_name=name, dbus_interface=TXN)

    def finished(success, message):
        emit(event='signal', name='Finished', args=[bool(success), str(message)])
        loop.quit()

    peer.add_signal_receiver(finished, signal_name='Finished', dbus_interface=TXN)
    txn = dbus.Interface(peer.get_object(None, '/'), TXN)
    props = dbus.Interface(peer.get_object(None, '/'), 'org.freedesktop.DBus.Properties')
    emit(event='title', value=str(props.Get(TXN, 'Title')))
    emit(event='started', value=bool(txn.Start()))
    GLib.timeout_add_seconds(20, loop.quit)
    loop.run()


main()
