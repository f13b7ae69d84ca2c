"""How a lower app hears from the apps above it (docs/layers.md).

A lower layer never imports a higher one. When an earlier step must react to a later one (a
course completes: recalls are scheduled; a session is signed: aftercare is issued), the earlier
app publishes a Django signal in its ``signals.py`` and the later app connects a receiver in its
``receivers.py`` (imported by its ``AppConfig.ready``). Signals are sent inside the publishing
service's transaction, so what the receivers write commits or rolls back with it; a receiver's
refusal (an exception) propagates to the service's caller.

When the earlier app needs an answer only a later app can give (is there a consent in force for
this plan?), it sends a question with ``ask``: exactly one receiver answers.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal


def ask(signal: Signal, **kwargs: Any) -> Any:
    """The answer of the one receiver of ``signal`` (sent with ``kwargs``)."""
    answers = signal.send(sender=None, **kwargs)
    if len(answers) != 1:
        raise RuntimeError(f"{len(answers)} receivers answered a question that needs one")
    return answers[0][1]
