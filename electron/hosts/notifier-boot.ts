import { chooseAdapters } from '../backends/family-table';
import { BusConnections } from '../backends/dbus/connection';
import { LogindRestartAdapter } from '../backends/logind/adapter';
import { BusServiceNames } from '../backends/os/names';
import { RebootMgrAdapter } from '../backends/rebootmgr/adapter';
import { nodeFileSystem } from '../backends/restore-fs/node-fs';
import { KdeShutdownAdapter } from '../backends/session/kde-shutdown';
import { SnapperDBusAdapter } from '../backends/snapper/adapter';
import { createRestartCore } from '../core/compose-restart';
import { environmentFromProcess } from '../core/env';
import type { BootedCore, BootOptions } from './boot';

/**
 * The notifier's core on the real (or demo) buses: the same adapters bootCore uses for status and
 * restart, and nothing else (no file manager, portal, systemd, journal or search).
 */
export function bootRestartCore(options: Pick<BootOptions, 'env' | 'log'> = {}): BootedCore {
  const env = options.env ?? environmentFromProcess();
  const conns = new BusConnections();
  const snapper = new SnapperDBusAdapter(conns.system);
  const core = createRestartCore(
    env,
    {
      fileHistory: snapper,
      names: new BusServiceNames(conns.system),
      restart: new LogindRestartAdapter(conns.system),
      sessionShutdown: new KdeShutdownAdapter(conns.session),
      rebootManager: new RebootMgrAdapter(conns.system, env.sysRoot ?? '/'),
      fs: nodeFileSystem,
      chooseAdapters: (facts) => chooseAdapters(facts, { conns, snapper, env, fs: nodeFileSystem }),
    },
    options.log,
  );
  let closing: Promise<void> | null = null;
  return {
    core,
    close() {
      closing ??= (async () => {
        try {
          await core.shutdown();
        } finally {
          conns.close();
        }
      })();
      return closing;
    },
  };
}
