"""Permission matrix cells of the staff account pages: two-step verification (verify at login, set-up, backup codes,
account security, turning it off) and the password reset by e-mail.

The two-step pages are for staff accounts only (ward staff of any role and the ward's admin): signed-out visitors go
to the staff login page, residents get 403. In the matrix every persona's session has passed the login (leaders and
the admin their second factor too), so the verify page just sends staff on; what an unverified session may not do is
tested by `test_a_session_without_the_second_factor_is_refused` (test_permission_matrix.py) and test_two_factor.py.
The password reset pages are public and answer the same whether the address exists or not.
"""


def cells():
    from .test_permission_matrix import (
        ADMIN,
        ALLOW,
        FORBID,
        LOGIN,
        WARD_STAFF,
        Cell,
        const,
        everyone,
        only,
    )

    staff_accounts = [*WARD_STAFF, ADMIN]
    staff = only(ALLOW, staff_accounts, others=FORBID, signed_out=LOGIN)
    code = const(code="000000")
    return {
        "frontend:two-factor-verify": [Cell("GET", staff), Cell("POST", staff, body=code)],
        "frontend:two-factor-setup": [Cell("GET", staff), Cell("POST", staff, body=code)],
        "frontend:two-factor-backup-codes": [Cell("GET", staff), Cell("POST", staff)],
        "frontend:account-security": [Cell("GET", staff)],
        "frontend:two-factor-disable": [Cell("POST", staff)],
        "frontend:password-reset": [
            Cell("GET", everyone(ALLOW), public=True),
            Cell("POST", everyone(ALLOW), body=const(email="khong-ai-co@example.vn")),
        ],
        "frontend:password-reset-done": [Cell("GET", everyone(ALLOW), public=True)],
        "frontend:password-reset-confirm": [
            Cell("GET", everyone(ALLOW), kwargs=const(uidb64="MQ", token="sai-ma-dat-lai"), public=True)],
        "frontend:password-reset-complete": [Cell("GET", everyone(ALLOW), public=True)],
    }
