import { buttonClass } from '@/components/ui/button';
import { courseLevels, levelLabel } from '@/lib/catalog/search-params';

type Props = { q?: string; category?: string; level?: string; categories: string[] };

/** A plain GET form: filters live in the URL, work without JavaScript and can be shared. */
export function CatalogFilters({ q, category, level, categories }: Props) {
  return (
    <form role="search" action="/" className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:flex-row sm:items-end">
      <div className="flex-1">
        <label htmlFor="q" className="block text-xs font-medium text-slate-600">
          Search courses
        </label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={q}
          maxLength={100}
          placeholder="e.g. TypeScript, pricing, SQL"
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
      </div>
      <div>
        <label htmlFor="category" className="block text-xs font-medium text-slate-600">
          Category
        </label>
        <select id="category" name="category" defaultValue={category ?? ''} className="mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm sm:w-48">
          <option value="">All categories</option>
          {categories.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="level" className="block text-xs font-medium text-slate-600">
          Level
        </label>
        <select id="level" name="level" defaultValue={level ?? ''} className="mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm sm:w-40">
          <option value="">All levels</option>
          {courseLevels.map((value) => (
            <option key={value} value={value}>
              {levelLabel(value)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={buttonClass('primary')}>
        Apply
      </button>
    </form>
  );
}
