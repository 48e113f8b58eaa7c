import dbus from 'dbus-next';

/** What one exported interface accepts: member name → input signature. */
export type MethodTable = Readonly<Record<string, string>>;

export interface GuardedObject {
  /** Interface name → its methods; paths matching `match` answer only these. */
  interfaces: Readonly<Record<string, MethodTable>>;
}

export interface GuardOptions {
  /** Every object path the service owns (its whole tree); others are not ours to answer. */
  owns(path: string): boolean;
  /** The object at `path` now, or null if no such object exists (e.g. a finished job). */
  objectAt(path: string): GuardedObject | null;
  /** Properties sd-bus declares SD_BUS_VTABLE_PROPERTY_CONST at `path` (introspection says so). */
  constProperties?(path: string): readonly string[];
}

const CONST_ANNOTATION =
  '<annotation name="org.freedesktop.DBus.Property.EmitsChangedSignal" value="const"/>';

/** dbus-next's own introspection XML, with sd-bus's "const" annotation on the given properties. */
function introspect(bus: dbus.MessageBus, path: string, constant: readonly string[]): string {
  const xml = (bus as unknown as { _introspect(path: string): string })._introspect(path);
  return xml.replace(/<property name="([^"]+)"([^>]*?)\/>/g, (whole, name: string, rest: string) =>
    constant.includes(name)
      ? `<property name="${name}"${rest}>${CONST_ANNOTATION}</property>`
      : whole,
  );
}

const STANDARD = new Set([
  'org.freedesktop.DBus.Introspectable',
  'org.freedesktop.DBus.Properties',
  'org.freedesktop.DBus.Peer',
]);

/** Like `Message.newError`, whose typing wrongly asks for a string where it takes the call. */
export function errorReply(msg: dbus.Message, name: string, text: string): dbus.Message {
  return dbus.Message.newError(msg as unknown as string, name, text);
}

/**
 * Answers calls the way sd-bus does before a handler runs, so clients meet the real error names:
 * an unknown object → UnknownObject, an unknown member → UnknownMethod, arguments of the wrong
 * type → InvalidArgs naming the expected signature (dbus-next alone would say UnknownMethod for
 * all three). Message texts follow sd-bus's bus-objects.c.
 */
export function installSdBusGuard(bus: dbus.MessageBus, options: GuardOptions): void {
  bus.addMethodHandler((msg: dbus.Message): boolean => {
    if (msg.type !== dbus.MessageType.METHOD_CALL || !options.owns(msg.path)) return false;
    // A call may omit the interface (dbus-next types it as always present).
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    const iface = msg.interface ?? '';
    if (iface === 'org.freedesktop.DBus.Introspectable' && msg.member === 'Introspect') {
      const constant = options.constProperties?.(msg.path) ?? [];
      bus.send(dbus.Message.newMethodReturn(msg, 's', [introspect(bus, msg.path, constant)]));
      return true;
    }
    const object = options.objectAt(msg.path);
    if (!object) {
      bus.send(
        errorReply(
          msg,
          'org.freedesktop.DBus.Error.UnknownObject',
          `Unknown object '${msg.path}'.`,
        ),
      );
      return true;
    }
    if (STANDARD.has(iface)) return false;
    const methods = object.interfaces[iface];
    const expected = methods?.[msg.member];
    if (expected === undefined) {
      bus.send(
        errorReply(
          msg,
          'org.freedesktop.DBus.Error.UnknownMethod',
          `Unknown method ${msg.member} or interface ${iface}.`,
        ),
      );
      return true;
    }
    // dbus-next leaves signature undefined on a call without arguments, though it types it string.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
    const got = msg.signature ?? '';
    if (got !== expected) {
      bus.send(
        errorReply(
          msg,
          'org.freedesktop.DBus.Error.InvalidArgs',
          `Invalid arguments '${got}' to call ${iface}.${msg.member}(), expecting '${expected}'.`,
        ),
      );
      return true;
    }
    return false;
  });
}

/** Resolves when the bus connection ends (a service then exits, like one losing its bus). */
export function busClosed(bus: dbus.MessageBus): Promise<void> {
  return new Promise((resolve) => {
    bus.on('error', () => resolve());
    const stream = (bus as unknown as { _connection?: NodeJS.EventEmitter })._connection;
    stream?.on('end', () => resolve());
  });
}
