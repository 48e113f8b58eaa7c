import type { Envelope, Transport } from '../../../shared/api/wire';
import { transportFailure } from './failure';

/** What the Electron preload exposes as `window.kairn`. */
export interface KairnBridge {
  invoke(method: string, params: unknown): Promise<Envelope<unknown>>;
  on(listener: (event: string, payload: unknown) => void): () => void;
}

/** The preload bridge if this page runs inside the Kairn window, else null. */
export function findBridge(scope: object): KairnBridge | null {
  const candidate = (scope as { kairn?: Partial<KairnBridge> }).kairn;
  if (candidate && typeof candidate.invoke === 'function' && typeof candidate.on === 'function') {
    return candidate as KairnBridge;
  }
  return null;
}

/** Transport over the Electron preload; a rejected IPC call becomes a clean backend-failed envelope. */
export function createBridgeTransport(bridge: KairnBridge): Transport {
  return {
    async invoke(method, params) {
      try {
        return await bridge.invoke(method, params);
      } catch (err) {
        return transportFailure('disconnected', err instanceof Error ? err.message : String(err));
      }
    },
    subscribe(listener) {
      return bridge.on(listener);
    },
  };
}
