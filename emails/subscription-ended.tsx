import { Text } from '@react-email/components';
import type { NotificationMessages } from '@/lib/notifications/messages';
import { EmailHeading, LinkLine, PrimaryButton, SmallPrint } from './components/email-parts';
import { EmailLayout } from './components/email-layout';
import { formatEmailAmount, formatEmailDate, greeting } from './components/format';

export type SubscriptionEndedEmailProps = NotificationMessages['subscription-ended'];

export function SubscriptionEndedEmail(props: SubscriptionEndedEmailProps) {
  const unpaid = props.reason === 'payment_failed';
  return (
    <EmailLayout preview={`Your ${props.planName} subscription has ended`}>
      <EmailHeading>Your {props.planName} subscription has ended</EmailHeading>
      <Text>{greeting(props.learnerName)}</Text>
      {unpaid ? (
        <Text>
          We could not collect the {props.planName} renewal payment
          {props.amountDue ? ` of ${formatEmailAmount(props.amountDue, props.currency)}` : ''} after several tries, so your
          subscription ended on {formatEmailDate(props.endedAt)} and with it your access to the courses it included. You
          will not be charged for it again.
        </Text>
      ) : (
        <Text>
          Your subscription ended on {formatEmailDate(props.endedAt)}, and with it your access to the courses it included.
          You will not be charged again.
        </Text>
      )}
      <Text>Courses you bought on their own stay yours, and your progress is kept if you come back.</Text>
      <PrimaryButton href={props.resubscribeUrl}>Subscribe again</PrimaryButton>
      <LinkLine label="Or open this link:" href={props.resubscribeUrl} />
      <SmallPrint>Questions? Reply to this email and we will help.</SmallPrint>
    </EmailLayout>
  );
}

SubscriptionEndedEmail.PreviewProps = {
  learnerName: 'Sam Rivera',
  planName: 'All-Access',
  endedAt: '2026-12-18T14:05:00.000Z',
  reason: 'payment_failed',
  amountDue: 2900,
  currency: 'usd',
  resubscribeUrl: 'http://localhost:3000/pricing',
} satisfies SubscriptionEndedEmailProps;

export default SubscriptionEndedEmail;
