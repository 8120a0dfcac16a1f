from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # A new account speaks the language its owner signed up in.
        user.language = getattr(request, "LANGUAGE_CODE", user.language)
        return super().save_user(request, user, form, commit=commit)
