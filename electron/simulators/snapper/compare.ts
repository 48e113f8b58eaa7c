import {
  closeSync,
  lstatSync,
  openSync,
  readdirSync,
  readlinkSync,
  readSync,
  type BigIntStats,
} from 'node:fs';

import { FILE_STATUS } from '../../backends/snapper/proxy';
import { definedAt } from '../../../shared/util/defined';

/** One changed path: bytes relative to the compared roots, with a leading '/'. */
export interface TreeChange {
  path: Buffer;
  status: number;
}

const SLASH = Buffer.from('/');
const SNAPSHOTS_NAME = Buffer.from('/.snapshots');
const S_IFMT = 0o170000;

function join(dir: Buffer, name: Buffer): Buffer {
  return Buffer.concat([dir, SLASH, name]);
}

function entries(dir: Buffer): Buffer[] {
  return readdirSync(dir, { encoding: 'buffer' }).sort((a, b) => Buffer.compare(a, b));
}

function isDir(stat: BigIntStats): boolean {
  return (Number(stat.mode) & S_IFMT) === 0o040000;
}

function sameBytes(a: Buffer, b: Buffer, size: number): boolean {
  const fd1 = openSync(a, 'r');
  const fd2 = openSync(b, 'r');
  try {
    const block1 = Buffer.alloc(64 * 1024);
    const block2 = Buffer.alloc(64 * 1024);
    for (let offset = 0; offset < size;) {
      const n1 = readSync(fd1, block1, 0, block1.length, offset);
      const n2 = readSync(fd2, block2, 0, block2.length, offset);
      if (n1 !== n2 || n1 === 0 || !block1.subarray(0, n1).equals(block2.subarray(0, n2)))
        return false;
      offset += n1;
    }
    return true;
  } finally {
    closeSync(fd1);
    closeSync(fd2);
  }
}

/** snapper's cmpFilesContent: equal mtimes mean equal; then size, same inode, then the bytes / link target. */
function sameContent(a: Buffer, sa: BigIntStats, b: Buffer, sb: BigIntStats): boolean {
  if (sa.mtimeNs === sb.mtimeNs) return true;
  const kind = Number(sa.mode) & S_IFMT;
  if (kind === 0o120000)
    return readlinkSync(a, { encoding: 'buffer' }).equals(readlinkSync(b, { encoding: 'buffer' }));
  if (kind !== 0o100000) return true;
  if (sa.size !== sb.size) return false;
  if (sa.size === 0n) return true;
  if (sa.dev === sb.dev && sa.ino === sb.ino) return true;
  return sameBytes(a, b, Number(sa.size));
}

/** snapper's cmpFiles (snapper/Compare.cc) without xattrs and ACLs (the simulator does not track them). */
function fileStatus(a: Buffer, sa: BigIntStats, b: Buffer, sb: BigIntStats): number {
  let status = 0;
  if ((Number(sa.mode) & S_IFMT) !== (Number(sb.mode) & S_IFMT)) status |= FILE_STATUS.type;
  else if (!sameContent(a, sa, b, sb)) status |= FILE_STATUS.content;
  if ((Number(sa.mode) ^ Number(sb.mode)) & 0o7777) status |= FILE_STATUS.permissions;
  if (sa.uid !== sb.uid) status |= FILE_STATUS.owner;
  if (sa.gid !== sb.gid) status |= FILE_STATUS.group;
  return status;
}

class Walker {
  readonly changes: TreeChange[] = [];

  constructor(
    private readonly dev1: bigint,
    private readonly dev2: bigint,
  ) {}

  private listAll(dir: Buffer, rel: Buffer, status: number): void {
    for (const name of entries(dir)) {
      const path = join(rel, name);
      this.changes.push({ path, status });
      if (isDir(lstatSync(join(dir, name), { bigint: true })))
        this.listAll(join(dir, name), path, status);
    }
  }

  private lonesome(
    dir: Buffer,
    rel: Buffer,
    name: Buffer,
    stat: BigIntStats,
    dev: bigint,
    status: number,
  ): void {
    if (stat.dev !== dev) return;
    this.changes.push({ path: join(rel, name), status });
    if (isDir(stat)) this.listAll(join(dir, name), join(rel, name), status);
  }

  private twosome(dir1: Buffer, dir2: Buffer, rel: Buffer, name: Buffer): void {
    const [a, b] = [join(dir1, name), join(dir2, name)];
    const [sa, sb] = [lstatSync(a, { bigint: true }), lstatSync(b, { bigint: true })];
    const status = sa.dev === this.dev1 && sb.dev === this.dev2 ? fileStatus(a, sa, b, sb) : 0;
    if (status !== 0) this.changes.push({ path: join(rel, name), status });
    if (!(status & FILE_STATUS.type)) {
      if (isDir(sa) && sa.dev === this.dev1 && sb.dev === this.dev2)
        this.dirs(a, b, join(rel, name));
      return;
    }
    if (isDir(sa) && sa.dev === this.dev1) this.listAll(a, join(rel, name), FILE_STATUS.deleted);
    if (isDir(sb) && sb.dev === this.dev2) this.listAll(b, join(rel, name), FILE_STATUS.created);
  }

  /** snapper's cmpDirsWorker: a merge over both sorted listings; '/.snapshots' is never compared. */
  dirs(dir1: Buffer, dir2: Buffer, rel: Buffer): void {
    const keep = (name: Buffer): boolean => !join(rel, name).equals(SNAPSHOTS_NAME);
    const list1 = entries(dir1).filter(keep);
    const list2 = entries(dir2).filter(keep);
    let i = 0;
    let j = 0;
    while (i < list1.length || j < list2.length) {
      const order =
        i >= list1.length
          ? 1
          : j >= list2.length
            ? -1
            : Buffer.compare(
                definedAt(list1, i, 'i < list1.length'),
                definedAt(list2, j, 'j < list2.length'),
              );
      if (order > 0) {
        const name = definedAt(list2, j++, 'order > 0 only while j < list2.length');
        this.lonesome(
          dir2,
          rel,
          name,
          lstatSync(join(dir2, name), { bigint: true }),
          this.dev2,
          FILE_STATUS.created,
        );
      } else if (order < 0) {
        const name = definedAt(list1, i++, 'order < 0 only while i < list1.length');
        this.lonesome(
          dir1,
          rel,
          name,
          lstatSync(join(dir1, name), { bigint: true }),
          this.dev1,
          FILE_STATUS.deleted,
        );
      } else {
        this.twosome(dir1, dir2, rel, definedAt(list1, i, 'order 0 only with both in range'));
        i += 1;
        j += 1;
      }
    }
  }
}

/**
 * Compares two trees the way snapper's generic comparison does (what btrfs' send-stream
 * comparison also reports after its re-check). Synchronous on purpose: fast on small trees.
 */
export function compareTrees(root1: string, root2: string): TreeChange[] {
  const [r1, r2] = [Buffer.from(root1), Buffer.from(root2)];
  const walker = new Walker(
    lstatSync(r1, { bigint: true }).dev,
    lstatSync(r2, { bigint: true }).dev,
  );
  walker.dirs(r1, r2, Buffer.alloc(0));
  return walker.changes.sort((x, y) => Buffer.compare(x.path, y.path));
}
