// The shell's global interactions, on the window: drop a file anywhere to open it, and the keyboard
// shortcuts (Ctrl-F find, Ctrl-G go to, Ctrl-O open, Alt-Up/Down same thread, Alt-Right enter/exit
// partner, Esc cancels a running filter).
import { AppController, reactive } from './controller.ts';
import type { AppHost } from './host.ts';

function isFileDrag(e: DragEvent): boolean {
  return !!e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');
}

export class InputController extends AppController {
  /** A file is dragged over the window (the drop zone shows). */
  declare dragging: boolean;

  constructor(app: AppHost) {
    super(app);
    this.dragging = false;
  }

  hostConnected(): void {
    window.addEventListener('dragover', this.onDragOver);
    window.addEventListener('dragleave', this.onDragLeave);
    window.addEventListener('drop', this.onDrop);
    window.addEventListener('keydown', this.onKey);
  }

  hostDisconnected(): void {
    window.removeEventListener('dragover', this.onDragOver);
    window.removeEventListener('dragleave', this.onDragLeave);
    window.removeEventListener('drop', this.onDrop);
    window.removeEventListener('keydown', this.onKey);
  }

  private onDragOver = (e: DragEvent) => {
    if (!isFileDrag(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  };

  private onDragLeave = (e: DragEvent) => {
    if (e.relatedTarget === null) this.dragging = false;
  };

  private onDrop = (e: DragEvent) => {
    if (!isFileDrag(e)) return;
    e.preventDefault();
    this.dragging = false;
    const file = e.dataTransfer?.files?.[0];
    if (file) void this.app.capture.openCapture(file, file.name, true);
  };

  private onKey = (e: KeyboardEvent) => {
    const { capture, selection, view } = this.app;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === 'f' && capture.open) {
      e.preventDefault();
      selection.showFind(false);
    } else if (mod && e.key.toLowerCase() === 'g' && capture.open) {
      e.preventDefault();
      selection.showGoto(false);
    } else if (mod && e.key.toLowerCase() === 'o') {
      e.preventDefault();
      capture.pickFile();
    } else if (e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp') && capture.open) {
      e.preventDefault();
      void selection.sameThread(e.key === 'ArrowUp');
    } else if (e.altKey && e.key === 'ArrowRight' && capture.open) {
      e.preventDefault();
      selection.partner();
    } else if (e.key === 'Escape' && view.filterRunning) {
      view.cancelFilter();
    }
  };
}

reactive(InputController, ['dragging']);
