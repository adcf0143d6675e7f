import { Text } from '@react-email/components';
import type { NotificationMessages } from '@/lib/notifications/messages';
import { DetailsTable } from './components/details-table';
import { EmailHeading, LinkLine, SmallPrint } from './components/email-parts';
import { EmailLayout } from './components/email-layout';
import { RefundPolicyNote, type WithSeller } from './components/seller';
import { formatEmailAmount, formatEmailDate, greeting } from './components/format';

export type RenewalReceiptEmailProps = NotificationMessages['renewal-receipt'];

export function RenewalReceiptEmail(props: RenewalReceiptEmailProps & WithSeller) {
  const amount = formatEmailAmount(props.amount, props.currency);
  return (
    <EmailLayout seller={props.seller} preview={`${props.planName} renewed: ${amount} paid`}>
      <EmailHeading>Your {props.planName} subscription renewed</EmailHeading>
      <Text>{greeting(props.learnerName)}</Text>
      <Text>Thanks for staying with us. Your payment of {amount} went through and your access continues.</Text>
      <DetailsTable
        rows={[
          { label: 'Plan', value: props.planName },
          { label: 'Amount paid', value: amount },
          { label: 'Date', value: formatEmailDate(props.paidAt) },
          { label: 'Payment method', value: props.paymentMethod },
          { label: 'Receipt number', value: props.receiptNumber },
          { label: 'Paid through', value: props.periodEnd ? formatEmailDate(props.periodEnd) : null },
        ]}
      />
      <LinkLine label="View this receipt in your account:" href={props.receiptUrl} />
      {props.invoiceUrl ? <LinkLine label="Invoice:" href={props.invoiceUrl} /> : null}
      {props.invoicePdfUrl ? <LinkLine label="Invoice PDF:" href={props.invoicePdfUrl} /> : null}
      <SmallPrint>You can change or cancel your subscription any time from your account.</SmallPrint>
      <RefundPolicyNote seller={props.seller} />
    </EmailLayout>
  );
}

RenewalReceiptEmail.PreviewProps = {
  learnerName: 'Léa Martin',
  planName: 'All-Access',
  amount: 29000,
  currency: 'eur',
  paymentMethod: 'Visa •••• 1881',
  receiptNumber: 'BRS-0F8N-L2DC',
  receiptUrl: 'http://localhost:3000/account/purchases/BRS-0F8N-L2DC',
  paidAt: '2026-11-27T06:00:00.000Z',
  periodEnd: '2027-11-27T06:00:00.000Z',
  invoiceUrl: 'http://localhost:12111/invoices/in_1QxYz2Example/hosted',
  invoicePdfUrl: 'http://localhost:12111/invoices/in_1QxYz2Example/pdf',
} satisfies RenewalReceiptEmailProps;

export default RenewalReceiptEmail;
