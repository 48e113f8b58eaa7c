/**
 * org.opensuse.tukit's Snapshot interface exactly as tukitd spells it (reference §2.4). tukit
 * names live only here: the adapter and any simulator read this table.
 */
export const TUKIT_SNAPSHOT = {
  destination: 'org.opensuse.tukit',
  path: '/org/opensuse/tukit/Snapshot',
  interface: 'org.opensuse.tukit.Snapshot',
} as const;

/** Members Kairn calls: in/out signatures. RollbackTo is in tukitd's vtable, not its published XML. */
export const TUKIT_SNAPSHOT_METHODS = {
  List: { in: 's', out: 'aa{ss}' },
  RollbackTo: { in: 's', out: '' },
} as const;

/** Every tukitd failure carries this one name with libtukit's message (reference §2.4). */
export const TUKIT_ERROR = 'org.opensuse.tukit.Error';
