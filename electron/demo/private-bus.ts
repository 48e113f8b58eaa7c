import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ActivatableService {
  /** Well-known bus name, e.g. org.opensuse.Snapper. */
  name: string;
  /** Command line the bus runs to start it (bus activation, so a killed service comes back). */
  exec: string;
}

export interface PrivateBusOptions {
  kind: 'system' | 'session';
  dir: string;
  services?: ActivatableService[];
  /** Include the machine's system.d policies (needed for real snapperd's policy file). */
  includeSystemPolicies?: boolean;
  /** Environment for activated services. */
  env?: NodeJS.ProcessEnv;
}

export interface PrivateBus {
  address: string;
  pid: number;
  stop(): Promise<void>;
}

const PERMISSIVE_POLICY =
  '<policy context="default"><allow user="*"/><allow own="*"/><allow send_type="method_call"/>' +
  '<allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/></policy>';

function busConfig(
  kind: string,
  socket: string,
  serviceDir: string,
  includeSystem: boolean,
): string {
  const includes = includeSystem
    ? '<includedir>/usr/share/dbus-1/system.d</includedir><includedir>/etc/dbus-1/system.d</includedir>'
    : '';
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>${kind}</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <servicedir>${serviceDir}</servicedir>
  ${includes}
  ${PERMISSIVE_POLICY}
  <limit name="reply_timeout">30000</limit>
</busconfig>
`;
}

/**
 * Starts a dbus-daemon of its own (never the machine's bus) in its own process group, so
 * stop() also ends every service the bus activated.
 */
export async function startPrivateBus(options: PrivateBusOptions): Promise<PrivateBus> {
  const serviceDir = join(options.dir, 'services');
  await mkdir(serviceDir, { recursive: true });
  for (const service of options.services ?? []) {
    const unit = `[D-BUS Service]\nName=${service.name}\nExec=${service.exec}\nUser=${process.getuid?.() === 0 ? 'root' : (process.env.USER ?? 'root')}\n`;
    await writeFile(join(serviceDir, `${service.name}.service`), unit);
  }
  const socket = join(options.dir, 'bus');
  const configPath = join(options.dir, 'bus.conf');
  await writeFile(
    configPath,
    busConfig(options.kind, socket, serviceDir, options.includeSystemPolicies ?? false),
  );
  const child: ChildProcess = spawn(
    'dbus-daemon',
    [`--config-file=${configPath}`, '--nofork', '--print-address=1'],
    {
      detached: true,
      // dbus-daemon and the services it starts talk on stderr ("Activating service…", fd limits):
      // noise for a person running the demo, so it is shown only when KAIRN_DEBUG is set.
      stdio: ['ignore', 'pipe', process.env.KAIRN_DEBUG ? 'inherit' : 'ignore'],
      env: { ...process.env, ...options.env },
    },
  );
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('dbus-daemon did not start within 5 s')), 5000);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`could not start dbus-daemon: ${err.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dbus-daemon exited with ${String(code)}`));
    });
    if (!child.stdout) {
      reject(new Error('dbus-daemon has no output pipe'));
      return;
    }
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim());
    });
  });
  const pid = child.pid;
  // It printed its address, so it is running and has a pid.
  if (pid === undefined) throw new Error('dbus-daemon has no pid');
  let stopped = false;
  return {
    address,
    pid,
    async stop() {
      if (stopped) return;
      stopped = true;
      const exited = new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve();
        else child.once('exit', () => resolve());
      });
      try {
        process.kill(-pid, 'SIGTERM');
      } catch {
        // group already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // gone
        }
      }, 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}
