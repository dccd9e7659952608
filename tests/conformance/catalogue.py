"""Every operation the suite exercises, by name: ``op(builder, value) -> Value | None``.

The names are those gradlab's engines map (numpy, math and scipy.special functions, operators,
methods, indexing) plus a few they do not map (np.sort, np.roll, np.kron, np.einsum, ...), which
an engine must refuse rather than get wrong.
"""

from __future__ import annotations

from . import elementwise, reductions, structure

CATALOGUE = {**elementwise.catalogue(), **reductions.catalogue(), **structure.catalogue()}
