/** Lesson text: paragraphs separated by blank lines, `backticks` as inline code. */
export function LessonBody({ body }: { body: string }) {
  return (
    <div className="space-y-3 leading-relaxed text-slate-700">
      {body.split(/\n{2,}/).map((paragraph, i) => (
        <p key={i}>
          {paragraph.split('`').map((part, j) =>
            j % 2 === 1 ? (
              <code key={j} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.9em]">{part}</code>
            ) : (
              part
            ),
          )}
        </p>
      ))}
    </div>
  );
}
