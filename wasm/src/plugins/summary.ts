// evt.plugininfo: the text the plugin's own event_to_string (the Go SDK's String()) gives for an event,
// which is what Falco and sysdig show for plugin events when the plugin is loaded. k8saudit returns its
// payload unchanged (up to a NUL, as it crosses the C API as a C string); CloudTrail composes a line
// (plugins/cloudtrail.ts). Plugins not implemented here give no value, as when the plugin is not loaded.
import { payloadPluginId, payloadFound } from './payload';
import { pluginSource, SRC_K8S_AUDIT, SRC_AWS_CLOUDTRAIL } from './registry';
import { extractCloudtrailSummary } from './cloudtrail';
import { emitText } from './emit';
import { docPtr, docLen } from '../json/nav';
import { jsonError, jsonErrorAt, jsonErrorText } from '../json/scan';
import { scratchMark, scratchAppend, scratchPtrAt, scratchLenSince } from '../json/scratch';
import { NO_RANGE } from '../core/values';

/** Pushes evt.plugininfo of the event loadPayload last loaded; `valid`: its payload scanned as JSON. */
export function extractSummary(valid: bool): void {
  if (!payloadFound) return;
  const src = pluginSource(payloadPluginId);
  if (src == SRC_K8S_AUDIT) {
    let n: u32 = 0;
    while (n < docLen && load<u8>(docPtr + n) != 0) n++;
    emitText(docPtr, n, 0, n);
  } else if (src == SRC_AWS_CLOUDTRAIL) {
    if (valid) { extractCloudtrailSummary(); return; }
    // The plugin prints its JSON parser's error; ours names the same fault in its own words.
    const m = scratchMark();
    const b = String.UTF8.encode(`<invalid JSON: ${jsonErrorText(jsonError)} at byte ${jsonErrorAt}>`);
    scratchAppend(changetype<usize>(b), <u32>b.byteLength);
    emitText(scratchPtrAt(m), scratchLenSince(m), NO_RANGE, 0);
  }
}
