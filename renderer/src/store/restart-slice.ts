import type { KairnErrorPayload } from '../../../shared/api/errors';
import type { RestartInfo } from '../../../shared/schemas/restart';
import { failed, idle, loading, ready, toErrorPayload, type AsyncState } from './async';
import type { SliceCreator } from './types';

/** What the person chose; `replace` / `overInhibitors` only after they confirmed. */
export type RestartChoice =
  | { kind: 'tonight'; time?: string; replace?: boolean }
  | { kind: 'at'; at: string; replace?: boolean }
  | { kind: 'cancel'; replace?: boolean }
  | { kind: 'now'; overInhibitors?: boolean };

export interface RestartSlice {
  restart: AsyncState<RestartInfo>;
  /** The last choice's failure (kept apart from loading the state). */
  restartActionError: KairnErrorPayload | null;
  restartBusy: boolean;
  /** The choice that was refused, so a confirmation repeats exactly it (with replace / overInhibitors). */
  restartLastChoice: RestartChoice | null;
  /** How the last "Restart now" went ahead (the session asks apps to save first; logind does not). */
  restartStarted: 'session' | 'logind' | null;
  loadRestart(): Promise<void>;
  chooseRestart(choice: RestartChoice): Promise<void>;
}

export const createRestartSlice: SliceCreator<RestartSlice> =
  ({ client }) =>
  (set, get) => ({
    restart: idle(),
    restartActionError: null,
    restartBusy: false,
    restartLastChoice: null,
    restartStarted: null,
    async loadRestart() {
      set((s) => ({ restart: loading(s.restart) }));
      try {
        set({ restart: ready(await client.call('restart.get', {})) });
      } catch (err) {
        set((s) => ({ restart: failed(toErrorPayload(err), s.restart.data) }));
      }
    },
    async chooseRestart(choice) {
      set({
        restartBusy: true,
        restartActionError: null,
        restartLastChoice: choice,
        restartStarted: null,
      });
      try {
        if (choice.kind === 'now') {
          const result = await client.call('restart.now', {
            overInhibitors: choice.overInhibitors ?? false,
          });
          set({ restartStarted: result.via });
        } else {
          // Whatever logind holds afterwards is what the page shows: always read back.
          const replace = choice.replace ?? false;
          const result =
            choice.kind === 'cancel'
              ? await client.call('restart.cancel', { replace })
              : choice.kind === 'tonight'
                ? await client.call('restart.schedule', {
                    when: 'tonight',
                    replace,
                    ...(choice.time ? { time: choice.time } : {}),
                  })
                : await client.call('restart.schedule', { when: 'at', at: choice.at, replace });
          set({ restart: ready(result.restart) });
        }
      } catch (err) {
        set({ restartActionError: toErrorPayload(err) });
        void get().loadRestart();
      } finally {
        set({ restartBusy: false });
      }
    },
  });
