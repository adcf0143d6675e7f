import { Text } from '@react-email/components';
import type { NotificationMessages } from '@/lib/notifications/messages';
import { EmailHeading, LinkLine, PrimaryButton, SmallPrint } from './components/email-parts';
import { EmailLayout } from './components/email-layout';
import { formatEmailDate, greeting } from './components/format';

export type CardExpiringEmailProps = NotificationMessages['card-expiring'];

export function CardExpiringEmail(props: CardExpiringEmailProps) {
  const renews = formatEmailDate(props.renewsAt);
  return (
    <EmailLayout preview={`Your ${props.card} expires before ${props.planName} renews on ${renews}`}>
      <EmailHeading>Your card expires before your next renewal</EmailHeading>
      <Text>{greeting(props.learnerName)}</Text>
      <Text>
        {props.planName} renews on {renews}, but the card we charge ({props.card}) expires at the end of {props.expires}. Add a
        new card before then so your access continues without a failed payment.
      </Text>
      <PrimaryButton href={props.updateUrl}>Update your card</PrimaryButton>
      <LinkLine label="Or open this link:" href={props.updateUrl} />
      <SmallPrint>If your bank has already sent you a new card, it may update automatically; updating it yourself is the safe way.</SmallPrint>
    </EmailLayout>
  );
}

CardExpiringEmail.PreviewProps = {
  learnerName: 'Sam Rivera',
  card: 'Visa •••• 4242',
  expires: '12/2026',
  planName: 'All-Access',
  renewsAt: '2027-01-04T00:00:00.000Z',
  updateUrl: 'http://localhost:3000/account/subscription',
} satisfies CardExpiringEmailProps;

export default CardExpiringEmail;
