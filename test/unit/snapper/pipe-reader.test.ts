import { execFileSync } from 'node:child_process';
import { closeSync, constants, fstatSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { readPipeLines } from '../../../electron/backends/snapper/pipe-reader';
import { makeTempDir } from '../../harness/tmp';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  tmp = await makeTempDir('kairn-pipe-');
});
afterEach(async () => {
  await tmp.remove();
});

/** A FIFO like the one snapperd hands out: returns [read fd, write fd]. */
function fifo(): [number, number] {
  const path = join(tmp.path, 'fifo');
  execFileSync('mkfifo', [path]);
  const read = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  return [read, openSync(path, constants.O_WRONLY)];
}

const isClosed = (fd: number): boolean => {
  try {
    fstatSync(fd);
    return false;
  } catch {
    return true;
  }
};

describe('readPipeLines', () => {
  it('reads lines from a pipe until EOF, including a last line without newline', async () => {
    const [read, write] = fifo();
    writeSync(write, '/a 1\n/b 2\n/c 8');
    closeSync(write);
    const lines: string[] = [];
    await expect(
      readPipeLines(read, { timeoutMs: 5000, onLine: (l) => lines.push(l.toString()) > 0 }),
    ).resolves.toBe('eof');
    expect(lines).toEqual(['/a 1', '/b 2', '/c 8']);
    expect(isClosed(read)).toBe(true);
  });

  it('never hangs: a writer that stalls ends in a timeout and the descriptor is closed', async () => {
    const [read, write] = fifo();
    writeSync(write, '/a 1\n/partial');
    const lines: string[] = [];
    await expect(
      readPipeLines(read, { timeoutMs: 150, onLine: (l) => lines.push(l.toString()) > 0 }),
    ).rejects.toThrow(/not finished after 150 ms/);
    expect(lines).toEqual(['/a 1']);
    expect(isClosed(read)).toBe(true);
    closeSync(write);
  });

  it('stops early when asked and on abort', async () => {
    const [read, write] = fifo();
    writeSync(write, '/a 1\n/b 2\n');
    await expect(readPipeLines(read, { timeoutMs: 5000, onLine: () => false })).resolves.toBe(
      'stopped',
    );
    const [read2] = [openSync(join(tmp.path, 'fifo'), constants.O_RDONLY | constants.O_NONBLOCK)];
    const abort = new AbortController();
    const reading = readPipeLines(read2, {
      timeoutMs: 5000,
      signal: abort.signal,
      onLine: () => true,
    });
    abort.abort();
    await expect(reading).rejects.toThrow(/aborted/);
    closeSync(write);
  });

  it('reads a regular file descriptor too (the simulator hands out an unlinked temp file)', async () => {
    const path = join(tmp.path, 'list');
    writeFileSync(path, '/x\\x20y 1\n');
    const lines: string[] = [];
    await expect(
      readPipeLines(openSync(path, 'r'), {
        timeoutMs: 5000,
        onLine: (l) => lines.push(l.toString()) > 0,
      }),
    ).resolves.toBe('eof');
    expect(lines).toEqual(['/x\\x20y 1']);
  });
});
