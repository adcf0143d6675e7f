import type { SeedCourse } from '../types';
import { paragraphs as p } from './paragraphs';

const category = 'Business & Product';

export const businessProductCourses: SeedCourse[] = [
  {
    slug: 'product-discovery-without-the-theater',
    title: 'Product Discovery Without the Theater',
    summary: 'Learn what customers need with interviews and small experiments, before you build the wrong thing well.',
    description: p(
      'Discovery is how a team decides what is worth building. Done as theatre it produces personas nobody reads; done well it produces a steady stream of evidence that changes the roadmap.',
      'This course covers customer interviews that avoid leading questions, opportunity mapping, and cheap experiments that test the riskiest assumption first.',
    ),
    level: 'beginner',
    category,
    instructor: 'Priya Raman',
    tier: 4900,
    lessons: [
      {
        title: 'Outcomes, not features',
        minutes: 9,
        preview: true,
        body: p(
          'Start from an outcome the business cares about, such as more learners finishing a course, and treat features as bets on reaching it. A feature request is a clue about a problem, not a specification.',
          'When the outcome is clear, the team can compare very different ideas on the same scale.',
        ),
      },
      {
        title: 'Interviews that reveal behaviour',
        minutes: 14,
        preview: true,
        body: p(
          'Ask about specific past events: "Tell me about the last time you tried to learn something new for work." Past behaviour is evidence; opinions about a hypothetical product are not.',
          'Listen for workarounds, money and time already spent, and emotion. Those mark problems worth solving.',
        ),
      },
      {
        title: 'Mapping opportunities',
        minutes: 11,
        body: p(
          'Group what you hear into opportunities: unmet needs and pain points, arranged under the outcome they affect. Choose one opportunity at a time and generate several solutions for it.',
          'The map makes trade-offs visible to stakeholders and keeps the team from jumping to the first idea.',
        ),
      },
      {
        title: 'Testing assumptions cheaply',
        minutes: 13,
        body: p(
          'List the assumptions a solution depends on (people want it, can use it, we can build it, it pays) and test the riskiest first. A landing page, a concierge version or a clickable prototype often answers in days what a build answers in months.',
          'Decide in advance what result would change your mind.',
        ),
      },
    ],
  },
  {
    slug: 'pricing-your-software',
    title: 'Pricing Your Software',
    summary: 'Set prices from value, design plans that grow with customers, and run price changes without drama.',
    description: p(
      'Pricing is the fastest lever on revenue and the one teams touch least. This course explains value-based pricing, packaging into plans, one-time versus subscription, and pricing in several currencies.',
      'You will finish with a pricing page draft, a plan for testing it, and a checklist for changing prices for existing customers fairly.',
    ),
    level: 'intermediate',
    category,
    instructor: 'Tomás Ferreira',
    tier: 7900,
    lessons: [
      {
        title: 'Value, cost and competition',
        minutes: 12,
        preview: true,
        body: p(
          'Cost sets the floor and competitors shape expectations, but value to the customer sets the ceiling. Estimate value in the customer\u2019s terms: hours saved, revenue gained, risk avoided.',
          'Interview customers about willingness to pay with ranges and trade-offs, not with "would you pay X?".',
        ),
      },
      {
        title: 'Packaging and plans',
        minutes: 14,
        body: p(
          'Plans should differ by something customers care about and that grows with their value: seats, usage, or advanced capabilities. Three plans with a clear recommended one are easier to choose from than five.',
          'A subscription that unlocks everything suits customers who learn continuously; a one-time purchase suits people with a single goal. Offering both serves both.',
        ),
      },
      {
        title: 'Pricing in many currencies',
        minutes: 10,
        body: p(
          'Set a deliberate price per currency rather than converting at today\u2019s rate: customers expect round, local prices. Remember that some currencies, such as the Japanese yen, have no minor unit, so ¥4,800 is stored as 4800, not 480000.',
          'Revisit local prices when exchange rates move a lot, and never change them silently for existing subscribers.',
        ),
      },
      {
        title: 'Changing prices fairly',
        minutes: 11,
        body: p(
          'Grandfather existing customers for a period, announce changes well ahead, and explain what they get for the new price. Create new prices instead of editing old ones, so every past invoice still matches what was charged.',
          'Measure the change on new customers first, then decide whether and when to migrate existing ones.',
        ),
      },
    ],
  },
  {
    slug: 'metrics-that-matter',
    title: 'Metrics That Matter',
    summary: 'Pick a handful of product metrics that drive decisions, and define them so nobody argues about the numbers.',
    description: p(
      'Dashboards full of numbers rarely change what a team does. This course helps you choose a small set of metrics tied to outcomes, define each precisely, and review them in a way that leads to action.',
      'It is still being recorded, so it is a draft and not yet in the catalog.',
    ),
    level: 'advanced',
    category,
    instructor: 'Hannah Okafor',
    status: 'draft',
    tier: 4900,
    lessons: [
      {
        title: 'From outcomes to metrics',
        minutes: 10,
        preview: true,
        body: p(
          'For each outcome, pick one metric that moves when the outcome improves and that the team can influence within weeks. Pair it with a counter-metric that catches gaming, such as refunds alongside sales.',
          'Write the definition down: numerator, denominator, time window and exclusions.',
        ),
      },
      {
        title: 'Cohorts and retention',
        minutes: 15,
        body: p(
          'Averages mix old and new customers. Group users by the week they started and follow each group over time; improvements show up as newer cohorts retaining better than older ones.',
          'Decide what "active" means for your product before you draw the curve.',
        ),
      },
      {
        title: 'Reviews that lead to decisions',
        minutes: 9,
        body: p(
          'Review metrics on a fixed cadence with the people who can act. For every movement ask whether it is real, why it happened, and what you will do differently.',
          'Record the decisions next to the numbers, so next month starts from what was learned.',
        ),
      },
      {
        title: 'Trustworthy numbers',
        minutes: 12,
        body: p(
          'Reconcile product metrics against a source of truth, such as payments against the payment processor, on a schedule. Investigate every unexplained difference, however small.',
          'A metric people trust is worth more than three they argue about.',
        ),
      },
    ],
  },
];
