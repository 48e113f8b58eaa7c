import { KairnCallError, type KairnClient } from '../../../shared/api/client';
import type {
  EventName,
  EventPayload,
  MethodName,
  ParamsIn,
  ResultOf,
} from '../../../shared/api/contract';
import type { ErrorCode } from '../../../shared/api/errors';
import type { DirEntry } from '../../../shared/schemas/files';
import type { HomeHistory, Snapshot } from '../../../shared/schemas/snapshots';

type Handler<M extends MethodName> = (params: ParamsIn<M>) => ResultOf<M> | Promise<ResultOf<M>>;
export type Handlers = { [M in MethodName]?: Handler<M> };

/** A KairnClient answering from handlers, recording calls, and able to push events. */
export interface FakeClient extends KairnClient {
  calls: { method: MethodName; params: unknown }[];
  callsOf(method: MethodName): unknown[];
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  listenerCount(): number;
}

export function fakeClient(handlers: Handlers): FakeClient {
  const listeners = new Set<{ event: EventName; fn: (payload: never) => void }>();
  const calls: { method: MethodName; params: unknown }[] = [];
  return {
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method).map((c) => c.params),
    async call(method, params) {
      calls.push({ method, params });
      const handler = handlers[method];
      if (!handler)
        throw new KairnCallError({ code: 'not-yet-available', message: `no fake for ${method}` });
      return handler(params);
    },
    on(event, fn) {
      const entry = { event, fn: fn as (payload: never) => void };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    emit(event, payload) {
      for (const l of [...listeners])
        if (l.event === event) (l.fn as (p: typeof payload) => void)(payload);
    },
    listenerCount: () => listeners.size,
  };
}

/** A contract error as the core would send it. */
export function callError(code: ErrorCode, reason?: string): KairnCallError {
  return new KairnCallError({
    code,
    message: code,
    ...(reason ? { reason } : {}),
    detail: 'test detail',
  });
}

export const HOME = '/home/anna';

export const homeHistory: HomeHistory = {
  home: HOME,
  config: { name: 'home', subvolume: '/home', allowed: true, syncAcl: true },
  problem: null,
  userName: 'anna',
};

export function snapshot(number: number, date: string, important = false): Snapshot {
  return {
    number,
    date,
    type: 'single',
    preNumber: null,
    description: '',
    cleanup: 'timeline',
    userdata: {},
    important,
    uid: 0,
  };
}

export function entry(
  name: string,
  kind: DirEntry['kind'] = 'file',
  deletedSince = false,
): DirEntry {
  return { name, kind, size: 10, mtime: '2025-11-03T14:00:00Z', deletedSince, linkTarget: null };
}

/** Resolves after every microtask queued so far has run (fake handlers answer without I/O). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
