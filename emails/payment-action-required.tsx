import { Text } from '@react-email/components';
import type { NotificationMessages } from '@/lib/notifications/messages';
import { DetailsTable } from './components/details-table';
import { EmailHeading, LinkLine, PrimaryButton, SmallPrint } from './components/email-parts';
import { EmailLayout } from './components/email-layout';
import { formatEmailAmount, formatEmailDate, greeting } from './components/format';

export type PaymentActionRequiredEmailProps = NotificationMessages['payment-action-required'];

export function PaymentActionRequiredEmail(props: PaymentActionRequiredEmailProps) {
  const amount = formatEmailAmount(props.amount, props.currency);
  return (
    <EmailLayout preview={`Your bank asks you to confirm the ${amount} payment for ${props.itemTitle}`}>
      <EmailHeading>Confirm your payment</EmailHeading>
      <Text>{greeting(props.learnerName)}</Text>
      <Text>
        Your bank wants you to confirm the {amount} payment for {props.itemTitle} (3-D Secure). We cannot retry it for you:
        until you confirm it, the payment stays open.
      </Text>
      <DetailsTable
        rows={[
          { label: 'For', value: props.itemTitle },
          { label: 'Amount', value: amount },
          { label: 'Confirm by', value: props.accessEndsAt ? formatEmailDate(props.accessEndsAt) : null },
        ]}
      />
      <PrimaryButton href={props.confirmUrl}>Confirm {amount}</PrimaryButton>
      <LinkLine label="Or open this link:" href={props.confirmUrl} />
      {props.accessEndsAt ? <Text>Your access continues until {formatEmailDate(props.accessEndsAt)}.</Text> : null}
      <SmallPrint>No money has been taken yet. Questions? Reply to this email and we will help.</SmallPrint>
    </EmailLayout>
  );
}

PaymentActionRequiredEmail.PreviewProps = {
  learnerName: 'Sam Rivera',
  itemTitle: 'All-Access (yearly)',
  amount: 19000,
  currency: 'usd',
  confirmUrl: 'http://localhost:12111/invoices/in_1QxYz3Example/hosted',
  accessEndsAt: '2026-12-11T14:05:00.000Z',
} satisfies PaymentActionRequiredEmailProps;

export default PaymentActionRequiredEmail;
