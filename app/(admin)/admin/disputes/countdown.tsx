'use client';

import { useEffect, useState } from 'react';

/** "2 days 5 h left", "3 h 20 min left", "Overdue by 4 h": the time until a response deadline. */
export function describeCountdown(dueBy: Date, now: Date): { text: string; urgency: 'overdue' | 'urgent' | 'soon' | 'ok' } {
  const ms = dueBy.getTime() - now.getTime();
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const span = days > 0 ? `${days} day${days === 1 ? '' : 's'} ${hours} h` : hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min`;
  if (ms <= 0) return { text: `Overdue by ${span}`, urgency: 'overdue' };
  return { text: `${span} left`, urgency: ms < 86_400_000 ? 'urgent' : ms < 3 * 86_400_000 ? 'soon' : 'ok' };
}

const tones = { overdue: 'bg-red-100 text-red-900', urgent: 'bg-red-50 text-red-800', soon: 'bg-amber-50 text-amber-900', ok: 'bg-slate-100 text-slate-800' };

/** The countdown to a dispute's response deadline, ticking every minute. */
export function Countdown({ dueBy, serverNow }: { dueBy: string; serverNow: string }) {
  const [now, setNow] = useState(() => new Date(serverNow));
  useEffect(() => {
    // The server's render time until the browser's clock takes over, then once a minute.
    const first = setTimeout(() => setNow(new Date()), 0);
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, []);
  const due = new Date(dueBy);
  const { text, urgency } = describeCountdown(due, now);
  return (
    <span className="inline-flex flex-col">
      <span className={`inline-block whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-semibold ${tones[urgency]}`} data-testid="countdown" data-urgency={urgency}>
        {text}
      </span>
      <time dateTime={dueBy} className="mt-0.5 text-xs text-slate-600">
        due {dueBy.slice(0, 16).replace('T', ' ')} UTC
      </time>
    </span>
  );
}
