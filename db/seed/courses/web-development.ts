import type { SeedCourse } from '../types';
import { paragraphs as p } from './paragraphs';

const category = 'Web Development';

export const webDevelopmentCourses: SeedCourse[] = [
  {
    slug: 'typescript-for-javascript-developers',
    title: 'TypeScript for JavaScript Developers',
    summary: 'Add types to the JavaScript you already write, and let the compiler catch bugs before your users do.',
    description: p(
      'You know JavaScript. This course shows how TypeScript describes the code you already write, so the editor can finish your sentences and the compiler can refuse the bugs you would otherwise ship.',
      'We start from plain functions and objects, add annotations only where inference cannot help, and finish with the patterns that make large codebases pleasant: discriminated unions, narrowing, and types derived from data instead of written twice.',
      'Every lesson ends with a small refactor you can try on your own project the same afternoon.',
    ),
    level: 'beginner',
    category,
    instructor: 'Sam Whitfield',
    tier: 4900,
    lessons: [
      {
        title: 'Why types, and what they cost',
        minutes: 8,
        preview: true,
        body: p(
          'A type is a promise about a value: this is a string, this object always has an id. TypeScript checks those promises while you type, long before the code runs. The cost is a build step and some annotations; the payoff is that renames, refactors and API changes become safe instead of scary.',
          'TypeScript is erased at runtime. Nothing you write as a type exists in the JavaScript that ships, which is why validation of outside data (forms, HTTP bodies) still needs a runtime check.',
        ),
      },
      {
        title: 'Inference first, annotations second',
        minutes: 11,
        preview: true,
        body: p(
          'Most types should be inferred. `const total = price * quantity` is already a number; writing `: number` adds noise. Annotate function parameters and public return types, where a type documents a contract, and let inference handle local variables.',
          'Hover over a value in your editor to see what TypeScript inferred. If the inferred type is wider than you meant, say `string` instead of `"usd" | "eur"`, that is the moment to add `as const` or an explicit type.',
        ),
      },
      {
        title: 'Unions and narrowing',
        minutes: 14,
        body: p(
          'A union type says a value is one of several shapes: `string | null`, or `{ status: "paid" } | { status: "failed"; reason: string }`. Before you use it, you narrow it with an ordinary check: `if (value === null) return`, `typeof`, `in`, or a comparison on a shared tag field.',
          'Tagged unions turn impossible states into compile errors. A payment that has a failure reason only when it failed cannot be written down wrong, and a `switch` over the tag with an exhaustive `never` check tells you every place to update when a new status appears.',
        ),
      },
      {
        title: 'Generics without the fear',
        minutes: 12,
        body: p(
          'A generic is a type parameter: a function that works for any element type while keeping the link between input and output. `function first<T>(items: T[]): T | undefined` returns the same type it was given, which `any` would lose.',
          'Reach for generics when two positions in a signature must agree. If only one position uses the parameter, you probably want a plain union or `unknown` instead.',
        ),
      },
      {
        title: 'Types from data: as const, typeof and keyof',
        minutes: 10,
        body: p(
          'Write a list once and derive its type: `const levels = ["beginner", "advanced"] as const; type Level = (typeof levels)[number]`. The runtime array and the compile-time union can never drift apart.',
          'The same trick works with schema libraries such as zod: define the schema, infer the type, and validate at the boundary with the very same object.',
        ),
      },
      {
        title: 'Strict mode and migrating a real project',
        minutes: 15,
        body: p(
          'Turn on `strict` from day one in new code. In an existing project, rename files one at a time, start with the leaves of the import graph, and accept `unknown` over `any` where you are not yet sure.',
          '`noUncheckedIndexedAccess` is worth the friction: it reminds you that `items[0]` may be undefined, which is exactly the bug that reaches production on an empty list.',
        ),
      },
    ],
  },
  {
    slug: 'react-server-components-in-practice',
    title: 'React Server Components in Practice',
    summary: 'Fetch on the server, ship less JavaScript, and know exactly where the client boundary goes.',
    description: p(
      'Server Components change where your React code runs. This course builds a small storefront with the App Router and explains each decision: which components stay on the server, where "use client" belongs, and how data flows between the two.',
      'You will learn to stream slow parts of a page, mutate data with server actions that validate their input, and keep secrets and database access on the server where they belong.',
    ),
    level: 'intermediate',
    category,
    instructor: 'Elena Petrova',
    tier: 7900,
    lessons: [
      {
        title: 'Two kinds of components',
        minutes: 12,
        preview: true,
        body: p(
          'A Server Component runs once, on the server, and sends rendered output to the browser. It can be async, read a database directly, and it adds nothing to the JavaScript bundle. A Client Component runs in the browser too, so it can hold state and handle clicks.',
          'The default in the App Router is server. You opt a file into the client with "use client" at the top, and everything it imports becomes client code as well, so put that directive as low in the tree as you can.',
        ),
      },
      {
        title: 'Data fetching where the data lives',
        minutes: 14,
        preview: true,
        body: p(
          'In a Server Component you await your data: `const course = await findCourseBySlug(db, slug)`. No effect, no loading flag, no API route in between. Keep those reads in a data layer of small functions so pages stay readable and tests can call the same code.',
          'Pass plain, serialisable props to Client Components: strings, numbers, arrays and objects. Dates, class instances and functions do not cross the boundary unchanged.',
        ),
      },
      {
        title: 'Streaming with Suspense',
        minutes: 11,
        body: p(
          'Wrap a slow part of the page in `<Suspense fallback={…}>` and the rest of the page is sent immediately. The slow part streams in when its data resolves, in the same response.',
          'A `loading.tsx` file gives a whole route segment a fallback. Place boundaries where a user can already do something useful with what has arrived.',
        ),
      },
      {
        title: 'Server actions and validation',
        minutes: 16,
        body: p(
          'A server action is a function marked "use server" that a form can call. It is also a public HTTP endpoint: anyone can call it with any payload. Validate every input with a schema, check who the user is, and return only what the interface needs.',
          'Form values arrive as strings. Coerce numbers explicitly and treat a parse failure as a user-facing error, not an exception.',
        ),
      },
      {
        title: 'Caching and revalidation',
        minutes: 13,
        body: p(
          'Decide per page whether it is static, revalidated on a timer, or dynamic per request. A catalog can be cached; an account page that shows a receipt must not be shared between users.',
          'After a mutation, revalidate the paths or tags whose data changed so the next render reads fresh data instead of a stale cached copy.',
        ),
      },
    ],
  },
  {
    slug: 'web-performance-measure-then-fix',
    title: 'Web Performance: Measure, Then Fix',
    summary: 'Find what actually makes your pages slow with Core Web Vitals, traces and budgets, then fix it in order.',
    description: p(
      'Performance work fails when it starts with guesses. This course starts with measurement: field data from real users, lab traces you can reproduce, and budgets that keep a fix from quietly regressing.',
      'We then work through the fixes that matter most often, in the order they usually pay off: the critical rendering path, images and fonts, JavaScript cost, and long tasks that block input.',
    ),
    level: 'advanced',
    category,
    instructor: 'Daniel Osei',
    tier: 7900,
    lessons: [
      {
        title: 'Core Web Vitals, precisely',
        minutes: 12,
        preview: true,
        body: p(
          'Largest Contentful Paint measures when the main content appears, Interaction to Next Paint measures how quickly the page responds to input, and Cumulative Layout Shift measures how much content jumps around. Each has a threshold at the 75th percentile of real visits.',
          'Lab tools are for diagnosis; field data is the score. A fast laptop on office Wi-Fi tells you little about a mid-range phone on a train.',
        ),
      },
      {
        title: 'Reading a performance trace',
        minutes: 18,
        body: p(
          'Record a trace with CPU throttling on. Read it top-down: network requests first, then the main thread. Long tasks over 50 ms are where input waits; the flame chart below them shows which functions are responsible.',
          'Annotate the trace with what the user saw at each moment. The question is never "what is slow" in general but "what delayed this particular paint".',
        ),
      },
      {
        title: 'Images and fonts',
        minutes: 14,
        body: p(
          'Give every image explicit dimensions so the browser reserves space, serve modern formats at the size actually displayed, and lazy-load what is below the fold. The LCP image is the exception: load it eagerly with high priority.',
          'Self-host fonts, subset them to the characters you use, and choose a `font-display` strategy deliberately. A font that swaps late can cause both a slow LCP and a layout shift.',
        ),
      },
      {
        title: 'JavaScript cost and long tasks',
        minutes: 16,
        body: p(
          'Every kilobyte of JavaScript is downloaded, parsed, compiled and executed, and on slow phones execution dominates. Remove what you do not need, split what is needed later, and render on the server what never needs to be interactive.',
          'Break long work into chunks and yield to the main thread between them so clicks and key presses are handled promptly.',
        ),
      },
      {
        title: 'Budgets that hold',
        minutes: 9,
        body: p(
          'A budget is a number checked in CI: total JavaScript per route, LCP in a lab run, image weight. When a change breaks it, the build says so in the pull request, where the fix is cheapest.',
          'Keep budgets few and tied to user experience. Ten budgets nobody reads protect nothing.',
        ),
      },
    ],
  },
];
