"""The drill's own bookkeeping (bench/drill.py runs minutes against real services, so not in the suite): it counts
e-mails per tracking code from what Django's file backend writes, bounds its outage, and reads its arguments."""

from django.core.mail import EmailMessage, get_connection

from bench import drill


def test_mail_is_counted_per_tracking_code_from_the_file_backend(tmp_path):
    connection = get_connection("django.core.mail.backends.filebased.EmailBackend", file_path=str(tmp_path))
    messages = [EmailMessage(subject=f"Đơn {code} của ông/bà đã được tiếp nhận", body="Nội dung có dấu tiếng Việt.",
                             to=["a@example.vn"], connection=connection)
                for code in ("PN17-2026-000001", "PN17-2026-000002", "PN17-2026-000002")]
    connection.send_messages(messages)
    counted = drill.mail_codes(tmp_path)
    assert counted == {"PN17-2026-000001": 1, "PN17-2026-000002": 2}


def test_quick_mode_arguments_and_percentiles():
    args = drill.parse_args(["--duration", "20"])
    assert args.duration == 20 and args.pg_port == 5440 and args.redis_port == 6390
    assert args.pg_port != 5432 and args.redis_port != 6379  # never the machine's shared services
    assert drill.percentile([], 0.5) == 0.0
    assert drill.percentile([0.1, 0.2, 0.3, 0.4], 0.5) in (0.2, 0.3)
