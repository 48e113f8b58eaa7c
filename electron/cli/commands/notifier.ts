import type { Command } from '../command';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** kairn notifier [--once] */
export const notifierCommand: Command = {
  name: 'notifier',
  summary:
    'Tell about a pending restart: notifications and a tray icon (--once: look once and exit)',
  usage: 'kairn notifier [--once]',
  options: { once: { type: 'boolean' } },
  help: () =>
    'Started at login by the XDG autostart entry as `kairn notifier`; plain Node, no window.\n',
  async run({ values, io, withApi }) {
    const [{ BusConnection }, { runLongLived, runOnce }, { environmentFromProcess }] =
      await Promise.all([
        import('../../backends/dbus/connection'),
        import('../../notifier/run'),
        import('../../core/env'),
      ]);
    const env = environmentFromProcess();
    const session = new BusConnection('session');
    const system = new BusConnection('system');
    let onSignal: () => void = () => {};
    const stop = new Promise<void>((resolve) => {
      onSignal = resolve;
    });
    for (const s of SIGNALS) process.on(s, onSignal);
    try {
      await withApi(async ({ client }) => {
        const options = {
          client,
          session,
          system,
          stateDir: env.stateDir,
          sysRoot: env.sysRoot ?? '/',
          log: (line: string) => io.stderr(`kairn notifier: ${line}\n`),
          stop,
        };
        if (values.once === true) await runOnce(options);
        else await runLongLived(options);
      }, 'restart');
    } finally {
      for (const s of SIGNALS) process.off(s, onSignal);
      session.close();
      system.close();
    }
  },
};
