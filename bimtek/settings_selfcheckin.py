"""Self check-in's settings (docs/selfcheckin.md), read by bimtek.settings."""

import environ

env = environ.Env()

# The key of the projector's rotating codes. Empty: derived from SECRET_KEY
# (with its own salt); set it to rotate the codes' key on its own.
SELF_CHECKIN_SECRET = env.str("SELF_CHECKIN_SECRET", default="")
# Attempts per minute: per signed-in account, and per client address (a hall
# on one Wi-Fi may share one address, hence the larger figure).
SELF_CHECKIN_RATE_ACCOUNT = env.int("SELF_CHECKIN_RATE_ACCOUNT", default=10)
SELF_CHECKIN_RATE_ADDRESS = env.int("SELF_CHECKIN_RATE_ADDRESS", default=600)
# How long a code scanned by someone not signed in stays good while they sign in.
SELF_CHECKIN_SIGN_IN_MINUTES = env.int("SELF_CHECKIN_SIGN_IN_MINUTES", default=10)

# What bimtek.settings takes with "import *".
__all__ = [name for name in dir() if name.isupper()]
