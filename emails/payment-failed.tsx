import { Text } from '@react-email/components';
import type { NotificationMessages } from '@/lib/notifications/messages';
import { DetailsTable } from './components/details-table';
import { EmailHeading, LinkLine, PrimaryButton, SmallPrint } from './components/email-parts';
import { EmailLayout } from './components/email-layout';
import type { WithSeller } from './components/seller';
import { formatEmailAmount, formatEmailDate, greeting } from './components/format';

export type PaymentFailedEmailProps = NotificationMessages['payment-failed'];

export function PaymentFailedEmail(props: PaymentFailedEmailProps & WithSeller) {
  const amount = formatEmailAmount(props.amount, props.currency);
  return (
    <EmailLayout seller={props.seller} preview={`Your payment of ${amount} for ${props.itemTitle} did not go through`}>
      <EmailHeading>Your payment did not go through</EmailHeading>
      <Text>{greeting(props.learnerName)}</Text>
      <Text>
        We tried to charge {amount} for {props.itemTitle}
        {props.paymentMethod ? ` to your ${props.paymentMethod}` : ''}, but the payment did not go through.
      </Text>
      <DetailsTable
        rows={[
          { label: 'For', value: props.itemTitle },
          { label: 'Amount due', value: amount },
          { label: 'Reason', value: props.reason },
          { label: 'Date', value: props.failedAt ? formatEmailDate(props.failedAt) : null },
          { label: 'Payment method', value: props.paymentMethod },
          { label: 'Invoice number', value: props.receiptNumber },
          { label: 'Attempt', value: props.attempts ? `${props.attempt} of ${props.attempts}` : String(props.attempt) },
          { label: 'Next automatic try', value: props.nextAttemptAt ? formatEmailDate(props.nextAttemptAt) : null },
        ]}
      />
      <Text>
        <strong>What to do next:</strong>{' '}
        {props.payUrl
          ? 'pay the amount due or update your card using the button below.'
          : 'update your payment method in your account.'}
        {props.nextAttemptAt
          ? ` If you do nothing, we will try your card again on ${formatEmailDate(props.nextAttemptAt)}.`
          : ''}
      </Text>
      {props.accessEndsAt ? (
        <Text>
          Your access continues until {formatEmailDate(props.accessEndsAt)}. If the payment is still open then, your
          access to {props.itemTitle} ends.
        </Text>
      ) : null}
      {props.payUrl ? (
        <>
          <PrimaryButton href={props.payUrl}>Pay {amount}</PrimaryButton>
          <LinkLine label="Or open this link:" href={props.payUrl} />
        </>
      ) : null}
      {props.updateCardUrl ? <LinkLine label="To use another card for future payments:" href={props.updateCardUrl} /> : null}
      <SmallPrint>
        No money was taken for this attempt. Questions? Reply to this email and we will help.
      </SmallPrint>
    </EmailLayout>
  );
}

PaymentFailedEmail.PreviewProps = {
  learnerName: 'Sam Rivera',
  itemTitle: 'All-Access (monthly)',
  amount: 2900,
  currency: 'usd',
  reason: 'Your card was declined.',
  attempt: 1,
  failedAt: '2026-11-27T14:05:00.000Z',
  nextAttemptAt: '2026-11-30T14:05:00.000Z',
  payUrl: 'http://localhost:12111/invoices/in_1QxYz3Example/hosted',
  accessEndsAt: '2026-12-11T14:05:00.000Z',
  paymentMethod: 'Visa •••• 0341',
  receiptNumber: 'A1B2C3D4-0007',
  attempts: 4,
  updateCardUrl: 'http://localhost:3000/account/subscription',
} satisfies PaymentFailedEmailProps;

export default PaymentFailedEmail;
