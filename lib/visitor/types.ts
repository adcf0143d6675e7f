// What GET /api/visitor answers: the parts of the storefront that depend on who is looking.
// Shared by the route (lib/visitor/describe.ts) and the client holes (components/visitor/).

/** A failed renewal, ready to show (dates and amounts formatted on the server, in UTC). */
export type VisitorPastDue = {
  plan: string;
  /** Access continues until then (grace period); null when access is paused. */
  graceEndsAt: string | null;
  graceEndsLabel: string | null;
  /** "Pay the invoice" link (Stripe's hosted invoice, https only) and what it asks for. */
  payUrl: string | null;
  amountDue: string | null;
};

/** The caller's access to the course named by `?course=`. */
export type VisitorCourse = {
  slug: string;
  /** owned: bought or granted; all-access: through the subscription; none: Buy. */
  access: 'owned' | 'all-access' | 'none';
  /** Any lesson completed ("Continue learning" rather than "Start the course"). */
  started: boolean;
  /** An earlier purchase was refunded, so access ended. */
  refunded: boolean;
};

export type Visitor =
  | { signedIn: false }
  | {
      signedIn: true;
      email: string;
      name: string | null;
      isAdmin: boolean;
      /** Any subscription gives All-Access now (pricing shows "manage it"). */
      allAccess: boolean;
      pastDue: VisitorPastDue | null;
      /** Only when asked with `?course=<slug>` for a course that exists. */
      course: VisitorCourse | null;
    };

export const VISITOR_PATH = '/api/visitor';
