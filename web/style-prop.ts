// Sets one inline style property through the CSSOM. The strict Content-Security-Policy forbids
// style="" attributes, but CSSOM writes are allowed, so every dynamic size or position goes through
// this directive: <div ${styleProp('height', '20px')}>.
import { nothing } from 'lit';
import { directive, Directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

class StyleProp extends Directive {
  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT) throw new Error('styleProp must be used on an element');
  }
  render(_prop: string, _value: string) { return nothing; }
  update(part: ElementPart, [prop, value]: [string, string]) {
    (part.element as HTMLElement).style.setProperty(prop, value);
    return nothing;
  }
}

export const styleProp = directive(StyleProp);
