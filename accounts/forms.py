"""allauth's sign-up form, doing the same work for a taken address as for a
new one (the penetration test timed 0.06 s against 0.45 s: the new address
paid for hashing the password, so the answer's speed told whether an e-mail
address has an account)."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django.contrib.auth.hashers import make_password


class SignupForm(AllauthSignupForm):
    def try_save(self, request):
        if self.account_already_exists:
            # The new account's path hashes the password (set_password); this
            # one throws the hash away but pays for it the same.
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
