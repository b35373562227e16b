// The app shell's state lives in Lit reactive controllers, one per concern (capture, view, selection,
// layout, coloring and rules, dialogs, global input); this is their base. A field registered with
// `reactive()` behaves like a Lit `state: true` property: setting it to a new value re-renders the shell.
import type { ReactiveController } from 'lit';
import type { AppHost } from './host.ts';

export abstract class AppController implements ReactiveController {
  constructor(readonly app: AppHost) {
    app.addController(this);
  }

  hostConnected(): void {}
}

/**
 * Makes the named fields of a controller class reactive (accessors on its prototype, like Lit's own).
 * Declare them with `declare` and set them in the constructor so no class field shadows the accessor.
 */
export function reactive<C extends AppController>(ctor: { prototype: C }, names: readonly (keyof C & string)[]): void {
  for (const name of names) {
    const slot = Symbol(name);
    Object.defineProperty(ctor.prototype, name, {
      configurable: true,
      enumerable: true,
      get(this: Record<symbol, unknown>) { return this[slot]; },
      set(this: AppController & Record<symbol, unknown>, value: unknown) {
        const old = this[slot];
        this[slot] = value;
        // Lit's notEqual: NaN set over NaN is no change
        if (old !== value && (old === old || value === value)) this.app.requestUpdate();
      },
    });
  }
}
