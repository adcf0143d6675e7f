import { Button, Heading, Link, Text } from '@react-email/components';
import { EmailLayout } from './components/email-layout';
import type { WithSeller } from './components/seller';

export type SignInLinkEmailProps = { url: string; host: string; expiresInHours: number };

export function SignInLinkEmail({ url, host, expiresInHours, seller }: SignInLinkEmailProps & WithSeller) {
  return (
    <EmailLayout seller={seller} preview={`Your sign-in link for ${host}`}>
      <Heading as="h1" style={{ fontSize: '22px', margin: '0 0 12px' }}>
        Sign in to Bursar
      </Heading>
      <Text>Click the button below to sign in. The link works once and expires in {expiresInHours} hours.</Text>
      <Button
        href={url}
        style={{ backgroundColor: '#1f57d6', color: '#ffffff', padding: '12px 20px', borderRadius: '8px', fontWeight: 600 }}
      >
        Sign in
      </Button>
      <Text style={{ color: '#64748b', fontSize: '13px' }}>
        Or paste this link into your browser: <Link href={url}>{url}</Link>
      </Text>
      <Text style={{ color: '#64748b', fontSize: '13px' }}>
        If you did not ask to sign in to {host}, you can ignore this email.
      </Text>
    </EmailLayout>
  );
}

SignInLinkEmail.PreviewProps = { url: 'http://localhost:3000/api/auth/callback/email?token=demo', host: 'localhost:3000', expiresInHours: 24 } satisfies SignInLinkEmailProps;

export default SignInLinkEmail;
