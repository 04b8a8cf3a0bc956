"""Progress of a live scan on stderr: a rich bar of (region × collector) tasks per
account when stderr is a terminal; nothing otherwise."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Callable, Iterator


@contextmanager
def progress_display(enabled: bool) -> Iterator[Callable[..., None] | None]:
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bars = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=Console(stderr=True), transient=True)
    tasks: dict[str, Any] = {}

    def update(event: str, **details: Any) -> None:
        account = details.get("account", "")
        if event == "account":
            tasks[account] = bars.add_task(f"account {account}", total=details.get("total"))
        elif event == "task" and account in tasks:
            bars.update(tasks[account], advance=1,
                        description=f"account {account}: {details.get('region')} {details.get('name')}")

    with bars:
        yield update
