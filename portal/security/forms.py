"""The staff login forms (the portal's /dang-nhap/ and Django admin's): Django's, with a username length they check."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _


class UsernameLengthMixin:
    """Django's AuthenticationForm puts the User model's username length (150) on the field and its widget but
    validates nothing: a longer username went on to authenticate(), and django-axes saved the failed attempt with the
    whole username in a varchar(255) (a 500 on PostgreSQL). Checked here, it is a form error that keeps what was
    typed, and no attempt is made or recorded (no account can have such a username)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length, message=_(
            "A username has at most %(limit_value)d characters (this one has %(show_value)d).")))


class StaffAuthenticationForm(UsernameLengthMixin, AuthenticationForm):
    pass


class AdminStaffAuthenticationForm(UsernameLengthMixin, AdminAuthenticationForm):
    pass
