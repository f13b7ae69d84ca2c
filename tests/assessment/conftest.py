from tests.scheduling.conftest import sched  # noqa: F401  (the clinic's calendar set-up)
from tests.scheduling.test_online import online  # noqa: F401  (it takes online requests)
