import type { OutboxStatus } from '@/db/schema/enums';

export const outboxStatusLabels: Record<OutboxStatus, { label: string; tone: 'neutral' | 'brand' | 'success' | 'warning' | 'danger' }> = {
  pending: { label: 'Queued', tone: 'brand' },
  sending: { label: 'Sending', tone: 'brand' },
  sent: { label: 'Sent', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  canceled: { label: 'Not sent', tone: 'neutral' },
};

export const formatUtc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
