import type { Transport } from '../../shared/api/wire';
import type { Core } from '../core/compose';

/** A Transport straight into the core (CLI, tests): the same dispatch and events every host uses. */
export function inProcessTransport(core: Core, signal?: AbortSignal): Transport {
  return {
    invoke: (method, params) => core.dispatch(method, params, signal ? { signal } : {}),
    subscribe: (listener) => core.events.subscribe(listener),
  };
}
