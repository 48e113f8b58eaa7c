import type { ProcessesPort } from '../../core/ports/processes';

/** kill(pid, 0) delivers nothing and only asks whether the process exists: ESRCH means gone. */
export const nodeProcesses: ProcessesPort = {
  pid: process.pid,
  isAlive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      // EPERM: it exists but is someone else's.
      return (err as NodeJS.ErrnoException | null)?.code !== 'ESRCH';
    }
  },
};
