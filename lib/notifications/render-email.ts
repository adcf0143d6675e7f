import { plainTextSelectors, render } from '@react-email/render';
import { compile } from 'html-to-text';
import type { ReactElement } from 'react';

// `toPlainText` from @react-email/render calls html-to-text's `convert(html, options)`, which
// compiles its selector decision tree again on every call: most of the cost of a plain-text
// part. The same options (render's own selectors, no word wrap), compiled once, convert to the
// same text (emails/templates.unit.test.tsx compares both for every template).
const toPlainText = compile({ wordwrap: false, selectors: [...plainTextSelectors] });

/**
 * The HTML and plain-text parts of an email from one React render: the text is converted
 * from the HTML, as `render(…, { plainText: true })` does after rendering the same tree a
 * second time (the doctype it omits carries no text).
 */
export async function renderEmail(react: ReactElement): Promise<{ html: string; text: string }> {
  const html = await render(react);
  return { html, text: toPlainText(html) };
}
