"""The due date of the open cases whose clock was paused after that due date had passed, replayed again: such a pause
keeps the missed due date now (portal.deadlines.clock), where it left the case without one, so that the case stopped
counting as overdue in the queue, the statistics, the deadline sweep and for the complainant's right to go to the
next level. Only Case.due_date changes, and only on cases paused now: their clock events, the facts the due date is
the replay of, are as they were. Reads the historical models (the policies and the calendar overrides as rows), so
that a later change of those models does not break it."""

from django.db import migrations

BATCH = 500
OPEN_STATES = ("accepted", "in_progress", "needs_info", "received", "reopened", "suspended")


class _Policy:
    """A DeadlinePolicy row as portal.deadlines.clock wants it (the model's period_for() is not in a migration's
    historical model)."""

    def __init__(self, row):
        for name in ("kind", "step", "ward_id", "period", "unit", "remote_area_period", "max_extensions",
                     "extension_period", "effective_from", "source"):
            setattr(self, name, getattr(row, name))

    def period_for(self, *, remote=False):
        return self.remote_area_period if remote and self.remote_area_period else self.period


def replay_paused_clocks(apps, schema_editor):
    from portal.deadlines import clock as pure
    from portal.deadlines.selectors import NoPolicy, _calendar_from_rows, policy_in_force

    Case = apps.get_model("cases", "Case")
    paused = list(Case.objects.filter(clock_state="paused", state__in=OPEN_STATES, due_date__isnull=True)
                  .order_by("pk").values_list("pk", flat=True))
    if not paused:
        return
    CaseClockEvent = apps.get_model("cases", "CaseClockEvent")
    CalendarOverride = apps.get_model("deadlines", "CalendarOverride")
    DeadlinePolicy = apps.get_model("deadlines", "DeadlinePolicy")
    policies = [_Policy(row) for row in DeadlinePolicy.objects.all()]
    overrides = list(CalendarOverride.objects.order_by("date", "pk")
                     .values_list("ward_id", "date", "is_working_day", "name"))
    city = tuple(row for row in overrides if row[0] is None)
    calendars = {}

    def calendar(ward_id):
        if ward_id not in calendars:
            calendars[ward_id] = _calendar_from_rows(city + tuple(row for row in overrides if row[0] == ward_id))
        return calendars[ward_id]

    for start in range(0, len(paused), BATCH):
        ids = paused[start:start + BATCH]
        events = {}
        for row in CaseClockEvent.objects.filter(case_id__in=ids).order_by("on", "id"):
            events.setdefault(row.case_id, []).append(
                pure.ClockEvent(kind=row.kind, on=row.on, step=row.step, reason=row.reason))
        changed = []
        for case in Case.objects.filter(pk__in=ids).select_related("ward").only(
                "id", "kind", "received_on", "ward__id", "ward__is_remote", "due_date"):
            def policy_for(step, case=case):
                return policy_in_force(case.kind, step, case.received_on, ward=case.ward_id, policies=policies)

            try:
                state = pure.replay(events.get(case.pk, []), policy_for=policy_for,
                                    calendar=calendar(case.ward_id), remote=bool(case.ward.is_remote))
            except NoPolicy:
                continue
            if state.paused and state.due_date is not None:
                case.due_date = state.due_date
                changed.append(case)
        Case.objects.bulk_update(changed, ["due_date"])


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0022_sweep_keyset_index_paused_after_due'),
        ('deadlines', '0005_seed_escalation_policy'),
    ]

    operations = [
        migrations.RunPython(replay_paused_clocks, migrations.RunPython.noop, elidable=True),
    ]
