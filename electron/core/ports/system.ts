import type { ServiceState } from '../../../shared/schemas/status';
import type { InhibitorRecord } from './restart';

/** Which well-known services are on the system bus (for family detection and "service missing"). */
export interface ServiceNamesPort {
  state(name: string): Promise<ServiceState>;
}

/** Scheduled restart as the system holds it (logind ScheduledShutdown), for status.restart. */
export interface RestartPort {
  scheduled(): Promise<{ type: string; at: Date } | null>;
  /** ScheduleShutdown(type, usec): held by logind, so it happens with Kairn closed. */
  schedule(type: 'reboot', at: Date): Promise<void>;
  /** CancelScheduledShutdown: true when something was scheduled. */
  cancel(): Promise<boolean>;
  /** ListInhibitors: apps that asked to delay or block shutdown, sleep, … */
  inhibitors(): Promise<InhibitorRecord[]>;
  /** Reboot(interactive): at once, without the session's save prompts. */
  rebootNow(): Promise<void>;
}

/** The desktop's file manager (org.freedesktop.FileManager1 on the session bus). */
export interface FileManagerPort {
  showItems(paths: string[]): Promise<void>;
}

/** The host's own "choose a folder" dialog (Electron's native one); the browser host has none. */
export interface FolderPickerPort {
  /** The chosen folder, or null when the person cancelled. */
  choose(options: { title: string; startAt: string }): Promise<string | null>;
}
