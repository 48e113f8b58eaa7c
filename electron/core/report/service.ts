import { posix } from 'node:path';

import type { Report, SaveReportResult } from '../../../shared/schemas/checks';
import type { ChecksServiceImpl } from '../checks/service';
import type { KairnEnvironment } from '../env';
import { fsError, KairnError, toErrorPayload } from '../errors';
import type { FileSystemPort } from '../ports/file-system';
import type { JournalPort, SaveDialogPort } from '../ports/systemd';
import type { SnapshotsService, StatusService } from '../services';
import { buildReport, type ReportFacts } from './build';
import { redact } from './redact';

export interface ReportDeps {
  env: KairnEnvironment;
  fs: FileSystemPort;
  status: StatusService;
  snapshots: SnapshotsService;
  checks: Pick<ChecksServiceImpl, 'run'>;
  journal: JournalPort;
  saveDialog?: SaveDialogPort | undefined;
  version: string;
  now?: () => Date;
}

function why(err: unknown): string {
  const p = toErrorPayload(err);
  return `${p.message}${p.detail ? ` (${p.detail})` : ''}`;
}

function stamp(date: Date): string {
  return date.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
}

/** The support bundle: gathered from the other services, redacted as a whole, saved without overwriting. */
export class ReportServiceImpl {
  constructor(private readonly deps: ReportDeps) {}

  async create(signal?: AbortSignal): Promise<Report> {
    const { deps } = this;
    const createdAt = (deps.now ?? (() => new Date()))();
    const [status, history, checks, system, user] = await Promise.all([
      deps.status.get(signal).catch((err: unknown) => ({ failed: why(err) })),
      this.history(signal),
      deps.checks.run(signal).then(
        (r) => r.checks,
        (err: unknown) => ({ failed: why(err) }),
      ),
      deps.journal.recentErrors('system', signal).catch((err: unknown) => ({ failed: why(err) })),
      deps.journal.recentErrors('user', signal).catch((err: unknown) => ({ failed: why(err) })),
    ]);
    // Each part absorbs its own failure; only the caller going away ends the call.
    if (signal?.aborted) throw new KairnError('cancelled');
    const facts: ReportFacts = {
      createdAt,
      kairnVersion: deps.version,
      status,
      history,
      checks,
      journal: { system, user },
    };
    const realHome = await deps.fs.realpath(deps.env.home).catch(() => deps.env.home);
    const text = redact(buildReport(facts), {
      userName: deps.env.userName,
      home: deps.env.home,
      homes: [realHome],
      hostName: deps.env.hostName,
    });
    return { text, fileName: `kairn-report-${stamp(createdAt)}.txt` };
  }

  private async history(signal?: AbortSignal): Promise<ReportFacts['history']> {
    try {
      const home = await this.deps.snapshots.home(signal);
      if (!home.config) return { none: home.problem ?? 'no-config' };
      return {
        config: home.config.name,
        snapshots: await this.deps.snapshots.list(home.config.name, signal),
      };
    } catch (err) {
      return { none: why(err) };
    }
  }

  /** Through the host's save dialog; the text is written under a temporary name and renamed into place. */
  async save(text: string, fileName: string): Promise<SaveReportResult> {
    const dialog = this.deps.saveDialog;
    if (!dialog) return { outcome: 'unavailable' };
    const path = await dialog.choose({ defaultName: posix.basename(fileName) });
    if (path === null) return { outcome: 'cancelled' };
    await writeNew(this.deps.fs, path, text, true);
    return { outcome: 'saved', path };
  }
}

/**
 * Writes `text` to a temporary name beside `path`, then puts it in place: with `replace` by
 * rename (the person confirmed it in the save dialog), else by link, which fails on an
 * existing name instead of overwriting it. A failure leaves no half-written file behind.
 */
export async function writeNew(
  fs: FileSystemPort,
  path: string,
  text: string,
  replace: boolean,
): Promise<void> {
  const tmp = posix.join(
    posix.dirname(path),
    `.${posix.basename(path)}.kairn-tmp-${String(process.pid)}-${String(Date.now())}`,
  );
  try {
    await fs.writeFile(tmp, text, { flag: 'wx', mode: 0o600 });
    if (replace) await fs.rename(tmp, path);
    else {
      await fs.link(tmp, path);
      await fs.unlink(tmp);
    }
  } catch (err) {
    await fs.unlink(tmp).catch(() => {});
    const code = (err as NodeJS.ErrnoException | null)?.code;
    const detail = `write ${path}: ${code ?? String(err)}`;
    if (code === 'EEXIST')
      throw new KairnError('invalid-input', { reason: 'report-exists', detail: path, cause: err });
    // Saying "cannot read" about a save would confuse: these name the folder instead.
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
      throw new KairnError('access-denied', { reason: 'report-not-writable', detail, cause: err });
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new KairnError('not-found', { reason: 'report-folder-missing', detail, cause: err });
    throw fsError(err, `write ${path}`);
  }
}
