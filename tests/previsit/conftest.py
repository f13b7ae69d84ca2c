import pytest
import time_machine

from tests.scheduling.conftest import sched  # noqa: F401  (clinic A set up for booking)
from tests.scheduling.helpers import NOW


@pytest.fixture(autouse=True)
def _on_the_booking_day():
    """The scheduling helpers book from NOW (1 June 2031) for 11 June 2031: live there."""
    with time_machine.travel(NOW, tick=True):
        yield
