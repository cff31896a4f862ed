"""The command layer: the Typer app (``app``) and its commands, one module per group; ``render`` prints.

Each command parses its arguments, calls one service or store function and prints the result. Nothing
else in the library imports this package. At import it loads typer and the standard library only; the
library is imported inside the command bodies, so start-up stays fast.
"""
