// Rules over the events: the coloring rules (kept in IndexedDB, evaluated by the worker, with their
// filter errors) and the Falco side: the Filter → rule dialog and trying a rule in the Alerts panel.
import type { FilterError } from '../../../engine/api.ts';
import { engine } from '../../engine-client.ts';
import { fieldOf } from '../../columns.ts';
import { restoreRules, type ColoringRule } from '../../coloring.ts';
import { loadSetting, storeSetting } from '../../store.ts';
import type { ScapRuleDialog } from '../rule-dialog.ts';
import type { ScapAlertsPanel } from '../alerts/alerts-panel.ts';
import { AppController, reactive } from './controller.ts';
import type { AppHost } from './host.ts';

export class RulesController extends AppController {
  declare rules: ColoringRule[];
  declare ruleErrors: (FilterError | null)[];

  constructor(app: AppHost) {
    super(app);
    this.rules = restoreRules(undefined);
    this.ruleErrors = [];
  }

  hostConnected(): void {
    void loadSetting<ColoringRule[]>('coloring').then((rules) => { if (rules) this.rules = restoreRules(rules); });
  }

  enabledRuleFilters(): string[] {
    // Disabled rules keep their slot (as an empty filter) so rule indices stay stable.
    return this.rules.map((r) => (r.enabled ? r.filter : ''));
  }

  /** The row color of each rule slot (null when disabled), for the event list. */
  ruleColors(): (string | null)[] {
    return this.rules.map((r) => (r.enabled ? r.color : null));
  }

  async setRules(rules: ColoringRule[]): Promise<void> {
    this.rules = rules;
    void storeSetting('coloring', rules);
    if (this.app.capture.open) {
      this.ruleErrors = await engine.setColoring(this.enabledRuleFilters());
      this.app.view.viewVersion++;
    }
  }

  /** Filter → rule: the applied filter as a Falco rule, with the field columns on show as output fields. */
  showRuleDialog = (): void => {
    const { app } = this;
    const dlg = app.q<ScapRuleDialog>('scap-rule-dialog');
    if (!dlg) return;
    dlg.filter = app.view.filter;
    dlg.extraFields = app.layout.columns.filter((c) => c.visible).map(fieldOf).filter((f): f is string => !!f && f !== 'rule');
    dlg.show();
  };

  /** Runs one rules file alone in the Alerts panel (shown if hidden). */
  tryRule(name: string, text: string): void {
    const panel = this.app.q<ScapAlertsPanel>('scap-alerts-panel');
    if (!panel) return;
    panel.removeAttribute('hidden');
    void panel.tryRule(name, text);
  }

  toggleAlerts(): void {
    this.app.q('scap-alerts-panel')?.toggleAttribute('hidden');
  }
}

reactive(RulesController, ['rules', 'ruleErrors']);
