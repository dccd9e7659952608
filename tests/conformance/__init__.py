"""Differential conformance helpers: numpy programs as text, their JAX truth, engine checks.

A program is Python source defining ``f(x)`` (plus module-level constants) that calls
``np.<name>``, ``math.<name>`` and ``special.<name>``. The engines under test receive it with
``np`` bound to numpy (gradlab rebinds it); the truth runs the very same text with ``np`` bound
to ``jax.numpy`` in 64-bit mode.
"""
