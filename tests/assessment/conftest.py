from tests.scheduling.conftest import sched  # noqa: F401  (the clinic's calendar set-up)
