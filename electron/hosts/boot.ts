import { createPorts } from '../backends/compose';
import { BusConnections } from '../backends/dbus/connection';
import { createCore, type Core } from '../core/compose';
import { environmentFromProcess, type KairnEnvironment } from '../core/env';
import type { FolderPickerPort } from '../core/ports/system';

/** Overrides for tests and hosts. */
export interface BootOptions {
  /** Defaults to the process environment (KAIRN_HOME, KAIRN_OS_RELEASE, …). */
  env?: KairnEnvironment;
  /** Where the core writes diagnostics (never stdout: the CLI's --json owns it). */
  log?: (line: string) => void;
  /** The host's own folder dialog (Electron); without it the renderer shows its in-app chooser. */
  folderPicker?: FolderPickerPort;
}

/** A running core plus its shutdown. */
export interface BootedCore {
  core: Core;
  /** Cancels running jobs and closes the bus connections so the process can exit. */
  close(): Promise<void>;
}

/** Starts the core on the real (or demo) buses; shared by the CLI, the browser host and Electron. */
export function bootCore(options: BootOptions = {}): BootedCore {
  const env = options.env ?? environmentFromProcess();
  const conns = new BusConnections();
  const core = createCore(env, { ...createPorts(conns, env.sysRoot), folderPicker: options.folderPicker }, options.log);
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
