import Markdown, { defaultUrlTransform } from 'react-markdown';
import remarkGfm from 'remark-gfm';

/**
 * Lesson and course text written in Markdown, rendered as React elements: raw HTML in the
 * source is never rendered (react-markdown drops it without rehype-raw; `skipHtml` makes that
 * explicit), and link and image URLs pass `defaultUrlTransform`, which blanks `javascript:`,
 * `data:` and other unsafe protocols. Safe on the server and in the browser (the live preview
 * uses this same component).
 */
export function MarkdownBody({ source, className }: { source: string; className?: string }) {
  return (
    <div className={className ?? 'markdown-body space-y-3 leading-relaxed text-slate-700'}>
      <Markdown
        remarkPlugins={[remarkGfm]}
        skipHtml
        urlTransform={defaultUrlTransform}
        components={{
          a: ({ href, children }) => (
            <a href={href} rel="noopener noreferrer nofollow" target={href?.startsWith('/') ? undefined : '_blank'} className="font-medium text-brand-700 underline">
              {children}
            </a>
          ),
          h1: ({ children }) => <h2 className="text-xl font-bold text-slate-900">{children}</h2>,
          h2: ({ children }) => <h3 className="text-lg font-semibold text-slate-900">{children}</h3>,
          h3: ({ children }) => <h4 className="font-semibold text-slate-900">{children}</h4>,
          ul: ({ children }) => <ul className="list-disc space-y-1 pl-6">{children}</ul>,
          ol: ({ children }) => <ol className="list-decimal space-y-1 pl-6">{children}</ol>,
          code: ({ children }) => <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.9em]">{children}</code>,
          pre: ({ children }) => <pre className="overflow-x-auto rounded-lg bg-slate-900 p-3 text-sm text-slate-100 [&_code]:bg-transparent [&_code]:p-0">{children}</pre>,
          blockquote: ({ children }) => <blockquote className="border-l-4 border-slate-200 pl-4 italic">{children}</blockquote>,
          table: ({ children }) => (
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">{children}</table>
            </div>
          ),
          // eslint-disable-next-line @next/next/no-img-element -- an author-supplied URL of unknown size; next/image needs known hosts
          img: ({ src, alt }) => (typeof src === 'string' && src ? <img src={src} alt={alt ?? ''} className="max-w-full rounded-lg" loading="lazy" /> : null),
        }}
      >
        {source}
      </Markdown>
    </div>
  );
}
