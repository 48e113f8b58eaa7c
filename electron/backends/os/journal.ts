import { execFile } from 'node:child_process';

import type { JournalPort } from '../../core/ports/systemd';

/** Bounds: at most this many lines, this long each, this many bytes read, this long to wait. */
export const JOURNAL_LIMITS = {
  lines: 200,
  lineChars: 400,
  bytes: 512 * 1024,
  timeoutMs: 5000,
} as const;

type Answer = Awaited<ReturnType<JournalPort['recentErrors']>>;

/** Runs `journalctl` as the user (never with more rights), bounded in lines, size and time. */
export function journalctlReader(command = 'journalctl'): JournalPort {
  return {
    recentErrors(scope, signal) {
      const args = [
        ...(scope === 'user' ? ['--user'] : []),
        '-p',
        'err',
        '-b',
        '-n',
        String(JOURNAL_LIMITS.lines),
        '--no-pager',
        '-o',
        'short-iso',
      ];
      return new Promise<Answer>((resolve) => {
        execFile(
          command,
          args,
          {
            timeout: JOURNAL_LIMITS.timeoutMs,
            maxBuffer: JOURNAL_LIMITS.bytes,
            signal,
            env: { ...process.env, LC_ALL: 'C.UTF-8', SYSTEMD_COLORS: '0' },
          },
          (err, stdout, stderr) => {
            const errno = (err as NodeJS.ErrnoException | null)?.code;
            if (errno === 'ENOENT') {
              resolve({ missing: true });
              return;
            }
            const lines = stdout
              .split('\n')
              .filter((l) => l.trim() !== '' && !l.startsWith('-- '))
              .slice(-JOURNAL_LIMITS.lines)
              .map((l) => l.slice(0, JOURNAL_LIMITS.lineChars));
            if (err && lines.length === 0) {
              const first = stderr.split('\n').find((l) => l.trim() !== '') ?? err.message;
              resolve({ failed: first.slice(0, JOURNAL_LIMITS.lineChars) });
              return;
            }
            resolve({ lines });
          },
        );
      });
    },
  };
}
