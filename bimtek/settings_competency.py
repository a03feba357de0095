"""Competency-development record settings (competency app), read by bimtek.settings."""

import environ

env = environ.Env()

# JP of competency development a civil servant (ASN) owes a year: 20 under
# PP 17/2020 art. 203; an agency with a higher target sets it here.
COMPETENCY_YEARLY_TARGET_JP = env.int("COMPETENCY_YEARLY_TARGET_JP", default=20)
