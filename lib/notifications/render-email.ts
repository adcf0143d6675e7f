import { plainTextSelectors } from '@react-email/render';
import { compile } from 'html-to-text';
import type { ReactElement } from 'react';

// `toPlainText` from @react-email/render calls html-to-text's `convert(html, options)`, which
// compiles its selector decision tree again on every call: most of the cost of a plain-text
// part. The same options (render's own selectors, no word wrap), compiled once, convert to the
// same text (emails/templates.unit.test.tsx compares both for every template).
const toPlainText = compile({ wordwrap: false, selectors: [...plainTextSelectors] });

// The doctype email clients expect, as @react-email/render writes it.
const DOCTYPE = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';

// React's server renderer, imported once per process. @react-email/render's `render` imports
// it on every call (under tsx, as `npm run worker` runs, each import is a round trip to the
// loader's thread) and streams through a Suspense boundary; our templates never suspend, so
// the synchronous static renderer gives the same markup without React's streaming comment
// markers (the test compares every template), at about half the CPU. A dynamic import, as
// render's own: the auth config pulls this module into the server-components graph too.
let server: Promise<Pick<typeof import('react-dom/server'), 'renderToStaticMarkup'>> | undefined;
const reactDomServer = () => (server ??= import('react-dom/server').then((m) => ('default' in m ? (m.default as typeof m) : m)));

/** The HTML and plain-text parts of an email from one React render (the text is converted from the HTML). */
export async function renderEmail(react: ReactElement): Promise<{ html: string; text: string }> {
  const { renderToStaticMarkup } = await reactDomServer();
  const html = DOCTYPE + renderToStaticMarkup(react);
  return { html, text: toPlainText(html) };
}
