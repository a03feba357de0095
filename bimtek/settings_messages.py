"""Messages to registrants (outbox, broadcasts), read by bimtek.settings.

WhatsApp goes through the official Business Cloud API only when
WHATSAPP_PHONE_NUMBER_ID and WHATSAPP_ACCESS_TOKEN are set; otherwise the
organiser sends WhatsApp messages by hand from the wa.me list.
"""

import environ

env = environ.Env()

__all__ = [
    "BROADCAST_CONFIRM_ABOVE",
    "OUTBOX_BATCH_SIZE",
    "OUTBOX_BOUNCE_ADDRESS",
    "OUTBOX_CLAIM_SIZE",
    "OUTBOX_RETRY_ATTEMPTS",
    "OUTBOX_RETRY_MINUTES",
    "OUTBOX_STALE_MINUTES",
    "WHATSAPP_ACCESS_TOKEN",
    "WHATSAPP_API_URL",
    "WHATSAPP_APP_SECRET",
    "WHATSAPP_MAX_ATTEMPTS",
    "WHATSAPP_PHONE_NUMBER_ID",
    "WHATSAPP_RATE_PER_SECOND",
    "WHATSAPP_TEMPLATE",
    "WHATSAPP_TIMEOUT_SECONDS",
    "WHATSAPP_VERIFY_TOKEN",
]

# The Graph API's base (a local fake in the tests).
WHATSAPP_API_URL = env.str("WHATSAPP_API_URL", default="https://graph.facebook.com/v21.0")
WHATSAPP_PHONE_NUMBER_ID = env.str("WHATSAPP_PHONE_NUMBER_ID", default="")
WHATSAPP_ACCESS_TOKEN = env.str("WHATSAPP_ACCESS_TOKEN", default="")
# The app secret that signs the webhook's calls (X-Hub-Signature-256).
WHATSAPP_APP_SECRET = env.str("WHATSAPP_APP_SECRET", default="")
# What Meta sends back when the webhook is registered (hub.verify_token).
WHATSAPP_VERIFY_TOKEN = env.str("WHATSAPP_VERIFY_TOKEN", default="")
# The approved template: its body has one parameter, {{1}}, the message's text.
WHATSAPP_TEMPLATE = env.str("WHATSAPP_TEMPLATE", default="bimtek_pesan")
# Messages per second the worker sends at most (the API's throughput tier).
WHATSAPP_RATE_PER_SECOND = env.float("WHATSAPP_RATE_PER_SECOND", default=20.0)
WHATSAPP_MAX_ATTEMPTS = env.int("WHATSAPP_MAX_ATTEMPTS", default=4)
WHATSAPP_TIMEOUT_SECONDS = env.float("WHATSAPP_TIMEOUT_SECONDS", default=10.0)

# The mailbox the mail server's later bounces (delivery status notifications)
# arrive at, e.g. bounces@dinas.go.id with "+" as its recipient delimiter:
# each e-mail's envelope sender is then bounces+d<id>-<mac>@…, and that
# mailbox is piped to `manage.py outbox_bounce` (docs/messages.md). Empty: off.
OUTBOX_BOUNCE_ADDRESS = env.str("OUTBOX_BOUNCE_ADDRESS", default="")
# Deliveries per background task.
OUTBOX_BATCH_SIZE = env.int("OUTBOX_BATCH_SIZE", default=100)
# Deliveries a worker claims with one UPDATE before sending them one by one
# (each outcome recorded at once). Larger: fewer queries; a worker killed
# mid-chunk still leaves only the one in flight "interrupted".
OUTBOX_CLAIM_SIZE = env.int("OUTBOX_CLAIM_SIZE", default=50)
# A delivery a worker claimed this long ago and never finished is marked
# failed ("interrupted"), never sent again by itself: it may have gone out.
# One queued this long ago that no worker took is queued again by
# outbox_recover (at most once per this period: a backlog does not grow the
# task queue at every run).
OUTBOX_STALE_MINUTES = env.int("OUTBOX_STALE_MINUTES", default=15)
# An automatic e-mail (ticket, reminder, certificate…) that failed for a
# temporary reason (mail server unreachable, a 4xx answer) is tried again by
# itself: up to this many tries in all, waiting OUTBOX_RETRY_MINUTES, then
# twice as long each time. Never one that may have gone out ("interrupted").
OUTBOX_RETRY_ATTEMPTS = env.int("OUTBOX_RETRY_ATTEMPTS", default=4)
OUTBOX_RETRY_MINUTES = env.int("OUTBOX_RETRY_MINUTES", default=5)
# Sending to more recipients than this asks the organiser to confirm.
BROADCAST_CONFIRM_ABOVE = env.int("BROADCAST_CONFIRM_ABOVE", default=50)
