import type { ReactNode } from 'react';
import { AccountNav } from '@/components/account/account-nav';

export default function AccountLayout({ children }: { children: ReactNode }) {
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[200px_minmax(0,1fr)]">
      <AccountNav />
      <div className="min-w-0">{children}</div>
    </div>
  );
}
