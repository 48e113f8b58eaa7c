/**
 * V8 settings the autostart entry starts `kairn notifier` with (its Exec line; the packaging test
 * keeps the two equal, and the memory bench measures with them): a small young generation, no
 * JIT (the notifier looks once a minute), and an old generation capped at 20 MB. The live heap
 * is about 11 MB; without the cap V8 lets garbage grow the process to ~63 MB, with it the
 * notifier stays under the 60 MB goal.
 */
export const NOTIFIER_NODE_OPTIONS = '--max-semi-space-size=1 --jitless --max-old-space-size=20';
