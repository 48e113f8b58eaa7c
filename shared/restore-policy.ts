/** How long a version replaced by a restore stays kept (and the replace undoable); the core removes it after that. */
export const REPLACED_KEEP_DAYS = 30;
