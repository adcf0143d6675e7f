import { Button, Heading, Link, Text } from '@react-email/components';
import type { ReactNode } from 'react';

export function EmailHeading({ children }: { children: ReactNode }) {
  return (
    <Heading as="h1" style={{ fontSize: '22px', margin: '0 0 12px', color: '#0f172a' }}>
      {children}
    </Heading>
  );
}

export function PrimaryButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Button
      href={href}
      style={{ backgroundColor: '#1f57d6', color: '#ffffff', padding: '12px 20px', borderRadius: '8px', fontWeight: 600 }}
    >
      {children}
    </Button>
  );
}

/** A quiet line with a visible URL: many clients block buttons, and a printed link still works. */
export function LinkLine({ label, href }: { label: string; href: string }) {
  return (
    <Text style={{ color: '#64748b', fontSize: '13px' }}>
      {label} <Link href={href}>{href}</Link>
    </Text>
  );
}

export function SmallPrint({ children }: { children: ReactNode }) {
  return <Text style={{ color: '#64748b', fontSize: '13px' }}>{children}</Text>;
}
