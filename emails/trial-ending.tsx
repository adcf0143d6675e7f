import { Text } from '@react-email/components';
import type { NotificationMessages } from '@/lib/notifications/messages';
import { EmailHeading, LinkLine, PrimaryButton, SmallPrint } from './components/email-parts';
import { EmailLayout } from './components/email-layout';
import { formatEmailAmount, formatEmailDate, greeting } from './components/format';

export type TrialEndingEmailProps = NotificationMessages['trial-ending'];

export function TrialEndingEmail(props: TrialEndingEmailProps) {
  const amount = formatEmailAmount(props.amount, props.currency);
  const date = formatEmailDate(props.trialEndsAt);
  return (
    <EmailLayout preview={`Your ${props.planName} trial ends on ${date}`}>
      <EmailHeading>Your trial ends on {date}</EmailHeading>
      <Text>{greeting(props.learnerName)}</Text>
      <Text>
        Your free trial of {props.planName} ends on {date}. Unless you cancel before then, your card will be charged {amount}
        and your subscription continues.
      </Text>
      <PrimaryButton href={props.manageUrl}>Manage subscription</PrimaryButton>
      <LinkLine label="Or open this link:" href={props.manageUrl} />
      <SmallPrint>Cancel any time before {date} and you will not be charged.</SmallPrint>
    </EmailLayout>
  );
}

TrialEndingEmail.PreviewProps = {
  learnerName: 'Sam Rivera',
  planName: 'All-Access',
  amount: 2900,
  currency: 'usd',
  trialEndsAt: '2026-12-08T00:00:00.000Z',
  manageUrl: 'http://localhost:3000/account/subscription',
} satisfies TrialEndingEmailProps;

export default TrialEndingEmail;
