import type { Status } from '../../../shared/schemas/status';
import { failed, idle, loading, ready, toErrorPayload, type AsyncState } from './async';
import type { SliceCreator } from './types';

/** 'bridge' inside the Kairn window; the rest describe the browser host's WebSocket. */
export type Connection = 'bridge' | 'connecting' | 'open' | 'reconnecting';

export interface StatusSlice {
  status: AsyncState<Status>;
  connection: Connection;
  loadStatus(): Promise<void>;
  /** Called by the transport; after a reconnect everything shown is asked for again. */
  setConnection(next: Connection): void;
}

export const createStatusSlice: SliceCreator<StatusSlice> =
  ({ client, jobs }) =>
  (set, get) => ({
    status: idle(),
    connection: 'connecting',
    async loadStatus() {
      set((s) => ({ status: loading(s.status) }));
      try {
        const data = await client.call('status.get', {});
        set({ status: ready(data) });
      } catch (err) {
        set((s) => ({ status: failed(toErrorPayload(err), s.status.data) }));
      }
    },
    setConnection(next) {
      const before = get().connection;
      set({ connection: next });
      if (before === 'reconnecting' && next === 'open') {
        void get().loadStatus(); // Refreshes are fire-and-forget; each keeps its own status.
        if (get().home.status !== 'idle') void get().loadHome();
        if (get().selected) get().loadItem();
        void jobs.resync(); // A job.finished sent while the connection was down is lost: ask.
      }
    },
  });
