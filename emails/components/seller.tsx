import { Text } from '@react-email/components';
import { cloneElement, type ReactElement } from 'react';

/** The seller's details every email prints: from the store settings (lib/settings/store.ts). */
export type EmailSeller = { sellerName: string; addressLines: string[]; taxId: string | null; supportEmail: string; refundPolicy: string };

/** Every template takes this optional prop and hands it to its layout. */
export type WithSeller = { seller?: EmailSeller };

// What a template previews with; sendEmail passes the store's real settings.
export const PREVIEW_SELLER: EmailSeller = {
  sellerName: 'Bursar Demo Store',
  addressLines: ['123 Example Street', 'Springfield, ST 00000', 'United States'],
  taxId: null,
  supportEmail: 'support@bursar.example',
  refundPolicy: 'Courses can be refunded within 14 days of purchase.',
};

/**
 * Gives a rendered template the seller to print (a prop rather than React context: emails are
 * built in server code, where context does not exist).
 */
export function withEmailSeller(element: ReactElement, seller: EmailSeller): ReactElement {
  return cloneElement(element as ReactElement<WithSeller>, { seller });
}

const small = { color: '#64748b', fontSize: '12px', lineHeight: '18px', margin: '0 0 8px' };

/** For receipts: the refund policy as the admin wrote it. */
export function RefundPolicyNote({ seller = PREVIEW_SELLER }: WithSeller) {
  return (
    <Text style={small}>
      <strong>Refund policy.</strong> {seller.refundPolicy}
    </Text>
  );
}

/** The footer's seller block: legal name, address, tax id, where to write. */
export function SellerFooter({ seller = PREVIEW_SELLER }: WithSeller) {
  return (
    <Text style={small}>
      {seller.sellerName}
      {seller.addressLines.map((line) => (
        <span key={line}>
          <br />
          {line}
        </span>
      ))}
      {seller.taxId ? (
        <>
          <br />
          Tax ID: {seller.taxId}
        </>
      ) : null}
      <br />
      Questions? Write to {seller.supportEmail}
    </Text>
  );
}
