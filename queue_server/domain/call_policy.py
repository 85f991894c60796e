"""Which waiting ticket a counter calls next. One pure function, so the rule can be
read, tested and explained to an agency head in one place.

Order, each step a tie-break of the one before:
1. tickets transferred to this very counter;
2. priority citizens: strictly first, or one after every N regular calls at this counter;
3. tickets past their service's maximum wait (aging);
4. the counter's service weights: waited time x weight, largest first;
5. oldest issue time first (then lowest id, so the choice is total).
Within one (service, priority, transferred-here) group this order is oldest-first, so the
store may hand over only the head of each group.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from .models import Counter, PriorityMode, Ticket, TicketStatus


@dataclass(frozen=True, slots=True)
class CallPolicy:
    priority_mode: PriorityMode = PriorityMode.STRICT
    regular_per_priority: int = 3  # N of "one priority after every N regular" (ratio mode)
    aging: bool = True


def is_candidate(ticket: Ticket, counter: Counter) -> bool:
    if ticket.status is not TicketStatus.WAITING:
        return False
    if ticket.target_counter_id is not None:
        return ticket.target_counter_id == counter.id
    return ticket.service_id in counter.service_weights


def priority_turn(policy: CallPolicy, regular_since_priority: int) -> bool:
    """Whether a waiting priority citizen goes before regular ones right now."""
    if policy.priority_mode is PriorityMode.STRICT:
        return True
    return regular_since_priority >= policy.regular_per_priority


def choose_next(
    waiting: Iterable[Ticket],
    counter: Counter,
    *,
    policy: CallPolicy,
    max_wait_minutes: Mapping[str, int | None],
    regular_since_priority: int,
    now: datetime,
) -> Ticket | None:
    """The ticket `counter` should call now, or None when nobody waits for it."""
    priority_first = priority_turn(policy, regular_since_priority)

    def order(ticket: Ticket) -> tuple[bool, bool, bool, float, datetime, int]:
        waited = max((now - ticket.issued_at).total_seconds(), 0.0)
        limit = max_wait_minutes.get(ticket.service_id)
        overdue = policy.aging and limit is not None and waited > limit * 60
        weight = counter.service_weights.get(ticket.service_id, 1.0)
        return (
            ticket.target_counter_id != counter.id,
            ticket.priority != priority_first,
            not overdue,
            -waited * weight,
            ticket.issued_at,
            ticket.id,
        )

    candidates = [t for t in waiting if is_candidate(t, counter)]
    return min(candidates, key=order, default=None)


def regular_streak(recent_call_priorities: Iterable[bool]) -> int:
    """Regular calls since the last priority call, given this counter's calls newest first."""
    streak = 0
    for was_priority in recent_call_priorities:
        if was_priority:
            break
        streak += 1
    return streak
