"""Query results as plain data: what the runner returns, the query workers send back and the
output module prints. Kept apart from the runner so that a process that only prints results
(the CLI's side of a contained query) never imports the engine."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

Value = str | int | float | bool | None


@dataclass(slots=True)
class Rows:
    """Query results: `vars` in the query's order, `rows` as dicts keyed by those vars
    (unbound variables are None)."""

    vars: list[str]
    rows: list[dict[str, Value]] = field(default_factory=list)

    def __iter__(self) -> Iterator[dict[str, Value]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, var: str) -> list[Value]:
        return [row.get(var) for row in self.rows]
