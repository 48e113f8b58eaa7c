/** The rebootmgr Varlink simulator, as the tests use it. */
export {
  RebootmgrVarlinkStandIn,
  type RebootmgrState,
  type StandInMode,
} from '../../electron/simulators/rebootmgr/varlink-server';
