'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useSyncExternalStore } from 'react';
import { VISITOR_PATH, type Visitor } from '@/lib/visitor/types';

/**
 * The visitor's own state for the holes of the shared storefront HTML (header, past-due
 * banner, purchase panel, pricing). One request per page: every hole on the page asks for the
 * same path, and the first ask fetches (a course page's header and purchase panel share one
 * `/api/visitor?course=<slug>`). A client-side navigation to another path asks again: an action
 * on the way (sign-out, deleting the account) may have changed who is looking. The server
 * render and the first client render see `loading`, so the HTML is the same for every visitor.
 */
export type VisitorState = {
  status: 'loading' | 'ready' | 'error';
  /** The latest answer, kept while the next one loads (the header does not blink on navigation). */
  visitor: Visitor | null;
  /** The page path `visitor` answered for. */
  path: string | null;
};

const INITIAL: VisitorState = { status: 'loading', visitor: null, path: null };
let state: VisitorState = INITIAL;
let requested: string | null = null;
let generation = 0;
const listeners = new Set<() => void>();

function set(next: VisitorState) {
  state = next;
  for (const listener of listeners) listener();
}

/** The JSON route's URL for a page path: a course page also asks about that course. */
export function visitorUrl(pathname: string): string {
  const course = /^\/courses\/([a-z0-9-]{1,120})\/?$/.exec(pathname)?.[1];
  return course ? `${VISITOR_PATH}?course=${course}` : VISITOR_PATH;
}

function load(path: string, force = false) {
  if (!force && requested === path) return;
  requested = path;
  const mine = ++generation;
  set({ ...state, status: 'loading' });
  fetch(visitorUrl(path), { cache: 'no-store', credentials: 'same-origin', headers: { accept: 'application/json' } })
    .then((response) => (response.ok ? (response.json() as Promise<Visitor>) : Promise.reject(new Error(`visitor: ${response.status}`))))
    .then(
      (visitor) => mine === generation && set({ status: 'ready', visitor, path }),
      () => mine === generation && set({ ...state, status: 'error' }),
    );
}

/** Ask again for the current page (signing out may redirect to the page already shown). */
export function reloadVisitor() {
  if (requested) load(requested, true);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** The store's state, and whether its answer is for this page (a course's panel needs that). */
export function useVisitor(): VisitorState & { forThisPage: boolean } {
  const pathname = usePathname();
  useEffect(() => load(pathname), [pathname]);
  const current = useSyncExternalStore(
    subscribe,
    () => state,
    () => INITIAL,
  );
  return { ...current, forThisPage: current.status === 'ready' && current.path === pathname };
}
