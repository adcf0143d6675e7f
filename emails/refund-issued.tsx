import { Text } from '@react-email/components';
import type { NotificationMessages } from '@/lib/notifications/messages';
import { DetailsTable } from './components/details-table';
import { EmailHeading, LinkLine, SmallPrint } from './components/email-parts';
import { EmailLayout } from './components/email-layout';
import type { WithSeller } from './components/seller';
import { formatEmailAmount, formatEmailDate, greeting } from './components/format';

export type RefundIssuedEmailProps = NotificationMessages['refund-issued'];

export function RefundIssuedEmail(props: RefundIssuedEmailProps & WithSeller) {
  const amount = formatEmailAmount(props.amount, props.currency);
  return (
    <EmailLayout seller={props.seller} preview={`We refunded ${amount} for ${props.itemTitle}`}>
      <EmailHeading>Your refund is on its way</EmailHeading>
      <Text>{greeting(props.learnerName)}</Text>
      <Text>
        We have refunded {amount} for {props.itemTitle}
        {props.paymentMethod ? ` to your ${props.paymentMethod}` : ''}. Banks usually take 5 to 10 business days to
        show it on your statement.
      </Text>
      <DetailsTable
        rows={[
          { label: 'For', value: props.itemTitle },
          { label: 'Amount refunded', value: amount },
          { label: 'Date', value: formatEmailDate(props.refundedAt) },
          { label: 'Refunded to', value: props.paymentMethod },
          { label: 'Receipt number', value: props.receiptNumber },
        ]}
      />
      <Text>
        {props.accessKept
          ? `You keep your access to ${props.itemTitle}.`
          : `With this refund, your access to ${props.itemTitle} has ended.`}
      </Text>
      <LinkLine label="The updated receipt is in your account:" href={props.receiptUrl} />
      <SmallPrint>If you did not expect this refund, reply to this email and we will look into it.</SmallPrint>
    </EmailLayout>
  );
}

RefundIssuedEmail.PreviewProps = {
  learnerName: 'Jordan Lee',
  itemTitle: 'Design Systems in Practice',
  amount: 4900,
  currency: 'usd',
  refundedAt: '2026-11-26T18:20:00.000Z',
  accessKept: false,
  paymentMethod: 'Visa •••• 4242',
  receiptNumber: 'BRS-5HJD-2MZT',
  receiptUrl: 'http://localhost:3000/account/purchases/BRS-5HJD-2MZT',
} satisfies RefundIssuedEmailProps;

export default RefundIssuedEmail;
