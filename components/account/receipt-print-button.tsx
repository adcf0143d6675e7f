'use client';

import { Button } from '@/components/ui/button';

/** The browser's own print dialog; the receipt's print styles hide everything but the receipt. */
export function ReceiptPrintButton() {
  return (
    <Button type="button" variant="secondary" onClick={() => window.print()} data-print-hidden>
      Print
    </Button>
  );
}
