/** The `kairn` command line (bundled to out/main/cli.js; electron/cli/bin.mjs runs it). */
import { runCli } from './run';

const io = {
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
  stderrIsTTY: process.stderr.isTTY,
};

process.exitCode = await runCli(process.argv.slice(2), io);
