import { readFile } from 'node:fs/promises';

import { splitNameList } from './config-file';

interface Account {
  name: string;
  uid: number;
  gid: number;
}

interface Group {
  name: string;
  gid: number;
  members: string[];
}

async function readColonFile(path: string): Promise<string[][]> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(':'));
}

async function accounts(): Promise<Account[]> {
  return (await readColonFile('/etc/passwd')).map(([name, , uid, gid]) => ({
    name: name ?? '',
    uid: Number(uid),
    gid: Number(gid),
  }));
}

async function groups(): Promise<Group[]> {
  return (await readColonFile('/etc/group')).map(([name, , gid, members]) => ({
    name: name ?? '',
    gid: Number(gid),
    members: (members ?? '').split(',').filter(Boolean),
  }));
}

/**
 * snapperd's check_permission (server/Client.cc): root always; else the uid of a name in
 * ALLOW_USERS (names only — numeric uids do not match), or the primary or any supplementary
 * group named in ALLOW_GROUPS.
 */
export async function isAllowed(
  uid: number,
  values: Readonly<Record<string, string>>,
): Promise<boolean> {
  if (uid === 0) return true;
  const users = await accounts();
  const allowedUsers = splitNameList(values.ALLOW_USERS);
  if (users.some((u) => u.uid === uid && allowedUsers.includes(u.name))) return true;
  const allowedGroups = splitNameList(values.ALLOW_GROUPS);
  if (allowedGroups.length === 0) return false;
  const me = users.find((u) => u.uid === uid);
  if (!me) return false;
  return (await groups()).some(
    (g) => allowedGroups.includes(g.name) && (g.gid === me.gid || g.members.includes(me.name)),
  );
}
