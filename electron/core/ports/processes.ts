/** Which processes are running, so the core can tell a dead restore's leftovers from a live one's. */
export interface ProcessesPort {
  /** This process's id (recorded with what it writes). */
  readonly pid: number;
  /** True if a process with this id exists now (also when it belongs to another user). */
  isAlive(pid: number): boolean;
}
