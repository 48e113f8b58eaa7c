/**
 * A value the code has proven present was missing: a bug in Kairn, never bad input. Hosts report
 * it as backend-failed (it is not a KairnError), with this message in the detail.
 */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InternalError';
  }
}

/**
 * `list[index]` where the caller knows the index is in range; `why` says how it knows, and is the
 * message if it ever is not. Checks the bounds, not the value, so lists that hold `undefined` work.
 */
export function definedAt<T>(list: ArrayLike<T>, index: number, why: string): T {
  if (!Number.isInteger(index) || index < 0 || index >= list.length) {
    throw new InternalError(`index ${index} outside 0..${list.length - 1}: ${why}`);
  }
  // In bounds of a dense list, so the element is a T (ArrayLike's index type adds `| undefined`).
  return list[index] as T;
}
