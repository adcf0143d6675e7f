import { Text } from '@react-email/components';
import type { NotificationMessages } from '@/lib/notifications/messages';
import { DetailsTable } from './components/details-table';
import { EmailHeading, LinkLine, SmallPrint } from './components/email-parts';
import { EmailLayout } from './components/email-layout';
import type { WithSeller } from './components/seller';
import { formatEmailAmount, formatEmailDate, greeting } from './components/format';

export type BankPaymentProcessingEmailProps = NotificationMessages['bank-payment-processing'];

export function BankPaymentProcessingEmail(props: BankPaymentProcessingEmailProps & WithSeller) {
  const amount = formatEmailAmount(props.amount, props.currency);
  return (
    <EmailLayout seller={props.seller} preview={`We received your bank payment of ${amount}; it is processing`}>
      <EmailHeading>Your bank payment is processing</EmailHeading>
      <Text>{greeting(props.learnerName)}</Text>
      <Text>
        Thanks for your order. Bank payments take a few business days to clear. As soon as your bank confirms the
        payment, {props.itemTitle} opens for you and we will email your receipt.
      </Text>
      <DetailsTable
        rows={[
          { label: 'For', value: props.itemTitle },
          { label: 'Amount', value: amount },
          { label: 'Submitted', value: props.submittedAt ? formatEmailDate(props.submittedAt) : null },
          { label: 'Payment method', value: props.paymentMethod },
          { label: 'Receipt number', value: props.receiptNumber },
          { label: 'Status', value: 'Processing' },
        ]}
      />
      {props.receiptUrl ? <LinkLine label="Follow the payment in your account:" href={props.receiptUrl} /> : null}
      <SmallPrint>There is nothing you need to do. If the payment fails, we will tell you how to try again.</SmallPrint>
    </EmailLayout>
  );
}

BankPaymentProcessingEmail.PreviewProps = {
  learnerName: 'Priya Nair',
  itemTitle: 'Data Engineering Foundations',
  amount: 4900,
  currency: 'usd',
  paymentMethod: 'US bank account •••• 6789',
  submittedAt: '2026-11-27T10:12:00.000Z',
  receiptNumber: 'BRS-8CVB-1NXE',
  receiptUrl: 'http://localhost:3000/account/purchases/BRS-8CVB-1NXE',
} satisfies BankPaymentProcessingEmailProps;

export default BankPaymentProcessingEmail;
