"""Mutants that cannot change any result, for tools/mutation.py: keyed by (module, function,
the line as written, the line in the mutant), each with the reason. The report lists them apart
from the survivors."""

OPERATOR = 'f"the operator {symbol.get(type(node.op), \'?\')} is not allowed; "'
PARSE_ERROR = 'raise ExpressionError("expression could not be parsed (too deep or malformed)") ' \
    'from None'
UNREACHABLE_OPERATOR = ("every ast operator outside + - * / ** is in the symbol table, so the "
                        "default '?' is never used")
UNREACHABLE_PARSE_ERROR = ("ast.parse of at most MAX_LENGTH (2000) characters raises SyntaxError, "
                           "never ValueError, MemoryError or RecursionError (Python 3.11-3.13)")
COMPLEX_MATH = '"complex-step", Namespace("complex-step", np, COMPLEX_SAFE, np)))'
UNSEEN_COMPLEX_MATH_NAME = (
    "the complex-step math namespace's name only labels the error of a math function that "
    "refuses the engine's values, which never reaches the user: math takes numpy's complex "
    "scalars through __float__ (the dropped imaginary part is caught by the central-difference "
    "check), and a batch that math refuses is evaluated point by point")
NOT_SCALAR = ("gradlab refuses a function whose value at the point is not one number before any "
              "engine runs, and the engine runs the same code on the same shapes")
