// Print rules for the receipt page only. The site header, footer, banners and account nav
// belong to shared layouts, so they are hidden here by their landmarks rather than by
// classes on them. React hoists this <style> into <head> and keeps one copy.
const PRINT_CSS = `
@media print {
  @page { margin: 16mm; }
  body { background: #fff !important; }
  body > a[href="#main"], body > [role="status"], body > header, body > footer,
  [data-past-due-banner], nav[aria-label="Account"], [data-print-hidden] { display: none !important; }
  main#main { max-width: none !important; padding: 0 !important; }
  main#main > div:has(> nav[aria-label="Account"]) { display: block !important; }
  [data-receipt] { border: 0 !important; box-shadow: none !important; padding: 0 !important; max-width: none !important; }
  a[href] { color: inherit !important; text-decoration: none !important; }
}
`;

export function ReceiptPrintStyles() {
  return (
    <style href="bursar-receipt-print" precedence="default">
      {PRINT_CSS}
    </style>
  );
}
