import { useId } from 'react';

/**
 * An (i) button whose definition shows on hover and on keyboard focus (and on tap, which
 * focuses it). The text is also the button's description for screen readers. No JavaScript.
 * The tip spans its nearest positioned ancestor (give the card or cell `relative`), so it
 * never runs off a 390 px screen.
 */
export function DefinitionTip({ term, children }: { term: string; children: string }) {
  const id = useId();
  return (
    <span className="group/tip inline-flex align-middle">
      <button
        type="button"
        aria-label={`What is ${term}?`}
        aria-describedby={id}
        className="inline-flex h-5 w-5 items-center justify-center rounded-full text-xs text-slate-500 hover:bg-slate-100 hover:text-slate-800"
      >
        <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
          <path fillRule="evenodd" d="M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm-.75-11.5a.75.75 0 1 1 1.5 0 .75.75 0 0 1-1.5 0ZM9.25 9a.75.75 0 0 1 1.5 0v4.5a.75.75 0 0 1-1.5 0V9Z" clipRule="evenodd" />
        </svg>
      </button>
      <span
        id={id}
        role="tooltip"
        className="pointer-events-none absolute inset-x-2 top-9 z-40 hidden rounded-lg bg-slate-900 px-3 py-2 text-xs font-normal leading-snug text-white shadow-lg group-focus-within/tip:block group-hover/tip:block"
      >
        {children}
      </span>
    </span>
  );
}
