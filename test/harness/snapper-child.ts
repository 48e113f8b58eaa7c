/**
 * Runs one SnapperDBusAdapter call in a separate process (spawned with another uid by
 * `callAsUid`), printing `{"ok":…}` or `{"code","reason"}` as JSON on stdout.
 * argv: <bus address> <method: listSnapshots|getConfig|listConfigs> <config>
 */
import { SnapperDBusAdapter } from '../../electron/backends/snapper/adapter';
import { BusConnection } from '../../electron/backends/dbus/connection';
import { KairnError } from '../../electron/core/errors';

const [address, method, config] = process.argv.slice(2);
process.env.DBUS_SYSTEM_BUS_ADDRESS = address;
const conn = new BusConnection('system');
const snapper = new SnapperDBusAdapter(conn, { callTimeoutMs: 10_000 });

async function main(): Promise<unknown> {
  if (method === 'listConfigs') return (await snapper.listConfigs()).map((c) => c.name);
  if (method === 'getConfig') return (await snapper.getConfig(config!)).name;
  return (await snapper.listSnapshots(config!)).length;
}

main()
  .then(
    (ok) => process.stdout.write(JSON.stringify({ ok })),
    (err: unknown) =>
      process.stdout.write(
        JSON.stringify(
          err instanceof KairnError
            ? { code: err.code, reason: err.reason }
            : { error: String(err) },
        ),
      ),
  )
  .finally(() => conn.close());
