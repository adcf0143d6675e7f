import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';

export default function CourseNotFound() {
  return (
    <div className="mx-auto max-w-lg py-16 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-bold">We could not find that course</h1>
      <p className="mt-2 text-slate-600">It may have been renamed or retired. The catalog has everything that is on sale.</p>
      <Link href="/" className={buttonClass('primary', 'mt-6')}>Browse courses</Link>
    </div>
  );
}
