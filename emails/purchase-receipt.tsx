import { Text } from '@react-email/components';
import type { NotificationMessages } from '@/lib/notifications/messages';
import { DetailsTable } from './components/details-table';
import { EmailHeading, LinkLine, PrimaryButton, SmallPrint } from './components/email-parts';
import { EmailLayout } from './components/email-layout';
import { RefundPolicyNote, type WithSeller } from './components/seller';
import { formatEmailAmount, formatEmailDate, greeting } from './components/format';

export type PurchaseReceiptEmailProps = NotificationMessages['purchase-receipt'];

export function PurchaseReceiptEmail(props: PurchaseReceiptEmailProps & WithSeller) {
  const amount = formatEmailAmount(props.amount, props.currency);
  // As on the receipt page: the course's price, what the code took off, what was charged.
  const discount = props.discount ?? null;
  const discountRows = discount
    ? [
        { label: 'Price', value: formatEmailAmount(props.amount + discount.amount, props.currency) },
        { label: discount.code ? `Discount (${discount.code})` : 'Discount', value: `−${formatEmailAmount(discount.amount, props.currency)}` },
      ]
    : [];
  return (
    <EmailLayout seller={props.seller} preview={`Receipt for ${props.courseTitle}: ${amount} paid`}>
      <EmailHeading>Thanks for your purchase</EmailHeading>
      <Text>{greeting(props.learnerName)}</Text>
      <Text>
        Your payment of {amount}
        {discount ? ` (${formatEmailAmount(discount.amount, props.currency)} off${discount.code ? ` with ${discount.code}` : ''})` : ''} went through and{' '}
        {props.courseTitle} is now yours. You can start whenever you like.
      </Text>
      <DetailsTable
        rows={[
          { label: 'Course', value: props.courseTitle },
          ...discountRows,
          { label: 'Amount paid', value: amount },
          { label: 'Date', value: formatEmailDate(props.paidAt) },
          { label: 'Payment method', value: props.paymentMethod },
          { label: 'Receipt number', value: props.receiptNumber },
        ]}
      />
      <PrimaryButton href={props.courseUrl}>Start learning</PrimaryButton>
      <LinkLine label="Your receipt is always in your account:" href={props.receiptUrl} />
      <SmallPrint>Keep this email for your records. If something looks wrong, reply and we will help.</SmallPrint>
      <RefundPolicyNote seller={props.seller} />
    </EmailLayout>
  );
}

PurchaseReceiptEmail.PreviewProps = {
  learnerName: 'Aiko Tanaka',
  courseTitle: 'Practical TypeScript',
  courseUrl: 'http://localhost:3000/courses/practical-typescript',
  amount: 4800,
  currency: 'jpy',
  discount: { amount: 1200, code: 'LAUNCH20' },
  paymentMethod: 'Visa •••• 4242',
  receiptNumber: 'BRS-7K2M-QP4X',
  receiptUrl: 'http://localhost:3000/account/purchases/BRS-7K2M-QP4X',
  paidAt: '2026-11-27T09:41:00.000Z',
} satisfies PurchaseReceiptEmailProps;

export default PurchaseReceiptEmail;
