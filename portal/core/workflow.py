"""Explicit state machines for workflows.

A workflow declares its transitions once; the service function checks a transition with
:meth:`StateMachine.check` inside its transaction, and templates ask :meth:`StateMachine.available`
to show only the buttons that apply. A refused transition raises :class:`WorkflowError`, which
pages show as a message and the API as 409 Conflict.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class WorkflowError(Exception):
    """A rule of a workflow refused the request; the message says why, for the person."""

    def __init__(self, message: str | Promise):
        super().__init__(message)
        self.message = message


class InvalidInput(WorkflowError):
    """A rule refused what was entered: pages show it on the fields it names, the API answers
    400 with them (``errors`` maps field names to messages)."""

    def __init__(self, message: str | Promise, field: str = NON_FIELD_ERRORS, errors: dict | None = None):
        super().__init__(message)
        self.errors = errors or {field: [message]}

    @classmethod
    def from_validation_error(cls, error) -> InvalidInput:
        """A model's ValidationError, keeping the fields it names."""
        return cls(
            " ".join(error.messages), errors=error.message_dict if hasattr(error, "error_dict") else None
        )


@dataclass(frozen=True)
class Transition:
    name: str
    label: str | Promise
    sources: frozenset[str]
    target: str
    needs_reason: bool = False


class StateMachine:
    def __init__(self, field: str, *transitions: Transition):
        self.field = field
        self.transitions = {t.name: t for t in transitions}

    def available(self, obj) -> list[Transition]:
        state = getattr(obj, self.field)
        return [t for t in self.transitions.values() if state in t.sources]

    def check(self, obj, name: str) -> Transition:
        transition = self.transitions.get(name)
        if transition is None:
            raise WorkflowError(_("Unknown action."))
        if getattr(obj, self.field) not in transition.sources:
            raise WorkflowError(
                _("This cannot be done while the status is “%(status)s”.")
                % {"status": getattr(obj, f"get_{self.field}_display")()}
            )
        return transition
