import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MarkdownBody } from './markdown-body';

const html = (source: string) => renderToStaticMarkup(<MarkdownBody source={source} />);

describe('MarkdownBody', () => {
  it('renders Markdown', () => {
    const out = html('# Title\n\nSome **bold** and `code`.\n\n- one\n- two\n\n[docs](https://example.com)');
    expect(out).toContain('<h2');
    expect(out).toContain('<strong>bold</strong>');
    expect(out).toContain('<li>one</li>');
    expect(out).toContain('href="https://example.com"');
    expect(out).toContain('rel="noopener noreferrer nofollow"');
  });

  it('never renders raw HTML: script, event handlers and iframes are dropped', () => {
    const out = html('Hi <script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n<iframe src="https://evil.example"></iframe>\n\n<a href="#" onclick="alert(3)">x</a>');
    expect(out).not.toMatch(/<script|onerror|<iframe|onclick/i);
    expect(out).toContain('Hi');
  });

  it('blanks javascript: and data: URLs in links and images', () => {
    const out = html('[click](javascript:alert(1)) [data](data:text/html,<script>alert(1)</script>) ![img](javascript:alert(2))');
    expect(out).not.toMatch(/javascript:|data:text/i);
    expect(out).toContain('click');
  });
});
