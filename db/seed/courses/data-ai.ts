import type { SeedCourse } from '../types';
import { paragraphs as p } from './paragraphs';

const category = 'Data & AI';

export const dataAiCourses: SeedCourse[] = [
  {
    slug: 'sql-for-analysts',
    title: 'SQL for Analysts',
    summary: 'Answer real business questions with SELECT, JOIN and GROUP BY, and trust the numbers you report.',
    description: p(
      'Spreadsheets stop scaling long before questions do. This course teaches the SQL an analyst uses every week, on a realistic orders database, with an emphasis on getting the right answer rather than just an answer.',
      'You will learn to filter and aggregate, join tables without duplicating rows, handle NULL correctly, and use window functions for running totals and rankings.',
    ),
    level: 'beginner',
    category,
    instructor: 'Marta Lindqvist',
    tier: 2900,
    lessons: [
      {
        title: 'Tables, rows and your first SELECT',
        minutes: 9,
        preview: true,
        body: p(
          'A table is a set of rows with the same columns. `SELECT title, price FROM courses WHERE price > 4000 ORDER BY title` reads: from this table, keep the rows matching the condition, return these columns, in this order.',
          'SQL describes the result you want, not the steps to get it. The database decides how to find the rows, which is why the same query can be fast on one table and slow on another.',
        ),
      },
      {
        title: 'Aggregates and GROUP BY',
        minutes: 13,
        preview: true,
        body: p(
          '`COUNT`, `SUM`, `AVG`, `MIN` and `MAX` collapse many rows into one value. With `GROUP BY category`, they collapse each category separately, giving one row per group.',
          'Every column in the SELECT list must either be in the GROUP BY or be inside an aggregate. Filter rows before grouping with WHERE, and filter groups after with HAVING.',
        ),
      },
      {
        title: 'Joins without double counting',
        minutes: 15,
        body: p(
          'An inner join keeps pairs of rows that match; a left join keeps every row from the left table and fills the right side with NULL when nothing matches. Use a left join when "no match" is itself an answer, such as customers with no orders.',
          'Joining a one-to-many relationship multiplies rows. Summing order totals after joining order lines counts each order once per line. Aggregate first in a subquery, then join.',
        ),
      },
      {
        title: 'NULL, the value that is not one',
        minutes: 8,
        body: p(
          'NULL means unknown. `NULL = NULL` is not true, so use `IS NULL`. Aggregates skip NULLs, so `AVG(discount)` averages only rows that have a discount, which may not be what you want to report.',
          'Use `COALESCE(discount, 0)` when unknown really means zero, and say so in your report.',
        ),
      },
      {
        title: 'Window functions',
        minutes: 16,
        body: p(
          'A window function computes across related rows without collapsing them. `SUM(amount) OVER (ORDER BY day)` gives a running total; `RANK() OVER (PARTITION BY category ORDER BY revenue DESC)` ranks courses within each category.',
          'They answer the questions that otherwise need self-joins: previous value with `LAG`, share of total, top N per group.',
        ),
      },
    ],
  },
  {
    slug: 'practical-machine-learning-with-python',
    title: 'Practical Machine Learning with Python',
    summary: 'Go from a CSV to a model you can evaluate honestly and explain to the people who will use it.',
    description: p(
      'Most machine learning projects fail at the edges: leaky validation, the wrong metric, a model nobody trusts. This course walks through a complete project with pandas and scikit-learn and spends real time on those edges.',
      'You will frame a problem, build a baseline, engineer features, tune a gradient-boosted model, and write the short evaluation report that gets a model shipped.',
    ),
    level: 'intermediate',
    category,
    instructor: 'Kenji Watanabe',
    tier: 9900,
    lessons: [
      {
        title: 'Framing the problem and the baseline',
        minutes: 12,
        preview: true,
        body: p(
          'Before any model, write down the decision it will support, the metric that reflects that decision, and what happens today without a model. That last one is your baseline, and it is often surprisingly strong.',
          'A model that predicts churn is only useful if someone will act on the prediction in time. Frame the target and the prediction window around that action.',
        ),
      },
      {
        title: 'Splitting data without leaking the future',
        minutes: 14,
        body: p(
          'Random splits leak information when rows are related in time or by customer. If the model will predict next month from this month, validate it the same way: train on the past, test on a later period.',
          'Fit every preprocessing step, such as scaling or imputation, on the training data only. A scikit-learn Pipeline makes that the default instead of a discipline.',
        ),
      },
      {
        title: 'Features that carry signal',
        minutes: 15,
        body: p(
          'Good features encode what a domain expert would look at: recency and frequency of activity, ratios instead of raw counts, time since the last event. Start simple and measure each addition against the validation set.',
          'Categorical values with many levels can be target-encoded, but only inside the cross-validation folds, or the encoding memorises the answer.',
        ),
      },
      {
        title: 'Gradient boosting and tuning',
        minutes: 17,
        body: p(
          'Gradient-boosted trees are a strong default for tabular data. Tune the learning rate and number of trees together with early stopping, then tree depth, then regularisation.',
          'Search a few well-chosen values rather than a huge grid. Beyond a point, the gain on the validation set is noise you are fitting.',
        ),
      },
      {
        title: 'Evaluation people can act on',
        minutes: 13,
        body: p(
          'Report the metric against the baseline, a confusion matrix at the threshold you recommend, and the cost of each kind of error in business terms. Show calibration if people will read the scores as probabilities.',
          'Finish with what could make the model wrong next quarter: data that may drift, segments with little data, and how you will monitor it.',
        ),
      },
      {
        title: 'Explaining predictions',
        minutes: 11,
        body: p(
          'Global importance tells you what the model relies on overall; per-prediction explanations tell a user why this customer was flagged. Both are approximations: present them as evidence, not proof.',
          'If an explanation surprises a domain expert, investigate. It is often the quickest way to find a leak or a data bug.',
        ),
      },
    ],
  },
  {
    slug: 'building-llm-features-you-can-evaluate',
    title: 'Building LLM Features You Can Evaluate',
    summary: 'Ship language-model features with test sets, graders and guardrails instead of vibes.',
    description: p(
      'Language models make impressive demos and unpredictable products. This course treats an LLM feature like any other component: specified behaviour, a test set, automated evaluation and monitoring.',
      'It is offered by invitation to teams in our pilot program, which is why it does not appear in the public catalog.',
    ),
    level: 'advanced',
    category,
    instructor: 'Amara Nwosu',
    status: 'unlisted',
    tier: 9900,
    lessons: [
      {
        title: 'Specify before you prompt',
        minutes: 10,
        preview: true,
        body: p(
          'Write down what a good answer looks like for ten real inputs before writing a prompt. Those examples become your first test set and stop the prompt from being tuned to whatever the last try produced.',
          'Include inputs where the right behaviour is to refuse or to ask a clarifying question.',
        ),
      },
      {
        title: 'Building an evaluation set',
        minutes: 15,
        body: p(
          'Collect inputs from real usage, label the expected outcome, and keep the set versioned next to the code. Cover the common cases proportionally and the risky cases deliberately.',
          'A few hundred well-chosen examples beat thousands of synthetic ones that all look alike.',
        ),
      },
      {
        title: 'Graders: exact, heuristic and model-based',
        minutes: 14,
        body: p(
          'Prefer exact checks where the output is structured: valid JSON, the right category, a number within range. Use heuristics for style constraints, and a model-based grader only for qualities that need judgment, validated against human labels.',
          'Track scores per category of input so a regression in one area is not hidden by an average.',
        ),
      },
      {
        title: 'Guardrails and monitoring',
        minutes: 12,
        body: p(
          'Validate outputs before they reach users, with a fallback when validation fails. Log inputs, outputs and grader scores in production, with consent and redaction, and sample them into the evaluation set.',
          'Alert on changes in refusal rate, output length and validation failures; they move before users complain.',
        ),
      },
    ],
  },
];
