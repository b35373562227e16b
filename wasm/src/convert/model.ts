// The current-Falco event model switch used by field extraction. Current Falco reads old enter/exit
// captures through libscap's converter, which appends the enter event's parameters to the exit event
// (schema/converter.json). With the switch on, `evt.arg.NAME` / `evt.rawarg.NAME` on an exit event
// that lacks parameter NAME is taken from the enter event the state engine paired with it. The rules
// engine turns it on only while it evaluates rules in that model (engine/rules/detect.ts).

let mergeEnter: bool = false;

export function setMergeEnterParams(on: i32): void {
  mergeEnter = on != 0;
}

@inline export function mergeEnterParams(): bool {
  return mergeEnter;
}
