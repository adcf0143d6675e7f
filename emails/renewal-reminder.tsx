import { Text } from '@react-email/components';
import type { NotificationMessages } from '@/lib/notifications/messages';
import { EmailHeading, LinkLine, PrimaryButton, SmallPrint } from './components/email-parts';
import { EmailLayout } from './components/email-layout';
import { formatEmailAmount, formatEmailDate, greeting } from './components/format';

export type RenewalReminderEmailProps = NotificationMessages['renewal-reminder'];

export function RenewalReminderEmail(props: RenewalReminderEmailProps) {
  const amount = formatEmailAmount(props.amount, props.currency);
  const date = formatEmailDate(props.renewsAt);
  return (
    <EmailLayout preview={`${props.planName} renews on ${date} for ${amount}`}>
      <EmailHeading>Your subscription renews on {date}</EmailHeading>
      <Text>{greeting(props.learnerName)}</Text>
      <Text>
        Your {props.interval === 'year' ? 'yearly' : 'monthly'} {props.planName} subscription renews on {date}, and we will
        charge {amount} to your saved payment method. There is nothing you need to do to keep learning.
      </Text>
      <Text>To cancel or switch plans, open your subscription before {date}.</Text>
      <PrimaryButton href={props.manageUrl}>Manage subscription</PrimaryButton>
      <LinkLine label="Or open this link:" href={props.manageUrl} />
      <SmallPrint>You get this reminder because renewal reminders are on in your notification settings.</SmallPrint>
    </EmailLayout>
  );
}

RenewalReminderEmail.PreviewProps = {
  learnerName: 'Sam Rivera',
  planName: 'All-Access',
  interval: 'year',
  amount: 19000,
  currency: 'usd',
  renewsAt: '2027-01-04T00:00:00.000Z',
  manageUrl: 'http://localhost:3000/account/subscription',
} satisfies RenewalReminderEmailProps;

export default RenewalReminderEmail;
