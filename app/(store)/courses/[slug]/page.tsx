import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { CourseCover } from '@/components/catalog/course-cover';
import { CurrencySwitcher } from '@/components/catalog/currency-switcher';
import { Badge } from '@/components/ui/badge';
import { formatMoney } from '@/lib/billing/money';
import { getCoursePage } from '@/lib/catalog/cached';
import { CHECKOUT_NOTICES } from '@/lib/catalog/checkout-intent';
import { resolveStoreCurrency, STORE_CURRENCIES } from '@/lib/catalog/currency';
import { levelLabel } from '@/lib/catalog/search-params';
import { PurchasePanel } from './purchase-panel';

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const loadCourse = getCoursePage;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const course = await loadCourse((await params).slug);
  return course ? { title: course.title, description: course.summary } : { title: 'Page not found' };
}

export default async function CoursePage({ params, searchParams }: Props) {
  const [{ slug }, query] = await Promise.all([params, searchParams]);
  const notice = typeof query.checkout === 'string' ? CHECKOUT_NOTICES[query.checkout] : undefined;
  const course = await loadCourse(slug);
  if (!course) notFound();
  const currency = await resolveStoreCurrency(query.currency);
  const oneTime = course.prices.filter((price) => price.type === 'one_time');
  const price = oneTime.find((p) => p.currency === currency);
  const totalMinutes = course.lessons.reduce((sum, lesson) => sum + (lesson.durationMinutes ?? 0), 0);

  const priceLabel = price ? formatMoney({ amount: price.unitAmount, currency: price.currency }) : 'Not available in this currency';
  const otherPrices = STORE_CURRENCIES.flatMap((code) => {
    const p = code === currency ? undefined : oneTime.find((entry) => entry.currency === code);
    return p ? [formatMoney({ amount: p.unitAmount, currency: code })] : [];
  });

  // One column on a phone: the title, then the price and Buy, then the rest. From lg up the
  // purchase box is a sticky column beside the text.
  return (
    <div className="grid gap-x-8 gap-y-6 lg:grid-cols-[1fr_320px]">
      <div className="space-y-6 lg:col-start-1">
        {notice ? (
          <p role="status" className="rounded-lg border border-slate-200 bg-white p-3 text-sm text-slate-700">
            {query.checkout === 'canceled' ? `${notice} The course is here whenever you are ready.` : notice}
          </p>
        ) : null}
        <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
          <Link href="/" className="hover:text-brand-600">Courses</Link> <span aria-hidden>/</span>{' '}
          <Link href={`/?category=${encodeURIComponent(course.category)}`} className="hover:text-brand-600">{course.category}</Link>
        </nav>
        <header>
          <CourseCover title={course.title} imageUrl={course.imageUrl} className="mb-5 max-h-72 rounded-xl" />
          <div className="mb-3 flex flex-wrap gap-2">
            <Badge tone="brand">{course.category}</Badge>
            <Badge>{levelLabel(course.level)}</Badge>
            {course.status === 'unlisted' ? <Badge tone="warning">Unlisted</Badge> : null}
          </div>
          <h1 className="text-3xl font-bold tracking-tight">{course.title}</h1>
          <p className="mt-2 text-lg text-slate-600">{course.summary}</p>
          {course.instructorName ? (
            <p className="mt-2 text-sm text-slate-600" data-testid="course-instructor">
              Taught by <span className="font-medium text-slate-800">{course.instructorName}</span>
            </p>
          ) : null}
          <p className="mt-2 text-sm text-slate-500">
            {course.lessons.length} lessons · {totalMinutes} minutes
          </p>
        </header>
      </div>
      <aside
        className="h-fit space-y-4 rounded-xl border border-slate-200 bg-white p-5 shadow-sm lg:sticky lg:top-6 lg:col-start-2 lg:row-span-2 lg:row-start-1"
        aria-label="Purchase"
      >
        <CurrencySwitcher current={currency} returnTo={`/courses/${course.slug}`} />
        <p className="text-sm text-slate-600">One-time purchase · yours to keep</p>
        <p className="-mt-3 text-3xl font-bold" data-testid="course-price">
          {priceLabel}
        </p>
        <PurchasePanel courseSlug={course.slug} currency={currency} canBuy={Boolean(price)} />
        {otherPrices.length ? (
          <dl className="border-t border-slate-200 pt-3 text-xs text-slate-500">
            <dt className="font-medium text-slate-600">Also priced in other currencies</dt>
            <dd className="mt-1 flex flex-wrap gap-x-3" data-testid="all-prices">
              {otherPrices.map((label) => (
                <span key={label}>{label}</span>
              ))}
            </dd>
          </dl>
        ) : null}
      </aside>
      <article className="space-y-6 lg:col-start-1">
        <section aria-labelledby="about" className="space-y-3">
          <h2 id="about" className="text-xl font-semibold">About this course</h2>
          {course.description.split(/\n{2,}/).map((paragraph, i) => (
            <p key={i} className="leading-relaxed text-slate-700">{paragraph}</p>
          ))}
        </section>
        <section aria-labelledby="curriculum">
          <h2 id="curriculum" className="text-xl font-semibold">Curriculum</h2>
          <p className="mt-1 text-sm text-slate-500">
            {course.lessons.length} lessons · {totalMinutes} minutes
          </p>
          <ol className="mt-3 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
            {course.lessons.map((lesson) => (
              <li key={lesson.id} className="flex items-center gap-3 px-4 py-3 text-sm">
                <span className="w-6 text-right tabular-nums text-slate-400">{lesson.position}</span>
                {lesson.isPreview ? (
                  <Link href={`/learn/${course.slug}/${lesson.position}`} className="flex-1 font-medium text-brand-700 hover:underline">{lesson.title}</Link>
                ) : (
                  <span className="flex-1 font-medium">{lesson.title}</span>
                )}
                {lesson.isPreview ? <Badge tone="success">Free preview</Badge> : null}
                <span className="tabular-nums text-slate-500">{lesson.durationMinutes} min</span>
              </li>
            ))}
          </ol>
        </section>
      </article>
    </div>
  );
}
