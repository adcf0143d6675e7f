"""A client written for another SDK: Stripe's official Python library against the sandbox.

customer -> PaymentIntent (confirmed, booleans sent as Python's True/False, a shipping
address) -> refund -> the events they produced. Prints one JSON line with what it saw;
exits non-zero on the first thing that is not as Stripe would answer.

    SANDBOX_URL=http://127.0.0.1:12111 python3 packages/stripe-sandbox/test/python/smoke.py
"""
import json
import os
import sys

import stripe

stripe.api_key = "sk_test_python_smoke"
stripe.api_base = os.environ.get("SANDBOX_URL", "http://127.0.0.1:12111")
stripe.api_version = "2026-10-28.endive"
stripe.max_network_retries = 0


def check(cond, what):
    if not cond:
        print(json.dumps({"ok": False, "failed": what}))
        sys.exit(1)


customer = stripe.Customer.create(email="ada@example.com", name="Ada Lovelace", metadata={"source": "python"})
check(customer.id.startswith("cus_"), "customer id")

intent = stripe.PaymentIntent.create(
    amount=4800,
    currency="usd",
    customer=customer.id,
    payment_method="pm_card_visa",
    confirm=True,
    automatic_payment_methods={"enabled": True, "allow_redirects": "never"},
    shipping={"name": "Ada Lovelace", "address": {"line1": "1 Analytical Row", "city": "London", "country": "GB"}},
    metadata={"order": "py_1"},
)
check(intent.status == "succeeded", "payment intent succeeded, got %s" % intent.status)
check(intent.shipping.name == "Ada Lovelace", "shipping stored")

refund = stripe.Refund.create(payment_intent=intent.id, amount=1800)
check(refund.status == "succeeded" and refund.amount == 1800, "partial refund")

charge = stripe.Charge.retrieve(intent.latest_charge)
check(charge.amount_refunded == 1800 and charge.refunded is False, "charge shows the partial refund")

events = stripe.Event.list(limit=100)
types = [e.type for e in events.auto_paging_iter()]
for expected in ["customer.created", "payment_intent.created", "charge.succeeded", "payment_intent.succeeded", "charge.refunded", "refund.created"]:
    check(expected in types, "event %s" % expected)

try:
    stripe.PaymentIntent.create(amount=100, currency="usd", confirm="maybe")
    check(False, "an invalid boolean is refused")
except stripe.error.InvalidRequestError as e:
    check(e.param == "confirm", "invalid boolean names its parameter")

print(json.dumps({"ok": True, "customer": customer.id, "payment_intent": intent.id, "refund": refund.id, "events": len(types)}))
