// Files opened from the OS into the installed app (manifest file_handlers) arrive through the launch
// queue; each becomes a normal scap-open on the app shell.
import { fire } from './events.ts';

interface LaunchParams { files: readonly FileSystemFileHandle[] }
interface LaunchQueue { setConsumer(cb: (p: LaunchParams) => void): void }

declare global {
  /** The File Handling API's queue (Chromium, installed app only). */
  interface Window { launchQueue?: LaunchQueue }
}

export function consumeLaunchQueue(): void {
  const queue = window.launchQueue;
  if (!queue) return;
  queue.setConsumer(async (params) => {
    const handle = params.files[0];
    if (!handle) return;
    const file = await handle.getFile();
    const app = document.querySelector('scap-app');
    if (app) fire(app, 'scap-open', { blob: file, name: file.name, remember: true });
  });
}
