import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth/guards';
import { DeleteAccountForm, NameForm } from './profile-forms';

export const metadata: Metadata = { title: 'Profile' };

export default async function ProfilePage() {
  const user = await requireUser('/account/profile');
  return (
    <div className="max-w-2xl space-y-6">
      <h1 className="text-2xl font-bold tracking-tight">Profile</h1>
      <NameForm name={user.name} email={user.email} />
      <DeleteAccountForm />
    </div>
  );
}
