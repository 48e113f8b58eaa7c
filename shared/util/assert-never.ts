/** Exhaustive-switch guard: a new union member becomes a compile error here. */
export function assertNever(value: never, message = 'Unexpected value'): never {
  throw new Error(`${message}: ${String(value)}`);
}
