/**
 * org.opensuse.Snapper exactly as snapperd spells it (reference §1). D-Bus names of snapper live
 * only here: the adapter and the simulator both read this table, and the contract test checks
 * the simulator against real snapperd.
 */

/** Bus name, the single object path and the interface (reference §1.1). */
export const SNAPPER = {
  destination: 'org.opensuse.Snapper',
  path: '/org/opensuse/Snapper',
  interface: 'org.opensuse.Snapper',
} as const;

/** Every method Kairn or the simulator uses: member → exact in/out signatures (reference §1.3). */
export const SNAPPER_METHODS = {
  ListConfigs: { in: '', out: 'a(ssa{ss})' },
  GetConfig: { in: 's', out: '(ssa{ss})' },
  SetConfig: { in: 'sa{ss}', out: '' },
  CreateConfig: { in: 'ssss', out: '' },
  ListSnapshots: { in: 's', out: 'a(uquxussa{ss})' },
  ListSnapshotsAtTime: { in: 'sxx', out: 'a(uquxussa{ss})' },
  GetSnapshot: { in: 'su', out: '(uquxussa{ss})' },
  SetSnapshot: { in: 'sussa{ss}', out: '' },
  CreateSingleSnapshot: { in: 'sssa{ss}', out: 'u' },
  DeleteSnapshots: { in: 'sau', out: '' },
  GetDefaultSnapshot: { in: 's', out: 'bu' },
  GetActiveSnapshot: { in: 's', out: 'bu' },
  MountSnapshot: { in: 'sub', out: 's' },
  UmountSnapshot: { in: 'sub', out: '' },
  GetMountPoint: { in: 'su', out: 's' },
  CreateComparison: { in: 'suu', out: 'u' },
  DeleteComparison: { in: 'suu', out: '' },
  GetFiles: { in: 'suu', out: 'a(su)' },
  GetFilesByPipe: { in: 'suu', out: 'h' },
} as const;

export type SnapperMethod = keyof typeof SNAPPER_METHODS;

/** Signals on SNAPPER.path / SNAPPER.interface → signature (reference §1.4). */
export const SNAPPER_SIGNALS = {
  ConfigCreated: 's',
  ConfigModified: 's',
  ConfigDeleted: 's',
  SnapshotCreated: 'su',
  SnapshotModified: 'su',
  SnapshotsDeleted: 'sau',
} as const;

export type SnapperSignal = keyof typeof SNAPPER_SIGNALS;

/** snapperd's error names: short and un-namespaced (reference §1.5). */
export const SNAPPER_ERROR = {
  unknownConfig: 'error.unknown_config',
  noPermissions: 'error.no_permissions',
  illegalSnapshot: 'error.illegal_snapshot',
  noComparisons: 'error.no_comparisons',
  configLocked: 'error.config_locked',
  configInUse: 'error.config_in_use',
  snapshotInUse: 'error.snapshot_in_use',
  marshalling: 'error.dbus.marshalling',
  unknownMethod: 'error.unknown_method',
  invalidUserdata: 'error.invalid_userdata',
  invalidConfigdata: 'error.invalid_configdata',
  createConfigFailed: 'error.create_config_failed',
  createSnapshotFailed: 'error.create_snapshot_failed',
  deleteSnapshotFailed: 'error.delete_snapshot_failed',
  ioError: 'error.io_error',
} as const;

/** The message body snapperd sends with most errors (useless, but exact). */
export const SNAPPER_ERROR_TEXT = 'org.freedesktop.DBus.Error.Failed';

/** Wire value of the snapshot type field `q`. */
export const SNAPSHOT_TYPES = ['single', 'pre', 'post'] as const;

/** File status bits of a comparison (snapper/File.h). */
export const FILE_STATUS = {
  created: 1,
  deleted: 2,
  type: 4,
  content: 8,
  permissions: 16,
  owner: 32,
  group: 64,
  xattrs: 128,
  acl: 256,
} as const;
