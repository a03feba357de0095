"""The accountability pack's settings (spj/, docs/spj.md), read by bimtek.settings."""

import environ

env = environ.Env()

# Fernet keys (urlsafe base64, 32 bytes) that encrypt speakers' NIK, NPWP and
# bank account at rest; the first encrypts, every one decrypts (rotation).
# Empty: a key derived from SECRET_KEY (changing SECRET_KEY then loses them).
SPJ_ENCRYPTION_KEYS = env.list("SPJ_ENCRYPTION_KEYS", default=[])

# PPh 21 withheld from an honorarium, in per cent of the gross (docs/spj.md
# cites the sources): PNS by golongan (PMK 262/PMK.05/2010, final), and people
# who are not PNS: 5 % (Pasal 17's first bracket) of 50 % of the gross, 20 %
# more without an NPWP (UU PPh Pasal 21 ayat 5a).
SPJ_PPH21_PNS_IV = env.str("SPJ_PPH21_PNS_IV", default="15")
SPJ_PPH21_PNS_III = env.str("SPJ_PPH21_PNS_III", default="5")
SPJ_PPH21_PNS_I_II = env.str("SPJ_PPH21_PNS_I_II", default="0")
SPJ_PPH21_NON_PNS_NPWP = env.str("SPJ_PPH21_NON_PNS_NPWP", default="2.5")
SPJ_PPH21_NON_PNS_NO_NPWP = env.str("SPJ_PPH21_NON_PNS_NO_NPWP", default="3")

# An uploaded Word template (.docx) may be at most this large.
SPJ_TEMPLATE_MAX_BYTES = env.int("SPJ_TEMPLATE_MAX_BYTES", default=2 * 1024 * 1024)

# The link a speaker gets to fill in their own data works this many days.
SPJ_DATA_REQUEST_DAYS = env.int("SPJ_DATA_REQUEST_DAYS", default=14)

# What bimtek.settings takes with "import *".
__all__ = [name for name in dir() if name.isupper()]
