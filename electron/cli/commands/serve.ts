import { rendererRoot } from '../../hosts/paths';
import { portOption, type CliIo, type Command } from '../command';

/** How `kairn serve` / `kairn demo` run. */
export interface ServeOptions {
  demo: boolean;
  /** The demo machine's family (snapper, rpm-ostree, sysupdate); default snapper. */
  family?: string | undefined;
  /** With --family rpm-ostree: aurora (default), bazzite or kinoite. */
  scene?: string | undefined;
  realSnapper: boolean;
  port: number;
  io: CliIo;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Resolves on the first SIGINT/SIGTERM/SIGHUP. Later signals are swallowed until release(), so
 * a second Ctrl-C cannot kill the process half-way through tearing down buses and mounts.
 */
function terminationSignal(): { stopped: Promise<NodeJS.Signals>; release(): void } {
  let onSignal: (signal: NodeJS.Signals) => void = () => {};
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = (signal) => resolve(signal);
  });
  for (const s of SIGNALS) process.on(s, onSignal);
  return { stopped, release: () => SIGNALS.forEach((s) => process.off(s, onSignal)) };
}

/** Stops what was started, newest first; a failing step does not keep the others from running. */
async function teardown(steps: (() => Promise<void>)[], io: CliIo): Promise<void> {
  for (const step of steps.reverse()) {
    try {
      await step();
    } catch (err) {
      io.stderr(`kairn: while stopping: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
}

/**
 * The browser host as a command: (demo machine,) core, server; prints exactly one line with the
 * address and runs until a termination signal, then tears everything down.
 */
export async function serve(options: ServeOptions): Promise<void> {
  const log = (line: string): void => options.io.stderr(`kairn: ${line}\n`);
  const stops: (() => Promise<void>)[] = [];
  const signal = terminationSignal();
  try {
    // Loaded on demand so the light commands start fast.
    const [
      { startDemoEnvironment, isDemoFamily, DEMO_FAMILIES, RPM_OSTREE_SCENES },
      { bootCore },
      { startServer },
    ] = await Promise.all([
      import('../../demo/demo'),
      import('../../hosts/boot'),
      import('../../server'),
    ]);
    if (options.demo) {
      const family = options.family ?? 'snapper';
      if (!isDemoFamily(family))
        throw new Error(`--family must be one of ${DEMO_FAMILIES.join(', ')} (not "${family}")`);
      const scene = RPM_OSTREE_SCENES.find((s) => s === (options.scene ?? 'aurora'));
      if (scene === undefined || (options.scene !== undefined && family !== 'rpm-ostree'))
        throw new Error(
          `--scene goes with --family rpm-ostree and is one of ${RPM_OSTREE_SCENES.join(', ')}`,
        );
      const demo = await startDemoEnvironment({
        realSnapper: options.realSnapper,
        family,
        scene,
        log,
      });
      stops.push(() => demo.stop());
      Object.assign(process.env, demo.env);
    }
    const booted = bootCore({ log });
    stops.push(() => booted.close());
    const server = await startServer({
      core: booted.core,
      root: rendererRoot(),
      port: options.port,
      log,
    });
    stops.push(() => server.close());
    options.io.stdout(`Kairn is serving at ${server.url}\n`);
    await signal.stopped;
  } finally {
    await teardown(stops, options.io);
    signal.release();
  }
}

/** kairn serve [--demo [--family F]] [--port N] */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'Open Kairn in a web browser on this computer (127.0.0.1 only)',
  usage:
    'kairn serve [--demo [--family snapper|rpm-ostree|sysupdate] [--scene aurora|bazzite|kinoite]] [--port N]',
  options: {
    demo: { type: 'boolean' },
    family: { type: 'string' },
    scene: { type: 'string' },
    port: { type: 'string' },
    'real-snapper': { type: 'boolean' },
  },
  run: ({ values, io }) =>
    serve({
      demo: values.demo === true,
      family: typeof values.family === 'string' ? values.family : undefined,
      scene: typeof values.scene === 'string' ? values.scene : undefined,
      realSnapper: values['real-snapper'] === true,
      port: portOption(values),
      io,
    }),
};
