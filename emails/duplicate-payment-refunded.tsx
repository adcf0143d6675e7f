import { Text } from '@react-email/components';
import type { NotificationMessages } from '@/lib/notifications/messages';
import { DetailsTable } from './components/details-table';
import { EmailHeading, LinkLine, SmallPrint } from './components/email-parts';
import { EmailLayout } from './components/email-layout';
import type { WithSeller } from './components/seller';
import { formatEmailAmount, greeting } from './components/format';

export type DuplicatePaymentRefundedEmailProps = NotificationMessages['duplicate-payment-refunded'];

/** Sent once when a second payment for something the learner already had was refunded automatically. */
export function DuplicatePaymentRefundedEmail(props: DuplicatePaymentRefundedEmailProps & WithSeller) {
  const amount = formatEmailAmount(props.amount, props.currency);
  const what = props.kind === 'subscription' ? `a second ${props.itemTitle} subscription` : `${props.itemTitle} a second time`;
  return (
    <EmailLayout seller={props.seller} preview={`You were charged twice for ${props.itemTitle}; we refunded ${amount}`}>
      <EmailHeading>We refunded a duplicate payment</EmailHeading>
      <Text>{greeting(props.learnerName)}</Text>
      <Text>
        You paid for {what} — probably from two open checkout pages. You only need one, so we refunded the extra {amount}
        {props.paymentMethod ? ` to your ${props.paymentMethod}` : ''}
        {props.kind === 'subscription' ? ' and ended the extra subscription' : ''}. Nothing else changes: your access stays as it was.
      </Text>
      <DetailsTable
        rows={[
          { label: 'For', value: props.itemTitle },
          { label: 'Refunded', value: amount },
          { label: 'Refunded payment', value: props.refundedReceiptNumber },
          { label: 'Payment you keep', value: props.keptReceiptNumber },
        ]}
      />
      <Text>Banks usually take 5 to 10 business days to show the refund on your statement.</Text>
      <LinkLine label="Your purchases:" href={props.receiptUrl} />
      <SmallPrint>If something looks wrong, reply to this email and we will look into it.</SmallPrint>
    </EmailLayout>
  );
}

DuplicatePaymentRefundedEmail.PreviewProps = {
  learnerName: 'Jordan Lee',
  itemTitle: 'Design Systems in Practice',
  amount: 4900,
  currency: 'usd',
  keptReceiptNumber: 'BR-5HJD2MZT01',
  refundedReceiptNumber: 'BR-7K2MQP4X02',
  receiptUrl: 'http://localhost:3000/account/purchases',
  paymentMethod: 'Visa •••• 4242',
  kind: 'purchase',
} satisfies DuplicatePaymentRefundedEmailProps;

export default DuplicatePaymentRefundedEmail;
