/** The renderer's route to one item's versions in Recover files (`kairn open PATH`, `--open PATH`). */
export function recoverRoute(path: string): string {
  return `#/recover?path=${encodeURIComponent(path)}`;
}
