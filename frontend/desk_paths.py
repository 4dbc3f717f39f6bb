"""The desk's paths as reverse() writes them, made without running reverse() for each link (issue 7: the staff case
page's twenty-odd {% url %} took 5 % of its time), through portal.core.paths.kept_path:

- fixed_path(): a URL without arguments (the site's header and footer, the desk's menu);
- case_path(): a desk URL of one case ("frontend:desk-<action>", /can-bo/don/<code>/…), the code put in the place of
  a stand-in in reverse()'s own path.
"""

from portal.core.paths import kept_path


def fixed_path(name: str, current_app: str | None = None) -> str:
    """reverse(name, current_app=current_app), kept."""
    return kept_path(name, current_app=current_app)


def case_path(name: str, code: str, **extra: str) -> str:
    """reverse(name, kwargs={"code": code, **extra}) for a desk URL of a case; `extra` values (a transition's action)
    are part of what is kept, so only for values of a small set."""
    return kept_path(name, {"code": code}, fixed=extra)


class CasePaths:
    """The desk's paths of one case for a template: `paths.claim` is case_path("frontend:desk-claim", code)."""

    def __init__(self, code: str):
        self.code = code

    def __getitem__(self, action: str) -> str:
        return case_path(f"frontend:desk-{action}", self.code)

    def transition(self, action: str) -> str:
        return case_path("frontend:desk-transition", self.code, action=action)
