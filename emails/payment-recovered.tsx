import { Text } from '@react-email/components';
import type { NotificationMessages } from '@/lib/notifications/messages';
import { DetailsTable } from './components/details-table';
import { EmailHeading, LinkLine, SmallPrint } from './components/email-parts';
import { EmailLayout } from './components/email-layout';
import { formatEmailAmount, formatEmailDate, greeting } from './components/format';

export type PaymentRecoveredEmailProps = NotificationMessages['payment-recovered'];

export function PaymentRecoveredEmail(props: PaymentRecoveredEmailProps) {
  const amount = formatEmailAmount(props.amount, props.currency);
  return (
    <EmailLayout preview={`Payment received: ${amount} for ${props.itemTitle}. You're all set.`}>
      <EmailHeading>You&apos;re all set</EmailHeading>
      <Text>{greeting(props.learnerName)}</Text>
      <Text>
        The {amount} payment for {props.itemTitle} went through, so there is nothing more to do and your access continues
        as before. Thank you for sorting it out.
      </Text>
      <DetailsTable
        rows={[
          { label: 'Amount paid', value: amount },
          { label: 'Paid on', value: formatEmailDate(props.paidAt) },
          { label: 'Payment method', value: props.paymentMethod },
          { label: 'Receipt number', value: props.receiptNumber },
        ]}
      />
      <LinkLine label="Your receipt:" href={props.receiptUrl} />
      <SmallPrint>
        {props.failedAttempts > 0
          ? `Earlier attempts (${props.failedAttempts}) did not charge you; only this payment was taken.`
          : 'Only this payment was taken.'}
      </SmallPrint>
    </EmailLayout>
  );
}

PaymentRecoveredEmail.PreviewProps = {
  learnerName: 'Sam Rivera',
  itemTitle: 'All-Access (monthly)',
  amount: 2900,
  currency: 'usd',
  paymentMethod: 'Visa •••• 4242',
  receiptNumber: 'A1B2C3D4-0008',
  receiptUrl: 'http://localhost:3000/account/receipts/0b7c4a58-3a43-4f5e-9d59-6f0d9a1c2e11',
  paidAt: '2026-12-02T09:12:00.000Z',
  failedAttempts: 2,
} satisfies PaymentRecoveredEmailProps;

export default PaymentRecoveredEmail;
