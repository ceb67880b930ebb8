"""Small display helpers shared by the views (Qt-free)."""

from __future__ import annotations

import datetime as dt


def local(value: dt.datetime) -> dt.datetime:
    """A stored naive-UTC time in the local zone."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone()


def short_time(value: dt.datetime, now: dt.datetime | None = None) -> str:
    """ "14:05" today, "03-12 14:05" this year, "2024-03-12" before."""
    when = local(value)
    now = now or dt.datetime.now().astimezone()
    if when.date() == now.date():
        return when.strftime("%H:%M")
    if when.year == now.year:
        return when.strftime("%m-%d %H:%M")
    return when.strftime("%Y-%m-%d")


def full_time(value: dt.datetime) -> str:
    return local(value).strftime("%Y-%m-%d %H:%M")
