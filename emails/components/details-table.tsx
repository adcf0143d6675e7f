import { Column, Row, Section, Text } from '@react-email/components';

export type DetailRow = { label: string; value: string | null | undefined };

const labelStyle = { color: '#64748b', fontSize: '14px', margin: '4px 0' };
const valueStyle = { color: '#0f172a', fontSize: '14px', fontWeight: 600, margin: '4px 0', textAlign: 'right' as const };

/** Label/value lines (amount, date, method, receipt number); rows without a value are left out. */
export function DetailsTable({ rows }: { rows: DetailRow[] }) {
  return (
    <Section style={{ backgroundColor: '#f8fafc', borderRadius: '8px', padding: '12px 16px', margin: '16px 0' }}>
      {rows
        .filter((row) => row.value)
        .map((row) => (
          <Row key={row.label}>
            <Column>
              <Text style={labelStyle}>{row.label}</Text>
            </Column>
            <Column>
              <Text style={valueStyle}>{row.value}</Text>
            </Column>
          </Row>
        ))}
    </Section>
  );
}
