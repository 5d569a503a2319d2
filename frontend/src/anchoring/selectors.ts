/** The W3C Web Annotation selectors Margin stores, as the server's API spells them. */

export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix?: string;
  suffix?: string;
}

/** Start (inclusive) and end (exclusive), in Unicode code points of the document's text. */
export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

export type Selector = TextQuoteSelector | TextPositionSelector;

export interface Target {
  selector: Selector[];
}

export function quoteOf(target: Target): TextQuoteSelector | undefined {
  return target.selector.find((s): s is TextQuoteSelector => s.type === 'TextQuoteSelector');
}

export function positionOf(target: Target): TextPositionSelector | undefined {
  return target.selector.find((s): s is TextPositionSelector => s.type === 'TextPositionSelector');
}
