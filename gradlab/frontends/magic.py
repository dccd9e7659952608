"""``%%gradient``: every engine's gradient (or Jacobian, Hessian, hvp, jvp, vjp) of the function
in a notebook cell, side by side.

``%load_ext gradlab`` registers it. Bad input of any kind (the line, the cell, the point, an
engine name) stops with one ``UsageError`` saying what to fix; the kernel keeps working.
"""

from __future__ import annotations

import ast
import keyword
import traceback
from typing import TYPE_CHECKING, Any

from IPython.core.error import UsageError
from IPython.core.magic import Magics, line_cell_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring

from .. import backends as registry
from ..backends import defaults
from ..backends.base import OPERATORS
from ..comparison.compare import compare
from ..comparison.result_text import symbolic_lines
from ..comparison.results import Comparison
from ..errors import GradlabError
from ..plain_text import comma_list
from .budgets import add_budget_arguments, budget_options
from .magic_input import (
    CellError,
    FunctionMemo,
    expression_function,
    is_expression,
    last_function,
    parse_cell,
    parse_point,
    split_line,
)
from .magic_survey import check_survey_options, magic_region, run_survey
from .point_text import PointError, direction_refusal, parse_direction

EXAMPLE = ",".join(defaults.EXAMPLES)


def _budget_arguments(magic: Any) -> Any:
    """The budget options (``budgets.BUDGETS``) as magic arguments."""
    def declare(*flags: str, **settings: Any) -> None:
        nonlocal magic
        magic = argument(*flags, **settings)(magic)

    add_budget_arguments(declare)
    return magic


if TYPE_CHECKING:
    from IPython.core.interactiveshell import InteractiveShell


