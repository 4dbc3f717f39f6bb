"""A paginator for public lists over hundreds of thousands of rows (issue 7).

An exact COUNT(*) of the published answers at 1M cases reads ~280,000 rows and their answers (0.7 s) for a figure
nobody needs exactly. CappedPaginator counts at most `cap` + 1 rows (≈20 ms): past the cap the page says "more than
N" and offers the first cap rows page by page; filters and search narrow a list to what a person reads. The open-data
exports hold everything.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def _bounded_count(self) -> int:
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def capped(self) -> bool:
        return self._bounded_count > self.cap

    @cached_property
    def count(self) -> int:
        return min(self._bounded_count, self.cap)
