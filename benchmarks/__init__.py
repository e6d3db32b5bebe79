"""legweak benchmarks: `python -m benchmarks` (see BENCHMARKS.md for the figures and method).

Every benchmark calls the same service and engine functions that the CLI and the
API use. This package imports nothing heavy at import time, so that the
subprocesses it starts (memory, start-up, the pgmpy peer) measure only what
they load themselves.
"""
