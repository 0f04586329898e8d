"""Streams whose steps a test renames: the information flows and the improvements' changed steps
name steps, so they are dropped with the old names (core.flows.check_flows would refuse them)."""
from __future__ import annotations

from dataclasses import replace


def without_step_references(stream):
    """``stream`` without what names its steps: information flows and improvements' steps."""
    states = tuple(replace(state, information_flows=()) for state in stream.states)
    improvements = tuple(replace(item, steps=()) for item in stream.improvements)
    return replace(stream, states=states, improvements=improvements)