@magics_class
class GradientMagics(Magics):
    """The ``%gradient`` line magic and ``%%gradient`` cell magic."""

    def __init__(self, shell: InteractiveShell | None = None, **kwargs: Any):
        super().__init__(shell, **kwargs)
        self.memo = FunctionMemo()

    @property
    def _ipython(self) -> InteractiveShell:
        """The notebook's shell (IPython gives it when it registers the magics)."""
        if self.shell is None:
            raise CellError("%gradient runs inside IPython or Jupyter only")
        return self.shell

    @magic_arguments()
    @_budget_arguments
    @argument("words", nargs="*", metavar="NAME=VALUE",
              help="the point: name=value pairs separated by spaces or commas; a value is a "
                   "number (x=0.5), a list of numbers (x=[1, 2, 3]) or the name of a value "
                   "defined in the notebook. Line magic: the first word names the function.")
    @argument("-b", "--backends", metavar="LIST",
              help=f"engines to run, comma-separated, e.g. {EXAMPLE} "
                   "(default: every engine installed)")
    @argument("-o", "--output", metavar="VAR",
              help="store the Comparison in the notebook variable VAR (and return it)")
    @argument("--wrt", metavar="LIST",
              help="differentiate with respect to these variables only (comma-separated); "
                   "the others are held at their values")
    @argument("--no-timing", action="store_true",
              help="skip the per-call timing (faster; 'per call' shows —)")
    @argument("--plot", action="store_true",
              help="draw the accuracy and timing figure under the table")
    @argument("--code", action="store_true",
              help="show each engine's code for this gradient")
    @argument("--dtype", choices=registry.DTYPES[::-1], default="float64",
              help="precision of the engines that offer one (float32 is JAX's default "
                   "outside gradlab)")
    @argument("--derivative", choices=OPERATORS, metavar="OPERATOR",
              help="what to compare: " + ", ".join(OPERATORS) + " (hvp: the Hessian times "
                   "v; jvp: the Jacobian times v; vjp: u times the Jacobian). Default: the "
                   "gradient of a scalar f, the Jacobian of an array-valued f")
    @argument("--hessian", action="store_true", help="short for --derivative hessian")
    @argument("--jacobian", action="store_true", help="short for --derivative jacobian")
    @argument("--direction", metavar="NUMBERS",
              help="v for hvp and jvp (like the point, flat) or u for vjp (like f's output, "
                   "flat): numbers separated by commas (--direction 1,0; a negative first "
                   "entry: --direction=-1,0) or a notebook variable. Default: a fixed, seeded "
                   "random unit vector")
    @argument("--func", metavar="NAME",
              help="the function to differentiate (default: the last one the cell defines)")
    @argument("--widget", action="store_true",
              help="open the interactive explorer (sliders for the point) instead of the table")
    @argument("--points", type=int, metavar="N",
              help="survey: compare at N points drawn from a region instead of at the point "
                   "(shows the Survey: per-engine summary and the worst points)")
    @argument("--region", metavar="RANGES",
              help="survey: each variable's range, e.g. x=-2:2,y=-1:3 (a vector: "
                   "v=[-1:1,0:2]). Default: a box around the point, each variable (each "
                   "entry) ± max(0.5, |value|/2); the output says which box")
    @argument("--sobol", action="store_true",
              help="survey: a scrambled Sobol sequence instead of uniform random points")
    @argument("--seed", type=int, metavar="N", help="survey: the points' seed (default: 0)")
    @argument("--scheduler", metavar="ADDRESS",
              help="survey: run on the Dask cluster whose scheduler is at ADDRESS (a "
                   "distributed.Client connects to it, e.g. tcp://127.0.0.1:8786)")
    @line_cell_magic
    def gradient(self, line: str, cell: str | None = None) -> Any:
        """Compare the gradient (or another derivative) of a function from every engine.

        Cell form, a function (the last one defined in the cell is differentiated)::

            %%gradient q=1 chi=2 delta=3
            def func(q, chi, delta):
                return q * chi * delta

        Cell form, an expression of the variables on the line (numpy's sin, exp, log, sqrt,
        arctan2, ... and the notebook's variables are available)::

            %%gradient x=0.5, y=2
            sin(x) * exp(x*y)

        Line form, a function already defined::

            %gradient func q=1 chi=2 delta=3

        A survey: the same comparison at 200 points of a region (default: a box around the
        point), with a summary per engine and the points where engines disagree most::

            %%gradient x=0.5 y=2 --points 200 --region x=-2:2,y=-1:3
            sin(x) * exp(x*y)

        Beyond the gradient: ``--hessian`` (or ``--derivative hessian``), ``--jacobian`` for a
        function returning an array, and ``--derivative hvp --direction 1,0`` for the Hessian
        times a vector (jvp and vjp likewise)::

            %%gradient x=1 y=2 --hessian
            x**2 * y + y**3

        The table shows each engine's gradient, its error against the reference (SymPy's exact
        derivative at 50 digits when SymPy can trace the function), setup time and time per
        call. With SymPy, the symbolic gradient is shown below it.
        """
        try:
            return self._run(line, cell)
        except (CellError, GradlabError) as err:
            raise UsageError(f"%gradient: {err}") from None

    def _run(self, line: str, cell: str | None) -> Any:
        pairs, words = split_line(line)
        args = _parse_options(self.gradient, words)
        check_survey_options(args)
        specs = _backends(args.backends)
        asked = _derivative(args, self._ipython.user_ns)
        if args.output is not None and not args.output.isidentifier():
            raise CellError(f"-o/--output needs a variable name, not {args.output!r}; "
                            "write -o result")
        namespace = self._ipython.user_ns
        point = parse_point(pairs, namespace)
        for name in point:
            if keyword.iskeyword(name):
                raise CellError(f"{name} is a Python keyword and cannot be a variable; rename it")
        region = magic_region(point, args) if args.points is not None else None
        if cell is None:
            func = self._named_function(args)
        else:
            func = self._cell_function(cell, args, dict.fromkeys(region) if region else point)
        if region:
            return self._survey(func, region, args, specs=specs, **asked)
        if not point:
            raise CellError("the line gives no point; add the variables' values, e.g. "
                            "%%gradient x=0.5 y=2")
        wrt = _names(args.wrt)
        if args.widget:
            if "direction" in asked:
                raise CellError("the explorer compares gradients, Hessians and Jacobians; "
                                "leave --direction out with --widget")
            explorer = _explore(func, point, wrt=wrt, backends=specs, dtype=args.dtype,
                                **asked)
            if args.output:
                namespace[args.output] = explorer  # .comparison holds the latest table
            return explorer
        options = _dtype_options(specs, args.dtype)
        result = compare(func, point, backends=specs, timing=not args.no_timing, wrt=wrt,
                         options=options, **asked, **budget_options(args))
        _show(result, args)
        if args.output:
            namespace[args.output] = result
            return result
        return None

    def _survey(self, func: Any, region: dict[str, Any], args: Any, specs: list[str] | None,
                **asked: Any) -> Any:
        chosen = {"derivative": "gradient", **asked, **budget_options(args)}
        if args.no_timing:
            chosen["timing"] = False
        result = run_survey(func, region, args, backends=specs, wrt=_names(args.wrt),
                            options=_dtype_options(specs, args.dtype), **chosen)
        if args.output:
            self._ipython.user_ns[args.output] = result
            return result
        return None

    def _named_function(self, args: Any) -> Any:
        words = list(args.words)
        name = args.func or (words.pop(0) if words else None)
        if words:
            raise CellError(f"{words[0]!r} is not a name=value pair; write the point as x=0.5")
        if name is None:
            raise CellError("name the function to differentiate: %gradient func x=1 y=2 "
                            "(or use the cell form %%gradient with the function below)")
        return self._lookup(name)

    def _lookup(self, name: str) -> Any:
        if name not in self._ipython.user_ns:
            raise CellError(f"{name!r} is not defined in the notebook; define the function "
                            "first, or use the cell form %%gradient with it in the cell")
        func = self._ipython.user_ns[name]
        if not callable(func):
            raise CellError(f"{name!r} is a {type(func).__name__}, not a function; name a "
                            "function defined with def")
        return func

    def _cell_function(self, cell: str, args: Any, point: dict[str, Any]) -> Any:
        if args.words:
            raise CellError(f"{args.words[0]!r} is not a name=value pair; write the point as "
                            f"x=0.5 (the function comes from the cell, or --func NAME)")
        source = self._ipython.transform_cell(cell)
        tree = parse_cell(source)
        filename = self._ipython.compile.cache(source, self._ipython.execution_count, raw_code=cell)
        if is_expression(tree) and not args.func:
            return self._expression(tree, point, filename)
        self._execute(tree, filename)
        self.memo.keep_cell_functions(tree, self._ipython.user_ns, filename)
        name = args.func or last_function(tree)
        if name is None:
            raise CellError(
                "the cell defines no function and is not a single expression; write "
                "def f(x, y): ... (the last function defined is differentiated), an expression "
                "such as sin(x) * y, or name a function with --func NAME"
            )
        return self._lookup(name)

    def _expression(self, tree: ast.Module, point: dict[str, Any], filename: str) -> Any:
        body = tree.body[0]
        assert isinstance(body, ast.Expr)
        if isinstance(body.value, ast.Name) and callable(self._ipython.user_ns.get(body.value.id)):
            return self._ipython.user_ns[body.value.id]  # the cell just names a function
        if not point:
            raise CellError("the line gives no point; add the values of the expression's "
                            "variables, e.g. %%gradient x=0.5 y=2")
        func = expression_function(tree, list(point), self._ipython.user_ns, filename)
        return self.memo.same(("expression", ast.dump(body), tuple(point)), func)

    def _execute(self, tree: ast.Module, filename: str) -> None:
        """Run the cell in the notebook namespace, so what it defines stays for later cells."""
        code = self._ipython.compile(tree, filename, "exec")
        try:
            exec(code, self._ipython.user_global_ns, self._ipython.user_ns)  # noqa: S102 -- the user's cell, in their kernel
        except Exception as err:  # noqa: BLE001 -- the user's cell may raise anything: say where
            raise CellError(_cell_failure(err, filename)) from None


