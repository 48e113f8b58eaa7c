import { KairnError } from '../../core/errors';
import type { GoBackProgress } from '../../core/ports/restore-points';
import { PeerCallError, PeerClient, type PeerSignal } from '../dbus/p2p/client';

export const TRANSACTION_IFACE = 'org.projectatomic.rpmostree1.Transaction';

export interface TransactionWatch {
  signal: AbortSignal;
  /** Longest Kairn waits for Finished; then it cancels the transaction and fails. */
  timeoutMs: number;
  progress?: ((step: GoBackProgress) => void) | undefined;
  /** What the transaction does, for error details ("OS.Rollback"). */
  what: string;
  /** DownloadProgress: bytes transferred so far and bytes per second. */
  download?: ((bytes: number, bytesPerSecond: number) => void) | undefined;
  /** Finished(false, text) in the caller's own terms; null falls back to the general reading. */
  failed?: ((text: string, detail: string) => KairnError | null) | undefined;
}

/** A t (uint64) as the peer client hands it over, as a number. */
function count(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : 0;
}

/** rpm-ostree's own words for a cancelled transaction (GIO's G_IO_ERROR_CANCELLED text). */
const CANCELLED_TEXT = /cancel/i;

/**
 * Follows one rpm-ostree transaction on its private socket (reference §4.5): connect without
 * Hello, subscribe, Start(), progress from PercentProgress / Message, Finished ends it. Cancel on
 * abort or when it never finishes. The daemon vanishing closes the socket: the job fails with why.
 */
export async function followTransaction(address: string, watch: TransactionWatch): Promise<void> {
  if (watch.signal.aborted) {
    await abandon(address);
    throw new KairnError('cancelled');
  }
  let client: PeerClient;
  try {
    client = await PeerClient.open(address);
  } catch (err) {
    throw new KairnError('backend-failed', {
      reason: 'rpm-ostree-stopped',
      detail: `${watch.what}: ${err instanceof Error ? err.message : String(err)}`,
      cause: err,
    });
  }
  const cleanups: (() => void)[] = [];
  try {
    let percent = 0;
    const outcome = new Promise<void>((resolve, reject) => {
      cleanups.push(
        client.onSignal((s: PeerSignal) => {
          if (s.interface !== TRANSACTION_IFACE) return;
          const [first, second] = s.body;
          if (s.member === 'PercentProgress' && typeof first === 'string') {
            percent = typeof second === 'number' ? Math.max(0, Math.min(100, second)) : percent;
            watch.progress?.({ percent, text: first });
          } else if (
            (s.member === 'Message' || s.member === 'TaskBegin') &&
            typeof first === 'string'
          ) {
            watch.progress?.({ percent, text: first });
          } else if (s.member === 'DownloadProgress' && Array.isArray(s.body[5])) {
            const [bytes, rate] = s.body[5];
            watch.download?.(count(bytes), count(rate));
          } else if (s.member === 'Finished') {
            const text = typeof second === 'string' ? second : '';
            if (first === true) resolve();
            else reject(finishedError(text, watch));
          }
        }),
      );
      cleanups.push(
        client.onClose((reason) =>
          reject(
            new KairnError('backend-failed', {
              reason: 'rpm-ostree-stopped',
              detail: `${watch.what}: the transaction ended without Finished (${reason})`,
            }),
          ),
        ),
      );
    });
    // Keep a rejection that lands before anyone awaits it from counting as unhandled.
    outcome.catch(() => undefined);
    await client.call('/', TRANSACTION_IFACE, 'Start', '', [], 10_000).catch((err: unknown) => {
      throw startError(err, watch);
    });
    await until(outcome, client, watch);
  } finally {
    for (const cleanup of cleanups) cleanup();
    client.close();
  }
}

/**
 * Stopped before it began: the transaction exists but waits for a Start() that would never come,
 * and the daemon would stay busy while Kairn's connection lives. Cancel, then Start, so it ends
 * (as cancelled) at once. Best effort: a daemon that is gone has nothing left to end.
 */
async function abandon(address: string): Promise<void> {
  let client: PeerClient;
  try {
    client = await PeerClient.open(address);
  } catch {
    return;
  }
  try {
    await client.call('/', TRANSACTION_IFACE, 'Cancel', '', [], 5000).catch(() => undefined);
    await client.call('/', TRANSACTION_IFACE, 'Start', '', [], 5000).catch(() => undefined);
  } finally {
    client.close();
  }
}

/** Waits for the outcome, or cancels the transaction on abort / timeout (and waits a little for it to say so). */
async function until(
  outcome: Promise<void>,
  client: PeerClient,
  watch: TransactionWatch,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<'abort' | 'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), watch.timeoutMs);
    onAbort = () => resolve('abort');
    // An abort while Start() was still being answered (progress already shown) must count too.
    if (watch.signal.aborted) resolve('abort');
    else watch.signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const first = await Promise.race([outcome.then(() => 'done' as const), stop]);
    if (first === 'done') return;
    await client.call('/', TRANSACTION_IFACE, 'Cancel', '', [], 5000).catch(() => undefined);
    // The cancelled transaction ends with Finished(false, …); its words do not matter here.
    await Promise.race([outcome.catch(() => undefined), delay(5000)]);
    if (first === 'abort') throw new KairnError('cancelled');
    throw new KairnError('backend-failed', {
      reason: 'rollback-timeout',
      detail: `${watch.what}: no Finished after ${watch.timeoutMs} ms; Kairn cancelled the transaction`,
    });
  } finally {
    clearTimeout(timer);
    if (onAbort) watch.signal.removeEventListener('abort', onAbort);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function startError(err: unknown, watch: TransactionWatch): KairnError {
  const detail = `${watch.what}: Transaction.Start: ${err instanceof Error ? err.message : String(err)}`;
  if (err instanceof PeerCallError && err.type === 'org.freedesktop.DBus.Error.AccessDenied')
    return new KairnError('access-denied', { reason: 'rollback-not-allowed', detail, cause: err });
  return new KairnError('backend-failed', { reason: 'rpm-ostree-stopped', detail, cause: err });
}

/** Finished(false, text): a version that is gone is not-found, a cancel is cancelled, the rest failed. */
function finishedError(text: string, watch: TransactionWatch): KairnError {
  const detail = `${watch.what}: Finished(false, "${text}")`;
  const own = CANCELLED_TEXT.test(text) ? null : watch.failed?.(text, detail);
  if (own) return own;
  if (/not found|no such|no rollback deployment/i.test(text))
    return new KairnError('not-found', { reason: 'restore-point-missing', detail });
  if (CANCELLED_TEXT.test(text)) return new KairnError('cancelled', { detail });
  return new KairnError('backend-failed', { reason: 'rpm-ostree-failed', detail });
}
