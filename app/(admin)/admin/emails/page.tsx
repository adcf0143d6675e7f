import type { Metadata } from 'next';
import { randomUUID } from 'node:crypto';
import { DataTable, type Column } from '@/components/admin/data-table';
import { AdminEmptyState } from '@/components/admin/empty-state';
import { PageHeader } from '@/components/admin/page-header';
import { requireAdmin } from '@/lib/auth/guards';
import { emailTransport, twilioConfig } from '@/lib/env';
import type { NotificationTemplate } from '@/lib/notifications/messages';
import { templatePreviews } from '@/lib/notifications/previews';
import { prepareSms } from '@/lib/notifications/sms-text';
import { notificationTemplateNames } from '@/lib/notifications/template-tests';
import { renderNotification } from '@/lib/notifications/templates';
import { SendTestsForm } from './send-tests-form';

export const metadata: Metadata = { title: 'Email templates · Admin' };

type Row = { template: NotificationTemplate; subject: string; sms: string; segments: number; encoding: string };

/** Every message Bursar sends: its subject and text with sample data, and a way to receive them all. */
export default async function EmailTemplatesPage() {
  const admin = await requireAdmin('/admin/emails');
  const rows: Row[] = notificationTemplateNames.map((template) => {
    const rendered = renderNotification(template, templatePreviews[template] as never);
    const sms = prepareSms(rendered.sms);
    return { template, subject: rendered.subject, sms: sms.text, segments: sms.segments, encoding: sms.encoding };
  });
  const columns: Column<Row>[] = [
    { key: 'template', header: 'Template', cell: (r) => <code className="text-xs">{r.template}</code> },
    { key: 'subject', header: 'Subject (sample data)', cell: (r) => <span className="font-medium">{r.subject}</span> },
    {
      key: 'sms',
      header: 'As a text',
      hideOnMobile: true,
      cell: (r) => (
        <span className="block max-w-md text-xs text-slate-600">
          {r.sms}
          <span className="mt-1 block text-slate-500">
            {r.segments} segment{r.segments === 1 ? '' : 's'}, {r.encoding}
          </span>
        </span>
      ),
    },
  ];
  return (
    <div className="space-y-6">
      <PageHeader
        title="Email templates"
        description={`Every message Bursar sends, shown with sample data. Email goes through ${emailTransport === 'resend' ? 'Resend' : 'the local mailbox (no RESEND_API_KEY)'}; texts through ${twilioConfig ? 'Twilio' : 'the local mailbox (no TWILIO_*)'}. Developers: npm run email:preview shows the same templates live.`}
        actions={<SendTestsForm attemptId={randomUUID()} email={admin.email} />}
      />
      <DataTable caption="Email templates" columns={columns} rows={rows} rowKey={(r) => r.template} testId="templates-table" empty={<AdminEmptyState title="No templates" />} />
    </div>
  );
}
