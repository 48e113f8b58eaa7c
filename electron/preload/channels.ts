/** IPC channel for contract calls (renderer → main); the method name is checked against the contract in main. */
export const INVOKE_CHANNEL = 'kairn:invoke';
/** IPC channel for contract events (main → renderer). */
export const EVENT_CHANNEL = 'kairn:event';
