import { Text } from '@react-email/components';
import type { NotificationMessages } from '@/lib/notifications/messages';
import { EmailHeading, LinkLine, PrimaryButton, SmallPrint } from './components/email-parts';
import { EmailLayout } from './components/email-layout';
import { formatEmailDate } from './components/format';

export type AdminAlertEmailProps = NotificationMessages['admin-alert'];

/** One alert for the store's admins, sent as it happens. */
export function AdminAlertEmail(props: AdminAlertEmailProps) {
  return (
    <EmailLayout preview={props.title}>
      <EmailHeading>{props.title}</EmailHeading>
      {props.detail ? <Text>{props.detail}</Text> : null}
      <Text style={{ color: '#64748b', fontSize: '13px' }}>Raised {formatEmailDate(props.raisedAt)} (UTC).</Text>
      {props.url ? (
        <>
          <PrimaryButton href={props.url}>Open in the dashboard</PrimaryButton>
          <LinkLine label="Or open this link:" href={props.url} />
        </>
      ) : null}
      <SmallPrint>You get this because your address is in ADMIN_EMAILS. Set ADMIN_ALERT_EMAILS=digest for one email a day.</SmallPrint>
    </EmailLayout>
  );
}

AdminAlertEmail.PreviewProps = {
  title: 'Dispute opened: $49.00 (fraudulent)',
  detail: 'Respond by December 20, 2026 (15 days left). Evidence is pre-filled from the learner’s activity.',
  url: 'http://localhost:3000/admin/disputes/5d0c3b0e-2f9a-4b8e-9c41-1f2a3b4c5d6e',
  raisedAt: '2026-12-05T14:05:00.000Z',
} satisfies AdminAlertEmailProps;

export default AdminAlertEmail;
