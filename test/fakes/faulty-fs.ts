import type { FileHandle } from 'node:fs/promises';

import type { FileSystemPort } from '../../electron/core/ports/file-system';

/**
 * Wraps a real FileSystemPort to inject what real disks do at the worst moment: ENOSPC after N
 * bytes or at the Nth write (leaving the partial data behind, like a full disk), EACCES on chosen
 * paths, a "crash" (from a chosen call on, every call fails: a dead process does nothing more),
 * a hook before every write so tests can cancel or pause mid-copy without sleeping, and hooks
 * around every call so a test can act at an exact point (another program creating a file there).
 */

export type FsOp = Exclude<keyof FileSystemPort, never>;

export interface FaultPlan {
  /** ENOSPC once this many bytes were written in total (copyFile counts the source's size). */
  enospcAfterBytes?: number;
  /** ENOSPC at the Nth write (copyFile or FileHandle.write, counted from 1). */
  enospcAtWrite?: number;
  /** EACCES for an operation on a path (copyFile: either side). */
  eacces?: (op: FsOp, path: string) => boolean;
  /** The Nth call of `op` (from 1) throws ECRASH, and so does every later call of any operation. */
  crashAt?: { op: FsOp; nth: number };
  /** Awaited before each write (copyFile or FileHandle.write), with the running write count. */
  beforeWrite?: (info: {
    op: 'copyFile' | 'write';
    path: string;
    n: number;
  }) => Promise<void> | void;
  /** Awaited before every call (after counting it), with its path arguments: races made deterministic. */
  before?: (op: FsOp, paths: string[]) => Promise<void> | void;
  /** Awaited after every call that succeeded, with its path arguments. */
  after?: (op: FsOp, paths: string[]) => Promise<void> | void;
}

/** Operations whose second argument is a path too. */
const TWO_PATHS = new Set<FsOp>(['copyFile', 'rename', 'symlink', 'link']);

const WRITE_FLAGS = /[wa+]/;

function fsErr(code: string, op: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected by faulty fs, ${op} '${path}'`), {
    code,
    syscall: op,
    path,
  });
}

function pathOf(arg: unknown): string {
  return typeof arg === 'string' ? arg : Buffer.isBuffer(arg) ? arg.toString() : String(arg);
}

/** A FileSystemPort with faults, plus counters the tests can assert on. */
export class FaultyFs {
  readonly fs: FileSystemPort;
  readonly calls = new Map<FsOp, number>();
  crashed = false;
  writes = 0;
  bytesWritten = 0;

  constructor(
    private readonly inner: FileSystemPort,
    public plan: FaultPlan = {},
  ) {
    const wrapped: Record<string, unknown> = {};
    for (const key of Object.keys(inner) as FsOp[]) wrapped[key] = this.wrap(key);
    this.fs = wrapped as unknown as FileSystemPort;
  }

  private wrap(op: FsOp): (...args: unknown[]) => Promise<unknown> {
    const original = this.inner[op] as (...args: unknown[]) => Promise<unknown>;
    return async (...args: unknown[]) => {
      this.enter(op, args);
      const paths = TWO_PATHS.has(op) ? [pathOf(args[0]), pathOf(args[1])] : [pathOf(args[0])];
      await this.plan.before?.(op, paths);
      if (op === 'copyFile') {
        await this.copyFile(args);
        await this.plan.after?.(op, paths);
        return;
      }
      const result = await original.apply(this.inner, args);
      await this.plan.after?.(op, paths);
      if (op === 'open' && typeof args[1] === 'string' && WRITE_FLAGS.test(args[1]))
        return this.watchHandle(result as FileHandle, pathOf(args[0]));
      return result;
    };
  }

  /** Counts the call and throws the crash or EACCES it is planned to hit. */
  private enter(op: FsOp, args: unknown[]): void {
    const n = (this.calls.get(op) ?? 0) + 1;
    this.calls.set(op, n);
    const path = pathOf(args[0]);
    if (this.crashed || (this.plan.crashAt?.op === op && this.plan.crashAt.nth === n)) {
      this.crashed = true;
      throw fsErr('ECRASH', op, path);
    }
    const paths = TWO_PATHS.has(op) ? [path, pathOf(args[1])] : [path];
    if (this.plan.eacces && paths.some((p) => this.plan.eacces?.(op, p)))
      throw fsErr('EACCES', op, path);
  }

  /** Bytes that may still be written before the disk is "full". */
  private room(): number {
    return this.plan.enospcAfterBytes === undefined
      ? Infinity
      : this.plan.enospcAfterBytes - this.bytesWritten;
  }

  private async beforeWrite(op: 'copyFile' | 'write', path: string): Promise<void> {
    this.writes += 1;
    await this.plan.beforeWrite?.({ op, path, n: this.writes });
    if (this.plan.enospcAtWrite === this.writes) throw fsErr('ENOSPC', op, path);
  }

  private async copyFile(args: unknown[]): Promise<void> {
    const [src, dst] = [pathOf(args[0]), pathOf(args[1])];
    await this.beforeWrite('copyFile', dst);
    const size = (await this.inner.stat(src)).size;
    if (size > this.room()) {
      // A full disk leaves what fit: the partial file stays for the caller to clean up.
      const part = Math.max(0, this.room());
      const data = (await this.inner.readFile(src)).subarray(0, part);
      await this.inner.writeFile(dst, data, { flag: 'wx' });
      this.bytesWritten += part;
      throw fsErr('ENOSPC', 'copyFile', dst);
    }
    await this.inner.copyFile(src, dst, args[2] as number | undefined);
    this.bytesWritten += size;
  }

  /** A write handle whose write() obeys the plan. */
  private watchHandle(handle: FileHandle, path: string): FileHandle {
    const write = handle.write.bind(handle) as (
      ...a: unknown[]
    ) => Promise<{ bytesWritten: number; buffer: unknown }>;
    const faulty = async (...a: unknown[]) => {
      await this.beforeWrite('write', path);
      if (this.crashed) throw fsErr('ECRASH', 'write', path);
      const length = typeof a[2] === 'number' ? a[2] : Buffer.byteLength(a[0] as string | Buffer);
      if (length > this.room()) {
        const fit = Math.max(0, this.room());
        if (fit > 0) await write(a[0], a[1], fit, a[3]);
        this.bytesWritten += fit;
        throw fsErr('ENOSPC', 'write', path);
      }
      const result = await write(...a);
      this.bytesWritten += result.bytesWritten;
      return result;
    };
    return new Proxy(handle, {
      get: (target, prop) => {
        if (prop === 'write') return faulty;
        const value: unknown = Reflect.get(target, prop, target);
        return typeof value === 'function'
          ? (value as (...a: unknown[]) => unknown).bind(target)
          : value;
      },
    });
  }
}
