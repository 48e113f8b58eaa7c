/** Imported first by index.ts: the hardening (hardening.ts) is in place before any window exists. */
import { hardenApp } from './hardening';

hardenApp();
