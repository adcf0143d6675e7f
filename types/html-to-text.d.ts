// html-to-text ships no types; lib/notifications/render-email.ts uses only `compile`, with the
// options @react-email/render's `toPlainText` passes (its `plainTextSelectors`).
declare module 'html-to-text' {
  export type SelectorDefinition = { selector: string; format?: string; options?: Record<string, unknown> };
  export type HtmlToTextOptions = { wordwrap?: number | false | null; selectors?: SelectorDefinition[] } & Record<string, unknown>;
  export function compile(options?: HtmlToTextOptions): (html: string, metadata?: unknown) => string;
  export function convert(html: string, options?: HtmlToTextOptions, metadata?: unknown): string;
}
