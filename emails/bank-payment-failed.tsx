import { Text } from '@react-email/components';
import type { NotificationMessages } from '@/lib/notifications/messages';
import { DetailsTable } from './components/details-table';
import { EmailHeading, LinkLine, PrimaryButton, SmallPrint } from './components/email-parts';
import { EmailLayout } from './components/email-layout';
import type { WithSeller } from './components/seller';
import { formatEmailAmount, formatEmailDate, greeting } from './components/format';

export type BankPaymentFailedEmailProps = NotificationMessages['bank-payment-failed'];

export function BankPaymentFailedEmail(props: BankPaymentFailedEmailProps & WithSeller) {
  const amount = formatEmailAmount(props.amount, props.currency);
  return (
    <EmailLayout seller={props.seller} preview={`Your bank payment of ${amount} for ${props.itemTitle} did not go through`}>
      <EmailHeading>Your bank payment did not go through</EmailHeading>
      <Text>{greeting(props.learnerName)}</Text>
      <Text>
        Your bank did not complete the payment of {amount} for {props.itemTitle}. Your order is not complete, so{' '}
        {props.itemTitle} is not open yet.
      </Text>
      <DetailsTable
        rows={[
          { label: 'For', value: props.itemTitle },
          { label: 'Amount', value: amount },
          { label: 'Reason', value: props.reason },
          { label: 'Date', value: props.failedAt ? formatEmailDate(props.failedAt) : null },
          { label: 'Payment method', value: props.paymentMethod },
          { label: 'Receipt number', value: props.receiptNumber },
        ]}
      />
      <Text>
        <strong>What to do next:</strong> try again with a card or another bank account. It only takes a minute.
      </Text>
      <PrimaryButton href={props.retryUrl}>Try again</PrimaryButton>
      <LinkLine label="Or open this link:" href={props.retryUrl} />
      <SmallPrint>If money left your account for this payment, your bank returns it automatically.</SmallPrint>
    </EmailLayout>
  );
}

BankPaymentFailedEmail.PreviewProps = {
  learnerName: 'Priya Nair',
  itemTitle: 'Data Engineering Foundations',
  amount: 4500,
  currency: 'eur',
  reason: 'The account has insufficient funds.',
  retryUrl: 'http://localhost:3000/courses/data-engineering-foundations?buy=1',
  paymentMethod: 'SEPA Direct Debit •••• 3000',
  failedAt: '2026-11-30T08:00:00.000Z',
  receiptNumber: 'BRS-8CVB-1NXE',
} satisfies BankPaymentFailedEmailProps;

export default BankPaymentFailedEmail;
