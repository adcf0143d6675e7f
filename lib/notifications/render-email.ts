import { render, toPlainText } from '@react-email/render';
import type { ReactElement } from 'react';

/**
 * The HTML and plain-text parts of an email from one React render: the text is converted
 * from the HTML, as `render(…, { plainText: true })` does after rendering the same tree a
 * second time (the doctype it omits carries no text).
 */
export async function renderEmail(react: ReactElement): Promise<{ html: string; text: string }> {
  const html = await render(react);
  return { html, text: toPlainText(html) };
}