def _parse_options(magic: Any, words: list[str]) -> Any:
    # a bracketed list (--direction [1, 0]) is one word: its spaces would split it in two
    words = [word.replace(" ", "") if "[" in word else word for word in words]
    try:
        return parse_argstring(magic, " ".join(words))
    except UsageError as err:
        raise CellError(f"{err}; see %%gradient? for the options") from None


def _dtype_options(specs: list[str] | None, dtype: str) -> dict[str, Any] | None:
    """compare's ``options=``: the dtype for the engines that offer one (None: float64)."""
    if dtype == "float64":
        return None
    compared = specs if specs is not None else registry.default_specs()
    return {spec: {"dtype": dtype} for spec in registry.dtype_specs(compared, dtype)}


def _derivative(args: Any, namespace: dict[str, Any]) -> dict[str, Any]:
    """compare's ``derivative=`` and ``direction=`` from --derivative, its shorthands and
    --direction (nothing when none is given: compare's default for f)."""
    chosen = [name for name, flag in (("hessian", args.hessian), ("jacobian", args.jacobian))
              if flag] + ([args.derivative] if args.derivative else [])
    if len(set(chosen)) > 1:
        raise CellError(f"choose one derivative, not {' and '.join(dict.fromkeys(chosen))}")
    operator: dict[str, Any] = {"derivative": chosen[0]} if chosen else {}
    if args.direction is not None:
        if chosen and chosen[0] not in ("hvp", "jvp", "vjp"):
            raise CellError(direction_refusal(chosen[0]))
        try:
            operator["direction"] = parse_direction(args.direction, namespace)
        except PointError as err:
            raise CellError(str(err)) from None
    return operator


