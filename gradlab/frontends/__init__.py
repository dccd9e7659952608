"""The front-ends: the ``%%gradient`` magic, the ipywidgets explorer, the plots and the CLI.

Each is a thin layer over the public API (``gradlab.compare``, ``grad``, ``check``, ...).
"""
