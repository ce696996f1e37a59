"""Print how long each lesson notebook took (a report, not a test: timings here are noisy)."""

from .helpers import CELL_TIMEOUT, RUN_TIMES, WALL_TIMES


def pytest_terminal_summary(terminalreporter):
    if not RUN_TIMES:
        return
    write = terminalreporter.write_line
    terminalreporter.section("lesson notebooks: run time (target < 30 s each)")
    for name, seconds in sorted(RUN_TIMES.items()):
        write(f"{seconds:6.1f} s  {name}")
    for wall, workers in WALL_TIMES:
        write(f"{wall:6.1f} s  all of them, {workers} kernels at a time "
              f"(times above include waiting for a core; a cell times out after {CELL_TIMEOUT} s)")