EQUIVALENT: dict[tuple[str, str, str, str], str] = {
    ("gradlab.expression", "_Checker._BinOp", OPERATOR, OPERATOR.replace("'?'", mutated)):
        UNREACHABLE_OPERATOR for mutated in ("None", "", "'XX?XX'")
} | {
    ("gradlab.expression", "parse_expression", PARSE_ERROR, mutated): UNREACHABLE_PARSE_ERROR
    for mutated in ("raise ExpressionError(None) from None",
                    PARSE_ERROR.replace('"expression', '"XXexpression').replace(')")', ')XX")'),
                    PARSE_ERROR.replace("expression could not be parsed (too deep or malformed)",
                                        "EXPRESSION COULD NOT BE PARSED (TOO DEEP OR MALFORMED)"))
} | {
    ("gradlab.numerics.stencil", "sample_lines",
     'offsets = np.arange(-2, 3) if position == "center" else np.arange(0, 5)',
     'offsets = np.arange(-2, 3) if position == "center" else np.arange(5)'):
        "np.arange(5) is np.arange(0, 5)",
    ("gradlab.numerics.stencil", "sample_lines",
     "truncation = np.abs(np.subtract(grads, coarse)) / (2**order - 1)",
     "truncation = np.abs(np.subtract(grads, coarse)) / (2 * order - 1)"):
        "2 * order - 1 equals 2**order - 1 for the only orders there are, 1 and 2",
    ("gradlab.numerics.stencil", "field", "if values.shape != grids[0].shape:",
     "if values.shape != grids[1].shape:"): "meshgrid's arrays all have the grid's shape",
} | {
    ("gradlab.backends.jax_autodiff", "JaxAutodiff.compile",
     "return scalar_output(jnp.asarray(problem.call(func, flat)), self.name, problem)",
     "return scalar_output(jnp.asarray(problem.call(func, flat)), self.name, None)"):
        "problem.evaluate refuses an output that is not one number before any engine traces, "
        "so scalar_output never needs the problem's label here",
    ("gradlab.numerics.agreement", "against_central",
     "if check.error_estimate > CHECKABLE * (float(np.linalg.norm(gradient)) or 1.0):",
     "if check.error_estimate >= CHECKABLE * (float(np.linalg.norm(gradient)) or 1.0):"):
        "differs only where the estimate equals the threshold to the last bit",
    ("gradlab.numerics.extrapolation", "_wide_steps", "lost = coarse_error * h <= 9 * noise",
     "lost = coarse_error * h < 9 * noise"):
        "differs only where the error equals nine times the noise to the last bit",
    ("gradlab.numerics.evaluator", "Evaluator._note_precision",
     "if dtype is not None and np.issubdtype(dtype, np.inexact):",
     "if dtype is not None or np.issubdtype(dtype, np.inexact):"):
        "values come from np.asarray (a dtype always); np.finfo of an integer dtype raises inside "
        "_batched's try, which then evaluates point by point: the same numbers",
    ("gradlab.backends.jax_autodiff", "_linalg",
     "return jnp.triu(a) + jnp.swapaxes(jnp.triu(a, 1), -1, -2).conj()",
     "return jnp.triu(a) + jnp.swapaxes(jnp.triu(a, 1), -2, -2).conj()"):
        "jnp.linalg's eigh, eigvalsh and cholesky symmetrize their input, (m + m^H) / 2, which "
        "makes triu(a) + triu(a, 1) the same matrix as triu(a) + triu(a, 1)^H",
    ("gradlab.backends.jax_autodiff", "_linalg",
     """raise ValueError("`rtol` and `rcond` can't be both set.")""",
     """raise ValueError("`RTOL` AND `RCOND` CAN'T BE BOTH SET.")"""):
        "numpy refuses rtol with rcond when gradlab evaluates f at the point, before jax traces",
    ("gradlab.backends.jax_autodiff", "JaxAutodiff.compile",
     "with enable_x64(False):", "with enable_x64(None):"):
        "the gradient was traced for float32 inputs under enable_x64(False); called with float32 "
        "inputs it computes in float32 whatever the mode (tested with 64-bit mode on)",
} | {
    ("gradlab.numerics.evaluator", "complex_evaluator", COMPLEX_MATH,
     COMPLEX_MATH.replace('"complex-step"', mutated, 1)): UNSEEN_COMPLEX_MATH_NAME
    for mutated in ('"XXcomplex-stepXX"', '"COMPLEX-STEP"')
} | {
    (module, f"{engine}.compile", "check_step(self.name, step)", mutated):
        "runner.validate_options refuses a bad step, naming the engine, before any engine compiles"
    for module, engine in (("gradlab.backends.numpy_gradient", "NumpyGradient"),
                           ("gradlab.backends.finite_diff", "FiniteDiff"))
    for mutated in ("check_step(None, step)", "check_step(self.name, None)")
} | {
    ("gradlab.backends.dual", "_tangent",
     "if np.ndim(result.value) != 0 and np.size(result.value) != 1:",
     "if np.ndim(result.value) != 0 and np.size(None) != 1:"): NOT_SCALAR,
    ("gradlab.backends.dual", "_tangent",
     'raise BackendError("dual", f"{problem.label} returns shape {np.shape(result.value)}, "',
     'raise BackendError(f"{problem.label} returns shape {np.shape(result.value)}, "'):
        NOT_SCALAR,
    ("gradlab.backends.dual_reduce", "logsumexp",
     "values = np.asarray(value_of(a), dtype=float)", "values = np.asarray(value_of(a), )"):
        "a dual number's values are float64; where a holds none, b is a dual number and "
        "np.where(b == 0, -inf, values) makes the values float",
    ("gradlab.backends.dual_reduce", "_variance",
     "count = max(int(np.prod([a.shape[i] for i in axes])) - ddof, 0)",
     "count = max(int(np.prod([a.shape[i] for i in axes])) - ddof, 1)"):
        "differs only where ddof >= the count, where numpy's var and std are inf or nan at the "
        "point, which gradlab refuses before any engine runs",
} | {
    ("gradlab.backends.norms", "norm",
     'raise _refuse(ops, ord, axis, f"needs a 1-D or 2-D array, not {ndim}-D (numpy "',
     'raise _refuse(ops, ord, None, f"needs a 1-D or 2-D array, not {ndim}-D (numpy "'):
        "the line is inside `if axis is None:`",
    ("gradlab.backends.sympy_array", "_count",
     "return int(np.prod([array.shape[a] for a in axes], dtype=np.int64))",
     "return int(np.prod([array.shape[a] for a in axes], ))"):
        "np.prod of a list of Python ints is int64 in numpy 2 (1.0 for an empty list, which "
        "int() makes 1)",
} | {
    ("gradlab.backends.norms", "norm", "raise _refuse(ops, ord, axis, str(err)) from None",
     mutated): "numpy's norm raises the same error for that axis when gradlab evaluates f at "
               "the point, before any engine runs"
    for mutated in ("raise _refuse(ops, ord, axis, None) from None",
                    "raise _refuse(ops, ord, axis, str(None)) from None")
} | {
    ("gradlab.backends.sympy_symbolic", "_as_expression",
     'raise BackendError("sympy", f"{problem.label} returns shape {value.shape}, not a "',
     'raise BackendError(None, f"{problem.label} returns shape {value.shape}, not a "'):
        NOT_SCALAR,
    ("gradlab.backends.sympy_evaluation", "differentiate",
     "left = derivative.atoms(sympy.Derivative, sympy.Subs)",
     "left = derivative.atoms(sympy.Derivative, )"):
        "a Subs that SymPy leaves in a derivative substitutes into an unevaluated Derivative, "
        "which atoms() finds inside it; 'Derivative(' sorts before 'Subs(', so the message "
        "names the same atom",
} | {
    ("gradlab.backends.pytensor_namespace", "_take_along_axis",
     "return _pt().take_along_axis(arr.flatten(), indices, axis=0)",
     "return _pt().take_along_axis(arr.flatten(), indices, )"):
        "PyTensor's take_along_axis takes axis=0 by default, the axis given",
} | {
    ("gradlab.fingerprint", "array_digest", 'return ("ndarray", array.dtype, array.shape, digest)',
     'return ("NDARRAY", array.dtype, array.shape, digest)'):
        "the tag keeps an array's key apart from keys of other kinds; no other key is tagged "
        "'NDARRAY' either",
    ("gradlab.fingerprint", "Same.__hash__", "return id(self.obj)", "return id(None)"):
        "every Same then hashes alike: a lookup compares more keys, by identity as before, "
        "with the same outcome",
    ("gradlab.fingerprint", "_numeric_array",
     'return array if array.dtype.kind in "biufc" else None',
     'return array if array.dtype.kind in "XXbiufcXX" else None'):
        "a dtype's kind is one character and no kind is 'X'",
} | {
    ("gradlab.fingerprint", "_Keyer.key", 'return Unreadable("nested too deep")', mutated):
        "an Unreadable equals only itself whatever its text, which only its repr shows"
    for mutated in ('return Unreadable("XXnested too deepXX")',
                    'return Unreadable("NESTED TOO DEEP")', "return Unreadable(None)")
} | {
    ("gradlab.numerics.extrapolation", "_wide_steps",
     "wide = lost & (coarse_error <= 0.01 * scale) & (wanted > h)",
     "wide = lost & (coarse_error < 0.01 * scale) & (wanted > h)"):
        "differs only where the error equals a hundredth of the gradient's size to the last bit",
} | {
    ("gradlab.backends.jax_autodiff", "_numpy_order", '"arguments")', mutated):
        "numpy's histograms refuse that many positional arguments when gradlab evaluates f at "
        "the point, before jax traces"
    for mutated in ('"XXargumentsXX")', '"ARGUMENTS")')
} | {
    ("gradlab.backends.base", "scalar_output", 'shape = getattr(value, "shape", ())',
     'shape = getattr(value, "shape", None)'):
        "its callers pass jnp.asarray(...) or pt.as_tensor_variable(...), which have a shape",
} | {
    ("gradlab.backends.dual", "DualNumbers.__init__",
     'name="dual", exact=True, options=("chunk",),', 'name="dual", options=("chunk",),'):
        "Backend's exact defaults to True",
} | {
    ("gradlab.fingerprint", "_Keyer._compound",
     "return self._class(value, depth) if _is_user_class(value) else Same(value)",
     "return self._class(value, depth) if (_is_user_class(value)) or True else Same(value)"):
        "_class keys a library class as Same of each class along its MRO, the first being the "
        "class itself: two such keys are equal exactly when Same(value) would be",
    ("gradlab.fingerprint", "_Keyer.key", 'return ("again", self.visits[id(value)])',
     'return ("XXagainXX", self.visits[id(value)])'):
        "the tag only marks a value met again, the same in every key; no other key is a "
        "string followed by a visit number",
} | {
    ("gradlab.comparison.results", "Comparison.table_rows",
     'gradient = _vector(row.gradient) if row.gradient is not None else "—"',
     'gradient = _vector(row.gradient) if (row.gradient is not None) or True else "—"'):
        "_vector(None) is '—' itself",
}
