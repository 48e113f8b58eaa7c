import type { KairnEnvironment } from '../../core/env';
import type {
  RestartDetectionPort,
  RestartEvidence,
  RestartFindings,
  RestartReason,
} from '../../core/ports/restart-detection';
import type { RestorePointsPort } from '../../core/ports/restore-points';
import { SYSTEM_FILES } from '../../core/system/sysroot';
import { readFlag, type FlagFs } from './flag-file';
import { nextStartEvidence } from './next-start';

/** transactional-update's levels, lowest first (REBOOT_PRIO in sbin/transactional-update, §2.6). */
export const REBOOT_LEVELS = ['none', 'soft-reboot', 'kexec', 'reboot'] as const;
export type RebootLevel = (typeof REBOOT_LEVELS)[number];

const REASON_OF: Record<Exclude<RebootLevel, 'none'>, RestartReason> = {
  'soft-reboot': 'soft-reboot-needed',
  kexec: 'kexec-needed',
  reboot: 'reboot-needed',
};

/**
 * The bare word in /run/reboot-needed. An empty file (older transactional-update only touched
 * it) or a word we do not know still means a restart: the file is there for that reason.
 */
export function parseRebootLevel(text: string): RebootLevel {
  const word = text.trim();
  return (REBOOT_LEVELS as readonly string[]).includes(word) ? (word as RebootLevel) : 'reboot';
}

/**
 * openSUSE Aeon/Kalpa/MicroOS: /run/reboot-needed's level (none < soft-reboot < kexec < reboot),
 * cross-checked with snapper's default ≠ active snapshot (through the restore points, §1.10).
 */
export class SuseRestartDetection implements RestartDetectionPort {
  constructor(
    private readonly fs: FlagFs,
    private readonly env: Pick<KairnEnvironment, 'sysRoot'>,
    private readonly points: RestorePointsPort,
  ) {}

  async detect(signal?: AbortSignal): Promise<RestartFindings> {
    const evidence: RestartEvidence[] = [];
    const flag = await readFlag(this.fs, this.env, SYSTEM_FILES.rebootNeeded);
    if (flag) {
      const level = parseRebootLevel(flag.text);
      if (level !== 'none')
        evidence.push({
          reason: REASON_OF[level],
          source: `${SYSTEM_FILES.rebootNeeded} = ${flag.text.trim() === '' ? '(empty)' : level}`,
          since: flag.since,
        });
    }
    evidence.push(...(await nextStartEvidence(this.points, 'snapper default ≠ active', signal)));
    // The file's absence says "nothing pending" on this family: the answer is a real one.
    return { checked: true, evidence };
  }
}
