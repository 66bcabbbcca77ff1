"""How the caches pickle records: a frozen, slotted dataclass as its class and the tuple of
its field values, restored without __init__ (whatever it checks held when the object was
made) by setting each slot. Imports nothing of timeline: the module that keeps records
registers their classes (timeline.checkcache).

Dataclasses' own state functions look up the fields again for every object, and cost
about three times as much to load. Registration goes through copyreg, so every pickler
made after it uses it: the caches' files and the results a forked process sends back
(timeline.parallel) alike."""

from __future__ import annotations

import copyreg
import operator
from collections.abc import Callable
from dataclasses import fields

_new = object.__new__


class _Setters(dict):
    """For each class, the bound __set__ of the slot of each of its fields, in the order
    of __match_args__. A class is looked up when a pickle holding it is first loaded,
    which may come before any registration in a new process."""

    def __missing__(self, cls: type) -> tuple[Callable[[object, object], None], ...]:
        _check(cls)
        setters = self[cls] = tuple(cls.__dict__[name].__set__ for name in cls.__match_args__)
        return setters


_SETTERS = _Setters()
_VALUES: dict[type, Callable[[object], tuple]] = {}  # each class's field values, as a tuple


def restore(cls: type, values: tuple) -> object:
    """A record of `cls` holding `values`, one for each of its fields."""
    self = _new(cls)
    for set_slot, value in zip(_SETTERS[cls], values, strict=True):
        set_slot(self, value)
    return self


# The same for a record of 4, 5, 6, 10 or 11 fields, as those the check cache keeps
# today (Evidence and EventDate, Problem and Entry, DatePoint, Event, CheckedQuote), with
# each field set by a line of its own: with a loop, as in restore(), the records of
# 12,000 events load a fifth to a third slower (benchmarks/pickle_load.py). A record of
# another field count is restored by restore().
def _restore_4(cls: type, values: tuple) -> object:
    self = _new(cls)
    a, b, c, d = _SETTERS[cls]
    a(self, values[0])
    b(self, values[1])
    c(self, values[2])
    d(self, values[3])
    return self


def _restore_5(cls: type, values: tuple) -> object:
    self = _new(cls)
    a, b, c, d, e = _SETTERS[cls]
    a(self, values[0])
    b(self, values[1])
    c(self, values[2])
    d(self, values[3])
    e(self, values[4])
    return self


def _restore_6(cls: type, values: tuple) -> object:
    self = _new(cls)
    a, b, c, d, e, f = _SETTERS[cls]
    a(self, values[0])
    b(self, values[1])
    c(self, values[2])
    d(self, values[3])
    e(self, values[4])
    f(self, values[5])
    return self


def _restore_10(cls: type, values: tuple) -> object:
    self = _new(cls)
    a, b, c, d, e, f, g, h, i, j = _SETTERS[cls]
    a(self, values[0])
    b(self, values[1])
    c(self, values[2])
    d(self, values[3])
    e(self, values[4])
    f(self, values[5])
    g(self, values[6])
    h(self, values[7])
    i(self, values[8])
    j(self, values[9])
    return self


def _restore_11(cls: type, values: tuple) -> object:
    self = _new(cls)
    a, b, c, d, e, f, g, h, i, j, k = _SETTERS[cls]
    a(self, values[0])
    b(self, values[1])
    c(self, values[2])
    d(self, values[3])
    e(self, values[4])
    f(self, values[5])
    g(self, values[6])
    h(self, values[7])
    i(self, values[8])
    j(self, values[9])
    k(self, values[10])
    return self


_RESTORE = {4: _restore_4, 5: _restore_5, 6: _restore_6, 10: _restore_10, 11: _restore_11}


def _reduce(record: object) -> tuple[Callable[[type, tuple], object], tuple[type, tuple]]:
    cls = type(record)
    values = _VALUES[cls](record)
    return _RESTORE.get(len(values), restore), (cls, values)


def register_by_fields(*classes: type) -> None:
    """Pickle each class's records by their fields (see the module's text)."""
    for cls in classes:
        _check(cls)
        names = cls.__match_args__  # type: ignore[attr-defined]
        get = operator.attrgetter(*names)
        _VALUES[cls] = get if len(names) > 1 else lambda record, get=get: (get(record),)
        _SETTERS[cls]  # noqa: B018 - made now, not at the first load
        copyreg.pickle(cls, _reduce)


def _check(cls: type) -> None:
    """Every field must be an __init__ field (in __match_args__), or it would not come
    back; and each must have a slot."""
    names = getattr(cls, "__match_args__", ())
    if set(names) != {field.name for field in fields(cls)}:
        raise TypeError(f"{cls.__name__}: every field must be in __match_args__")
    if "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__}: must be a slotted dataclass")
