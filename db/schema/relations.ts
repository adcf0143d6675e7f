import { relations } from 'drizzle-orm';
import { accounts, sessions, users } from './auth';
import { checkoutSessions, customers, payments } from './billing';
import { courses, lessons, plans, prices } from './catalog';
import { enrollments, lessonProgress } from './enrollments';
import { reconciliationItems, reconciliationRuns } from './reconciliation';
import { disputes, refunds } from './refunds';
import { invoices, paymentMethods, subscriptions } from './subscriptions';

// Relations only feed `db.query.*` (`with: { lessons: true }`); they create no SQL.

export const usersRelations = relations(users, ({ many, one }) => ({
  accounts: many(accounts),
  sessions: many(sessions),
  customer: one(customers),
  enrollments: many(enrollments),
  payments: many(payments),
  subscriptions: many(subscriptions),
}));
export const accountsRelations = relations(accounts, ({ one }) => ({
  user: one(users, { fields: [accounts.userId], references: [users.id] }),
}));
export const sessionsRelations = relations(sessions, ({ one }) => ({
  user: one(users, { fields: [sessions.userId], references: [users.id] }),
}));

export const coursesRelations = relations(courses, ({ many }) => ({
  lessons: many(lessons),
  prices: many(prices),
  enrollments: many(enrollments),
}));
export const lessonsRelations = relations(lessons, ({ one }) => ({
  course: one(courses, { fields: [lessons.courseId], references: [courses.id] }),
}));
export const plansRelations = relations(plans, ({ many }) => ({ prices: many(prices) }));
export const pricesRelations = relations(prices, ({ one }) => ({
  course: one(courses, { fields: [prices.courseId], references: [courses.id] }),
  plan: one(plans, { fields: [prices.planId], references: [plans.id] }),
}));

export const customersRelations = relations(customers, ({ one, many }) => ({
  user: one(users, { fields: [customers.userId], references: [users.id] }),
  paymentMethods: many(paymentMethods),
}));
export const checkoutSessionsRelations = relations(checkoutSessions, ({ one }) => ({
  user: one(users, { fields: [checkoutSessions.userId], references: [users.id] }),
  price: one(prices, { fields: [checkoutSessions.priceId], references: [prices.id] }),
}));
export const paymentsRelations = relations(payments, ({ one, many }) => ({
  user: one(users, { fields: [payments.userId], references: [users.id] }),
  customer: one(customers, { fields: [payments.customerId], references: [customers.id] }),
  course: one(courses, { fields: [payments.courseId], references: [courses.id] }),
  refunds: many(refunds),
  disputes: many(disputes),
}));
export const refundsRelations = relations(refunds, ({ one }) => ({
  payment: one(payments, { fields: [refunds.paymentId], references: [payments.id] }),
}));
export const disputesRelations = relations(disputes, ({ one }) => ({
  payment: one(payments, { fields: [disputes.paymentId], references: [payments.id] }),
}));
export const subscriptionsRelations = relations(subscriptions, ({ one, many }) => ({
  user: one(users, { fields: [subscriptions.userId], references: [users.id] }),
  customer: one(customers, { fields: [subscriptions.customerId], references: [customers.id] }),
  plan: one(plans, { fields: [subscriptions.planId], references: [plans.id] }),
  price: one(prices, { fields: [subscriptions.priceId], references: [prices.id] }),
  invoices: many(invoices),
}));
export const invoicesRelations = relations(invoices, ({ one }) => ({
  subscription: one(subscriptions, {
    fields: [invoices.subscriptionId],
    references: [subscriptions.id],
  }),
  user: one(users, { fields: [invoices.userId], references: [users.id] }),
}));
export const paymentMethodsRelations = relations(paymentMethods, ({ one }) => ({
  customer: one(customers, { fields: [paymentMethods.customerId], references: [customers.id] }),
}));

export const enrollmentsRelations = relations(enrollments, ({ one }) => ({
  user: one(users, { fields: [enrollments.userId], references: [users.id] }),
  course: one(courses, { fields: [enrollments.courseId], references: [courses.id] }),
}));
export const lessonProgressRelations = relations(lessonProgress, ({ one }) => ({
  lesson: one(lessons, { fields: [lessonProgress.lessonId], references: [lessons.id] }),
}));

export const reconciliationRunsRelations = relations(reconciliationRuns, ({ many }) => ({
  items: many(reconciliationItems),
}));
export const reconciliationItemsRelations = relations(reconciliationItems, ({ one }) => ({
  run: one(reconciliationRuns, {
    fields: [reconciliationItems.runId],
    references: [reconciliationRuns.id],
  }),
}));
