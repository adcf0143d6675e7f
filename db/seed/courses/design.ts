import type { SeedCourse } from '../types';
import { paragraphs as p } from './paragraphs';

const category = 'Design';

export const designCourses: SeedCourse[] = [
  {
    slug: 'design-systems-from-first-principles',
    title: 'Design Systems from First Principles',
    summary: 'Build tokens, components and documentation that teams actually adopt, and keep them in sync with code.',
    description: p(
      'A design system is a product whose users are your own designers and engineers. This course treats it that way: start from the inconsistencies that hurt today, define tokens, build a small set of components, and grow from adoption rather than ambition.',
      'You will leave with a token structure, a component API checklist, and a contribution process that keeps the system alive after launch.',
    ),
    level: 'intermediate',
    category,
    instructor: 'Lucía Moreno',
    tier: 7900,
    lessons: [
      {
        title: 'Audit before you build',
        minutes: 10,
        preview: true,
        body: p(
          'Screenshot every button, input and colour in your product and put them side by side. The audit shows where inconsistency costs time and where it confuses users, and it gives you the first priorities.',
          'Count variants. Forty shades of grey is an argument nobody can dismiss.',
        ),
      },
      {
        title: 'Design tokens',
        minutes: 13,
        preview: true,
        body: p(
          'Tokens name decisions: `color.text.muted`, `space.4`, `radius.card`. Use two layers: a palette of raw values, and semantic tokens that refer to them. Components use only semantic tokens, so a theme changes one mapping instead of every component.',
          'Store tokens in one source of truth and generate platform outputs, such as CSS variables, from it.',
        ),
      },
      {
        title: 'Component APIs',
        minutes: 15,
        body: p(
          'A good component has few props, named for intent (`variant="danger"`, not `red`), and accepts composition instead of growing a prop for every case. Accessibility belongs inside the component, so every use gets it for free.',
          'Write the usage guidance next to the component: when to use it, when not to, and what to use instead.',
        ),
      },
      {
        title: 'Adoption and governance',
        minutes: 12,
        body: p(
          'Ship the system into one product team first and fix what they trip over. Measure adoption by usage in code, not by pages of documentation.',
          'Define how contributions happen: who reviews, how a one-off becomes a pattern, and how breaking changes are announced and migrated.',
        ),
      },
    ],
  },
  {
    slug: 'typography-for-interfaces',
    title: 'Typography for Interfaces',
    summary: 'Choose, size and space type so screens are easy to read and easy to scan.',
    description: p(
      'Most interface text is read in fragments: labels, buttons, table cells, short paragraphs. This course covers the typography decisions that make those fragments legible on every screen.',
      'You will pick a typeface for a product, build a type scale, set line length and spacing, and learn the details that separate polished interfaces from almost-right ones.',
    ),
    level: 'beginner',
    category,
    instructor: 'Felix Brandt',
    tier: 2900,
    lessons: [
      {
        title: 'Choosing a typeface for a product',
        minutes: 9,
        preview: true,
        body: p(
          'Interface type needs clear letterforms at small sizes, distinct figures (1, l and I should not be confused), and enough weights for hierarchy. Test candidates with your real content, including numbers and prices.',
          'One well-made family is usually enough. Pairing fonts adds personality and maintenance in equal measure.',
        ),
      },
      {
        title: 'A type scale that works',
        minutes: 11,
        preview: true,
        body: p(
          'A scale is a small set of sizes, each with its own line height and weight. Five or six steps cover most products. Name them by role (body, label, title) so choices are made once.',
          'Use tabular figures in tables and prices so digits line up in columns.',
        ),
      },
      {
        title: 'Line length, leading and rhythm',
        minutes: 10,
        body: p(
          'Comfortable body text runs about 45 to 75 characters per line. Longer lines need more line height; short labels need less. Keep vertical spacing in multiples of one base unit so the page has a steady rhythm.',
          'Paragraph spacing should be clearly larger than line spacing, or paragraphs blur together.',
        ),
      },
      {
        title: 'Hierarchy without shouting',
        minutes: 8,
        body: p(
          'Use size, weight and colour one at a time before combining them. A heading that is larger, bolder, coloured and uppercase leaves nothing for the next level of importance.',
          'Check hierarchy by blurring the screen: the order you notice things in should match the order they matter.',
        ),
      },
    ],
  },
  {
    slug: 'accessible-by-design',
    title: 'Accessible by Design',
    summary: 'Design interfaces that work with keyboards, screen readers and low vision from the first sketch.',
    description: p(
      'Accessibility added at the end is expensive and partial. This course shows designers and engineers how to build it into decisions they already make: colour, layout, focus, content and motion.',
      'Each lesson maps to WCAG success criteria and ends with a checklist you can use in design review.',
    ),
    level: 'intermediate',
    category,
    instructor: 'Noor Haddad',
    tier: 4900,
    lessons: [
      {
        title: 'Who we design for',
        minutes: 8,
        preview: true,
        body: p(
          'Disability is often situational: a broken arm, bright sunlight, a noisy train. Designing for keyboard users, screen-reader users and people with low vision or cognitive load makes the product better for everyone in those situations.',
          'WCAG gives testable criteria. Level AA is the usual legal and practical target.',
        ),
      },
      {
        title: 'Colour and contrast',
        minutes: 10,
        body: p(
          'Body text needs a contrast ratio of at least 4.5:1 against its background, large text 3:1, and meaningful UI parts such as input borders 3:1. Never use colour alone to carry meaning: pair the red error state with an icon and a message.',
          'Check contrast for every state, including hover, disabled and focus.',
        ),
      },
      {
        title: 'Keyboard and focus',
        minutes: 13,
        body: p(
          'Everything clickable must be reachable and operable with the keyboard, in a logical order, with a clearly visible focus indicator. Use native buttons and links; they come with keyboard behaviour built in.',
          'When a dialog opens, move focus into it and return focus to the trigger when it closes.',
        ),
      },
      {
        title: 'Forms and error messages',
        minutes: 12,
        body: p(
          'Every input needs a visible label, not only a placeholder. Errors should say what went wrong and how to fix it, appear next to the field, and be announced to screen readers.',
          'Keep the user\u2019s input when a form fails validation. Making someone retype a card address is an accessibility failure too.',
        ),
      },
      {
        title: 'Testing with real assistive technology',
        minutes: 14,
        body: p(
          'Automated checkers find about a third of issues. Add a keyboard-only pass, a screen-reader pass with VoiceOver or NVDA, and a 200% zoom check to every release of a key flow.',
          'Best of all, pay disabled people to test your product, and fix what they find first.',
        ),
      },
    ],
  },
];
