import { Text } from '@react-email/components';
import type { NotificationMessages } from '@/lib/notifications/messages';
import { DetailsTable } from './components/details-table';
import { EmailHeading, LinkLine, SmallPrint } from './components/email-parts';
import { EmailLayout } from './components/email-layout';
import { RefundPolicyNote, type WithSeller } from './components/seller';
import { formatEmailAmount, formatEmailDate, greeting } from './components/format';

export type SubscriptionStartedEmailProps = NotificationMessages['subscription-started'];

export function SubscriptionStartedEmail(props: SubscriptionStartedEmailProps & WithSeller) {
  const amount = formatEmailAmount(props.amount, props.currency);
  const per = props.interval === 'year' ? 'year' : 'month';
  return (
    <EmailLayout seller={props.seller} preview={`Your ${props.planName} subscription is active`}>
      <EmailHeading>Welcome to {props.planName}</EmailHeading>
      <Text>{greeting(props.learnerName)}</Text>
      <Text>
        Your subscription is active and every course in the catalog is open to you. Here is the receipt for your first
        payment.
      </Text>
      <DetailsTable
        rows={[
          { label: 'Plan', value: `${props.planName}, billed every ${per}` },
          { label: 'Amount paid', value: amount },
          { label: 'Date', value: formatEmailDate(props.paidAt) },
          { label: 'Payment method', value: props.paymentMethod },
          { label: 'Receipt number', value: props.receiptNumber },
          { label: 'Renews on', value: props.renewsAt ? formatEmailDate(props.renewsAt) : null },
        ]}
      />
      <LinkLine label="View this receipt in your account:" href={props.receiptUrl} />
      <SmallPrint>
        {props.renewsAt
          ? `We will charge ${amount} on ${formatEmailDate(props.renewsAt)} unless you cancel before then. `
          : ''}
        You can cancel any time from your account; you keep access until the end of the period you paid for.
      </SmallPrint>
      <RefundPolicyNote seller={props.seller} />
    </EmailLayout>
  );
}

SubscriptionStartedEmail.PreviewProps = {
  learnerName: 'Sam Rivera',
  planName: 'All-Access',
  interval: 'month',
  amount: 2900,
  currency: 'usd',
  paymentMethod: 'Mastercard •••• 4444',
  receiptNumber: 'BRS-3RTV-9WQA',
  receiptUrl: 'http://localhost:3000/account/purchases/BRS-3RTV-9WQA',
  paidAt: '2026-11-27T14:05:00.000Z',
  renewsAt: '2026-12-27T14:05:00.000Z',
} satisfies SubscriptionStartedEmailProps;

export default SubscriptionStartedEmail;
