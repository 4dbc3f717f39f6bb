"""Settings of the benchmark server (bench/load.py): the production settings, plus two floor views and a header that
counts each request's database queries. Never used outside bench/."""

from portal.settings import *  # noqa: F403
from portal.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls_bench"
MIDDLEWARE = ["bench.urls_bench.QueryCountMiddleware", *MIDDLEWARE]
