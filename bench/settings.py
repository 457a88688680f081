"""Settings for `bench/load.py`'s server: the real settings, plus a URLconf with a floor view and
static files collected into a scratch folder. Nothing here changes how the app behaves."""

import os

from config.settings import *  # noqa: F403 -- the benchmark serves the real configuration

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
