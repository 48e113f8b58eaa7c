import { z } from 'zod';

import { AbsolutePath } from './common';

/** ok: fine; attention: worth a look; problem: needs action; unknown: Kairn could not look (never reassures). */
export const CheckState = z.enum(['ok', 'attention', 'problem', 'unknown']);
export type CheckState = z.infer<typeof CheckState>;

/** Stable ids of the checks; restart, update and boot checks join this list as their areas land. */
export const CheckId = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/);

/** An i18n key under `checks.` and the values it names (sizes in bytes, ages in hours/days). */
export const CheckWords = z.object({
  key: z.string().max(128),
  values: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type CheckWords = z.infer<typeof CheckWords>;

export const CheckFix = z.object({
  /** What the fix does: 'take-point' | 'restart-service' (more come with other areas). */
  id: z.string().max(64),
  /** The button's words in English (CLI, report); the UI translates `words`. */
  label: z.string(),
  words: CheckWords,
});
export type CheckFix = z.infer<typeof CheckFix>;

export const CheckResult = z.object({
  id: CheckId,
  /** Plain English; the UI shows `checks.titles.<id>` in the person's language. */
  title: z.string(),
  state: CheckState,
  /** One English sentence saying what this means for the person; `words` is the same for the UI. */
  summary: z.string(),
  words: CheckWords,
  /** Technical lines for the helper (shown behind "Details"), never translated. */
  details: z.array(z.string()),
  fix: CheckFix.optional(),
});
export type CheckResult = z.infer<typeof CheckResult>;

export const ChecksResult = z.object({ checks: z.array(CheckResult), at: z.string().max(64) });
export type ChecksResult = z.infer<typeof ChecksResult>;

export const CheckFixParams = z.object({ check: CheckId }).strict();

/** A fix job's outcome: the check as it reads after the fix ran. */
export const FixResult = z.object({ check: CheckResult });
export type FixResult = z.infer<typeof FixResult>;

/** The support bundle: one redacted text, shown whole before it is saved. */
export const Report = z.object({ text: z.string(), fileName: z.string().max(255) });
export type Report = z.infer<typeof Report>;

/** Longest report the save call accepts (the core writes what the person saw). */
export const REPORT_MAX_CHARS = 2_000_000;

export const SaveReportParams = z
  .object({ text: z.string().max(REPORT_MAX_CHARS), fileName: z.string().min(1).max(255) })
  .strict();
/** 'unavailable': the host has no save dialog (browser host: the page downloads it itself). */
export const SaveReportResult = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('saved'), path: AbsolutePath }),
  z.object({ outcome: z.literal('cancelled') }),
  z.object({ outcome: z.literal('unavailable') }),
]);
export type SaveReportResult = z.infer<typeof SaveReportResult>;
