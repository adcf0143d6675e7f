import { Link, Section, Text } from '@react-email/components';
import type { NotificationMessages } from '@/lib/notifications/messages';
import { EmailHeading, LinkLine, SmallPrint } from './components/email-parts';
import { EmailLayout } from './components/email-layout';
import { formatEmailDate } from './components/format';

export type AdminAlertDigestEmailProps = NotificationMessages['admin-alert-digest'];

/** The day's alerts in one email (ADMIN_ALERT_EMAILS=digest). */
export function AdminAlertDigestEmail(props: AdminAlertDigestEmailProps) {
  const count = props.alerts.length;
  return (
    <EmailLayout preview={`${count} alert${count === 1 ? '' : 's'} for ${formatEmailDate(`${props.day}T12:00:00.000Z`)}`}>
      <EmailHeading>
        {count} alert{count === 1 ? '' : 's'} since the last digest
      </EmailHeading>
      {props.alerts.map((alert) => (
        <Section key={`${alert.raisedAt}-${alert.title}`} style={{ borderTop: '1px solid #e2e8f0', padding: '8px 0' }}>
          <Text style={{ margin: '4px 0', fontWeight: 600 }}>{alert.url ? <Link href={alert.url}>{alert.title}</Link> : alert.title}</Text>
          {alert.detail ? <Text style={{ margin: '4px 0' }}>{alert.detail}</Text> : null}
          <Text style={{ margin: '4px 0', color: '#64748b', fontSize: '13px' }}>Raised {formatEmailDate(alert.raisedAt)}</Text>
        </Section>
      ))}
      <LinkLine label="All alerts:" href={props.dashboardUrl} />
      <SmallPrint>You get this because your address is in ADMIN_EMAILS and ADMIN_ALERT_EMAILS=digest.</SmallPrint>
    </EmailLayout>
  );
}

AdminAlertDigestEmail.PreviewProps = {
  day: '2026-12-05',
  alerts: [
    { title: 'Dispute opened: $49.00 (fraudulent)', detail: 'Respond by December 20, 2026 (15 days left).', url: 'http://localhost:3000/admin/disputes/5d0c3b0e-2f9a-4b8e-9c41-1f2a3b4c5d6e', raisedAt: '2026-12-04T10:00:00.000Z' },
    { title: 'Refund failed: €45.00', detail: 'The bank returned the refund (expired_or_canceled_card). The amount is back on the charge.', url: 'http://localhost:3000/admin/refunds', raisedAt: '2026-12-04T16:30:00.000Z' },
  ],
  dashboardUrl: 'http://localhost:3000/admin/alerts',
} satisfies AdminAlertDigestEmailProps;

export default AdminAlertDigestEmail;
