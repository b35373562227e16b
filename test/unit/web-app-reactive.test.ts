// The app shell's controllers (web/components/app/) hold its state in fields made reactive by
// `reactive()`: a set to a new value asks the host for one update, a set to the same value (or NaN over
// NaN, as Lit's notEqual) does not, and each instance keeps its own values.
import { describe, it, expect } from 'vitest';
import { AppController, reactive } from '../../web/components/app/controller.ts';
import type { AppHost } from '../../web/components/app/host.ts';

class Counter extends AppController {
  declare n: number;
  declare label: string;
  constructor(app: AppHost) {
    super(app);
    this.n = 0;
    this.label = '';
  }
}
reactive(Counter, ['n', 'label']);

function host() {
  const h = { updates: 0, controllers: [] as unknown[] };
  const app = {
    addController(c: unknown) { h.controllers.push(c); },
    requestUpdate() { h.updates++; },
  } as unknown as AppHost;
  return { h, app };
}

describe('app shell controllers: reactive fields', () => {
  it('registers with the host and asks for an update per changed value only', () => {
    const { h, app } = host();
    const c = new Counter(app);
    expect(h.controllers).toEqual([c]);
    const afterInit = h.updates; // the constructor's first values (0 and '' over undefined)
    expect(afterInit).toBe(2);
    c.n = 1;
    c.n = 1;
    c.label = 'x';
    c.label = 'x';
    expect(h.updates).toBe(afterInit + 2);
    c.n++;
    expect(c.n).toBe(2);
    expect(h.updates).toBe(afterInit + 3);
    c.n = NaN;
    c.n = NaN;
    expect(h.updates).toBe(afterInit + 4);
  });

  it('keeps values per instance', () => {
    const a = new Counter(host().app);
    const b = new Counter(host().app);
    a.n = 5;
    b.label = 'b';
    expect([a.n, a.label, b.n, b.label]).toEqual([5, '', 0, 'b']);
  });
});
