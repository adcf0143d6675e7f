'use client';

import Link from 'next/link';
import { type DragEvent, type KeyboardEvent, useRef, useState } from 'react';
import { ActionForm } from '@/components/forms/action-form';
import { reorderLessonsAction } from '../actions';

export type OrderLesson = { id: string; title: string; durationMinutes: number; isPreview: boolean };

/**
 * The lessons in order, rearranged by dragging or from the keyboard (Move up / Move down
 * buttons, or Alt+Arrow keys on a focused row), then saved as one order. Every move is
 * announced for screen readers; nothing is saved until "Save order".
 */
export function LessonOrder({ courseId, lessons, editHref }: { courseId: string; lessons: OrderLesson[]; editHref: string }) {
  const [order, setOrder] = useState(lessons);
  const [dragging, setDragging] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const rows = useRef(new Map<string, HTMLLIElement>());
  const changed = order.some((l, i) => l.id !== lessons[i]?.id);

  const move = (from: number, to: number, focus = true) => {
    if (to < 0 || to >= order.length || from === to) return;
    const next = [...order];
    const [item] = next.splice(from, 1);
    if (!item) return;
    next.splice(to, 0, item);
    setOrder(next);
    setAnnouncement(`${item.title} moved to position ${to + 1} of ${next.length}.`);
    if (focus) requestAnimationFrame(() => rows.current.get(item.id)?.focus());
  };

  const onKeyDown = (event: KeyboardEvent<HTMLLIElement>, index: number) => {
    if (!event.altKey) return;
    if (event.key === 'ArrowUp') {
      event.preventDefault();
      move(index, index - 1);
    } else if (event.key === 'ArrowDown') {
      event.preventDefault();
      move(index, index + 1);
    }
  };

  const onDragOver = (event: DragEvent<HTMLLIElement>, index: number) => {
    event.preventDefault();
    const from = order.findIndex((l) => l.id === dragging);
    if (from !== -1 && from !== index) move(from, index, false);
  };

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600" id="order-help">
        Drag a lesson, or focus it and press Alt+↑ / Alt+↓ (or use its Move buttons). Then save the order.
      </p>
      <ol className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white" aria-describedby="order-help" data-testid="lesson-order">
        {order.map((lesson, index) => (
          <li
            key={lesson.id}
            ref={(el) => {
              if (el) rows.current.set(lesson.id, el);
              else rows.current.delete(lesson.id);
            }}
            tabIndex={0}
            draggable
            onDragStart={(e) => {
              setDragging(lesson.id);
              e.dataTransfer.effectAllowed = 'move';
              e.dataTransfer.setData('text/plain', lesson.id);
            }}
            onDragOver={(e) => onDragOver(e, index)}
            onDragEnd={() => setDragging(null)}
            onDrop={(e) => e.preventDefault()}
            onKeyDown={(e) => onKeyDown(e, index)}
            aria-label={`${index + 1}. ${lesson.title}`}
            data-testid="lesson-row"
            className={`flex flex-wrap items-center gap-3 p-3 outline-none focus-visible:ring-2 focus-visible:ring-brand-600 ${dragging === lesson.id ? 'bg-brand-50' : ''}`}
          >
            <span aria-hidden className="cursor-grab select-none text-slate-400">⠿</span>
            <span className="w-6 text-right tabular-nums text-slate-500">{index + 1}.</span>
            <div className="min-w-0 flex-1">
              <Link href={`${editHref}/${lesson.id}`} className="font-medium text-brand-700 hover:underline">{lesson.title}</Link>
              <p className="text-xs text-slate-600">
                {lesson.durationMinutes} min{lesson.isPreview ? ' · free preview' : ''}
              </p>
            </div>
            <div className="flex gap-1">
              <button type="button" onClick={() => move(index, index - 1)} disabled={index === 0} className="rounded-md px-2 py-1 text-sm ring-1 ring-slate-300 disabled:opacity-40" aria-label={`Move ${lesson.title} up`}>
                ↑
              </button>
              <button type="button" onClick={() => move(index, index + 1)} disabled={index === order.length - 1} className="rounded-md px-2 py-1 text-sm ring-1 ring-slate-300 disabled:opacity-40" aria-label={`Move ${lesson.title} down`}>
                ↓
              </button>
            </div>
          </li>
        ))}
      </ol>
      <p aria-live="polite" className="sr-only">{announcement}</p>
      {changed ? <p className="text-sm text-amber-800">Order changed, not saved yet.</p> : null}
      <ActionForm action={reorderLessonsAction} hidden={{ courseId, order: order.map((l) => l.id).join(',') }} submitLabel="Save order" pendingLabel="Saving…" successMessage="Order saved." variant="secondary" />
    </div>
  );
}
