'use client';

import { useRef, useState } from 'react';
import { buttonClass } from '@/components/ui/button';

type State = { phase: 'idle' } | { phase: 'running'; rows: number; total: number | null } | { phase: 'done'; rows: number } | { phase: 'failed'; message: string };

/**
 * Downloads the filtered payments as CSV. Without JavaScript it is a plain link (the browser
 * streams the file to disk). With it, the response is read as it streams and the rows received
 * so far are shown against the total; the file is then saved.
 */
export function ExportButton({ query }: { query: string }) {
  const href = `/admin/payments/export${query ? `?${query}` : ''}`;
  const [state, setState] = useState<State>({ phase: 'idle' });
  const abort = useRef<AbortController | null>(null);

  async function run(event: React.MouseEvent) {
    event.preventDefault();
    if (state.phase === 'running') return;
    const controller = new AbortController();
    abort.current = controller;
    setState({ phase: 'running', rows: 0, total: null });
    try {
      const response = await fetch(href, { signal: controller.signal });
      if (!response.ok || !response.body) throw new Error(response.status === 403 ? 'Only admins can export payments.' : `The export failed (HTTP ${response.status}).`);
      const total = Number(response.headers.get('X-Total-Rows') ?? NaN);
      const reader = response.body.getReader();
      const parts: Uint8Array[] = [];
      let lines = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        for (const byte of value) if (byte === 10) lines += 1;
        setState({ phase: 'running', rows: Math.max(0, lines - 1), total: Number.isFinite(total) ? total : null });
      }
      const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? 'payments.csv';
      const url = URL.createObjectURL(new Blob(parts as BlobPart[], { type: 'text/csv' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState({ phase: 'done', rows: Math.max(0, lines - 1) });
    } catch (error) {
      if (controller.signal.aborted) setState({ phase: 'idle' });
      else setState({ phase: 'failed', message: error instanceof Error ? error.message : 'The export failed.' });
    }
  }

  const pct = state.phase === 'running' && state.total ? Math.min(100, Math.round((state.rows / state.total) * 100)) : null;
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex gap-2">
        <a href={href} onClick={run} className={buttonClass('secondary', 'py-1.5')} aria-disabled={state.phase === 'running'}>
          {state.phase === 'running' ? 'Exporting…' : 'Export CSV'}
        </a>
        {state.phase === 'running' ? (
          <button type="button" className={buttonClass('ghost', 'py-1.5')} onClick={() => abort.current?.abort()}>
            Cancel
          </button>
        ) : null}
      </div>
      <p role="status" aria-live="polite" className="text-xs text-slate-600" data-testid="export-status">
        {state.phase === 'running' ? (
          <>
            <progress className="mr-2 align-middle" max={100} value={pct ?? undefined} aria-label="Export progress" />
            {state.rows.toLocaleString('en-US')}
            {state.total !== null ? ` of ${state.total.toLocaleString('en-US')}` : ''} rows
          </>
        ) : state.phase === 'done' ? (
          `Exported ${state.rows.toLocaleString('en-US')} rows.`
        ) : state.phase === 'failed' ? (
          <span className="text-red-700">{state.message}</span>
        ) : null}
      </p>
    </div>
  );
}
