import { Body, Container, Head, Hr, Html, Preview, Section, Text } from '@react-email/components';
import type { ReactNode } from 'react';
import { type EmailSeller, SellerFooter } from './seller';

const body = { backgroundColor: '#f8fafc', fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif' };
const card = { backgroundColor: '#ffffff', border: '1px solid #e2e8f0', borderRadius: '12px', padding: '32px', margin: '32px auto', maxWidth: '520px' };
const brand = { fontSize: '18px', fontWeight: 700, color: '#1f57d6', margin: '0 0 24px' };
const footer = { color: '#64748b', fontSize: '12px', lineHeight: '18px' };

/** The frame every Bursar email shares: preview text, brand line, card, footer. */
export function EmailLayout({ preview, children, seller }: { preview: string; children: ReactNode; seller?: EmailSeller | undefined }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{preview}</Preview>
      <Body style={body}>
        <Container style={card}>
          <Text style={brand}>Bursar</Text>
          <Section>{children}</Section>
          <Hr style={{ borderColor: '#e2e8f0', margin: '24px 0' }} />
          <SellerFooter seller={seller} />
          <Text style={footer}>Bursar — courses with billing you can trust.</Text>
        </Container>
      </Body>
    </Html>
  );
}
