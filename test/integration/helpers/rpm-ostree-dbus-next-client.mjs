// dbus-next as a client of rpm-ostree's peer-to-peer transaction socket, in its own process:
// dbus-next always sends Hello, which a peer answers with UnknownMethod, and 0.10.2 rethrows that
// inside a promise (an unhandled rejection that would end any process it runs in).
// Usage: node rpm-ostree-dbus-next-client.mjs ADDRESS [start|cancel-after-first]
// Prints one JSON line per event; exits after Finished.
import dbus from 'dbus-next';

const [address, mode = 'start'] = process.argv.slice(2);
const TXN = 'org.projectatomic.rpmostree1.Transaction';
const print = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);

process.on('unhandledRejection', (reason) => print({ event: 'unhandled', text: String(reason) }));
const bus = dbus.sessionBus({ busAddress: address });
bus.on('error', (err) =>
  print({ event: 'error', type: err.type ?? null, text: err.text ?? String(err) }),
);
bus._connection.on('end', () => {
  print({ event: 'closed' });
  process.exit(0);
});

const call = (member) => bus.call(new dbus.Message({ path: '/', interface: TXN, member }));

let cancelled = false;
bus.on('message', (msg) => {
  if (msg.type !== dbus.MessageType.SIGNAL || msg.interface !== TXN) return;
  print({ event: 'signal', name: msg.member, args: msg.body });
  if (mode === 'cancel-after-first' && !cancelled && msg.member !== 'Finished') {
    cancelled = true;
    call('Cancel').then(() => print({ event: 'cancel-sent' }));
  }
  if (msg.member === 'Finished') {
    bus.disconnect();
    process.exit(0);
  }
});

const title = await bus.call(
  new dbus.Message({
    path: '/',
    interface: 'org.freedesktop.DBus.Properties',
    member: 'Get',
    signature: 'ss',
    body: [TXN, 'Title'],
  }),
);
print({ event: 'title', value: title.body[0].value });
const started = await call('Start');
print({ event: 'started', value: started.body[0] });
