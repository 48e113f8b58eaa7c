import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = resolve(import.meta.dirname, '../../..');
/** The built `kairn` (run `npm run build` first; `npm test` does). */
export const BIN = join(ROOT, 'electron/cli/bin.mjs');
const BUILT_CLI = join(ROOT, 'out/main/cli.js');

export function assertBuilt(): void {
  if (!existsSync(BUILT_CLI))
    throw new Error('out/main/cli.js is missing: run `npm run build` before the integration tests');
}

export interface CliRun {
  code: number | null;
  /** The signal that ended the process (SIGSEGV = a crash), or null for a normal exit. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `kairn ARGS` to completion (killed after `timeoutMs`), capturing both streams. */
export function runKairn(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 30_000,
): Promise<CliRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kairn ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, stdout, stderr });
    });
  });
}

export interface ServingKairn {
  child: ChildProcess;
  url: string;
  port: number;
  token: string;
  stdoutLines: string[];
  stderr: string[];
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

const URL_LINE = /^Kairn is serving at http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+)$/;

/** Starts a long-running `kairn ARGS` and waits (bounded) for its one URL line. */
export async function startServing(args: string[], timeoutMs = 60_000): Promise<ServingKairn> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdoutLines: string[] = [];
  const stderr: string[] = [];
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
  const match = await new Promise<RegExpExecArray>((resolveLine, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no URL line within ${timeoutMs} ms:\n${stderr.join('\n')}`)),
      timeoutMs,
    );
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`kairn exited early (${String(code)}):\n${stderr.join('\n')}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      stdoutLines.push(line);
      const found = URL_LINE.exec(line);
      if (found) {
        clearTimeout(timer);
        resolveLine(found);
      }
    });
  });
  const port = Number(match[1]);
  const token = match[2]!;
  return {
    child,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    stdoutLines,
    stderr,
    exited,
  };
}

interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  zombie: boolean;
  cmdline: string;
}

/** Every process from /proc (pid, parent, group, zombie state, command line). */
export async function processTable(): Promise<ProcInfo[]> {
  const rows: ProcInfo[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (stat === '') continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => ''))
      .split('\0')
      .join(' ')
      .trim();
    rows.push({
      pid: Number(entry),
      ppid: Number(fields[1]),
      pgid: Number(fields[2]),
      zombie: fields[0] === 'Z',
      cmdline,
    });
  }
  return rows;
}