def _backends(text: str | None) -> list[str] | None:
    if text is None:
        return None
    specs = _names(text.strip("'\""))  # -b 'jax,sympy' as typed in a shell
    if not specs:
        raise CellError(f"--backends is empty; name engines, e.g. -b {EXAMPLE}")
    for spec in specs:
        try:
            registry.resolve(spec)
        except GradlabError as err:
            raise CellError(f"--backends: {err}") from None
    return specs


def _names(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return comma_list(text)


def _cell_failure(err: Exception, filename: str) -> str:
    frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename == filename]
    where = ""
    if frames:
        frame = frames[-1]
        where = f" at line {frame.lineno}" + (f" (`{frame.line.strip()}`)" if frame.line else "")
    return (f"the cell raised {type(err).__name__}{where}: {err}; fix the cell and run it "
            "again")


def _explore(func: Any, point: dict[str, Any], **options: Any) -> Any:
    try:
        from .explorer import explore
    except ImportError as err:
        raise CellError(f"--widget needs ipywidgets, which could not be imported ({err}); "
                        "run pip install ipywidgets") from None
    return explore(func, point, **options)


def _show(result: Comparison, args: Any) -> None:
    from IPython.display import display

    display(result)
    latex = result._repr_latex_()
    if latex:
        text = symbolic_lines(result.derivative, result.names, result.symbolic)
        display({"text/latex": latex, "text/plain": text}, raw=True)
    if args.code:
        for row in result.results:
            if row.code:
                display({"text/markdown": f"**{row.backend}**\n\n```python\n{row.code}\n```",
                         "text/plain": f"# {row.backend}\n{row.code}"}, raw=True)
    if args.plot:
        _plot(result)


def _plot(result: Comparison) -> None:
    import io

    from IPython.display import Image, display

    from .plots import plot_comparison

    figure = plot_comparison(result)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=96)  # a backend-free Figure: rendered here
    display(Image(data=buffer.getvalue(), format="png"))


def load_ipython_extension(ipython: Any) -> None:
    """Register ``%gradient`` / ``%%gradient`` (``%load_ext gradlab``)."""
    ipython.register_magics(GradientMagics)
