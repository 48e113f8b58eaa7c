import { KairnCallError } from '../../../shared/api/client';
import type { KairnErrorPayload } from '../../../shared/api/errors';

/** The life of one async action, as every slice keeps it. */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** Value + status + the contract error of the last attempt. */
export interface AsyncState<T> {
  status: LoadStatus;
  data: T | null;
  error: KairnErrorPayload | null;
}

/** A fresh, never-loaded async value. */
export function idle<T>(): AsyncState<T> {
  return { status: 'idle', data: null, error: null };
}

/** Loading, keeping the last value so the screen does not flash empty. */
export function loading<T>(prev: AsyncState<T>): AsyncState<T> {
  return { status: 'loading', data: prev.data, error: null };
}

export function ready<T>(data: T): AsyncState<T> {
  return { status: 'ready', data, error: null };
}

export function failed<T>(error: KairnErrorPayload, data: T | null = null): AsyncState<T> {
  return { status: 'error', data, error };
}

/** Any rejection → the contract error the UI can explain. */
export function toErrorPayload(err: unknown): KairnErrorPayload {
  if (err instanceof KairnCallError) return err.payload;
  const detail = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return { code: 'backend-failed', message: 'Something went wrong.', detail };
}
