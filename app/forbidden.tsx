import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';

export default function Forbidden() {
  return (
    <div className="mx-auto max-w-lg py-16 text-center">
      <p className="text-sm font-semibold text-red-600">403</p>
      <h1 className="mt-2 text-2xl font-bold">You do not have access to this page</h1>
      <p className="mt-2 text-slate-600">The admin dashboard is only for store administrators.</p>
      <Link href="/account" className={buttonClass('primary', 'mt-6')}>Go to my account</Link>
    </div>
  );
}
