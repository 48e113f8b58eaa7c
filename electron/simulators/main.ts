/**
 * Entry of the service simulators (product code: the demo and the tests run them).
 * `simulator <name> [args]` — started by a private bus through D-Bus activation, like the real service.
 */
import { run as runLogind } from './logind/run';
import { run as runRpmOstree } from './rpm-ostree/run';
import { run as runSnapper } from './snapper/run';
import { run as runSysupdate } from './sysupdate/run';
import { run as runTukit } from './tukit/run';

const simulators: Record<string, (args: string[]) => Promise<void>> = {
  snapper: runSnapper,
  logind: runLogind,
  'rpm-ostree': runRpmOstree,
  sysupdate: runSysupdate,
  tukit: runTukit,
};

const [name, ...args] = process.argv.slice(2);
const start = name === undefined ? undefined : simulators[name];
if (!start) {
  process.stderr.write(`usage: simulator <${Object.keys(simulators).join('|')}> [options]\n`);
  process.exit(2);
}
start(args).catch((err: unknown) => {
  process.stderr.write(
    `simulator ${name} failed: ${err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exit(1);
});
