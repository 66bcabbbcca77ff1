"""timeline: check hand-written timeline data against its sources, then publish it."""

__version__ = "0.1.0"
