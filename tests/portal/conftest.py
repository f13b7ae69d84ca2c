from tests.scheduling.conftest import sched, treatment  # noqa: F401  (the clinic's calendar set-up)
