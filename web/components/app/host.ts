// What the app shell's controllers see of `<scap-app>` (web/components/app.ts): the element (to fire and
// query), the shared status-bar message, and each other (an open resets the view and the selection, a
// filter relocates the selection...).
import type { ReactiveControllerHost } from 'lit';
import type { CaptureController } from './capture.ts';
import type { ViewController } from './view.ts';
import type { SelectionController } from './selection.ts';
import type { LayoutController } from './layout.ts';
import type { RulesController } from './rules.ts';
import type { DialogsController } from './dialogs.ts';

export interface AppHost extends ReactiveControllerHost, HTMLElement {
  /** The status bar's message (errors, progress of slow actions). */
  message: string;
  readonly capture: CaptureController;
  readonly view: ViewController;
  readonly selection: SelectionController;
  readonly layout: LayoutController;
  readonly rules: RulesController;
  readonly dialogs: DialogsController;
  /** The first element of the shell's shadow root matching `sel`. */
  q<T extends Element>(sel: string): T | null;
}
