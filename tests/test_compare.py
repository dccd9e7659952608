"""The comparison: rows, reference, failure isolation, displays, caching, the user's settings."""

import json
import threading

import numpy as np
import pytest
from tolerances import assert_gradient

import gradlab as gl
from gradlab.backends import Backend, Compiled
from gradlab.cache import compiled_cache


def test_seed_every_engine_gives_6_3_2(seed):
    f, at = seed
    cmp = gl.compare(f, at)
    assert len(cmp.results) == 8
    for row in cmp.results:
        assert row.ok, row.error
        assert_gradient(row.gradient, [6, 3, 2], row.backend)
        assert row.rel_error < 1e-9 and row.setup_s >= 0 and row.call_s > 0
    assert cmp.reference.tolist() == [6.0, 3.0, 2.0]
    assert cmp.reference_source.startswith("sympy")


def test_rows_by_name_and_numerical_fields(seed):
    cmp = gl.compare(*seed, timing=False)
    assert cmp["jax"].backend == "jax" and cmp["jax"].exact
    assert cmp["finite-diff"].backend == "finite-diff:central"
    assert cmp["numpy"].n_evals == 4 * 3 + 1  # 5 samples per variable, f(x) among them once
    assert cmp["numpy"].step == pytest.approx(2 * np.finfo(float).eps ** (1 / 3), rel=1e-6)
    assert cmp["jax"].call_s is None
    with pytest.raises(KeyError):
        cmp["nope"]


def test_displays(seed):
    cmp = gl.compare(*seed, backends=["sympy", "dual", "finite-diff:central"])
    text = str(cmp)
    assert "q*chi*delta" in text and "[6, 3, 2]" in text and "finite-diff:central" in text
    html = cmp._repr_html_()
    assert html.count("<tr") == 4 and "<table>" in html
    assert r"\chi" in cmp._repr_latex_()
    data = json.loads(json.dumps(cmp.to_dict()))
    assert data["results"][0]["gradient"] == [6.0, 3.0, 2.0]
    frame = cmp.to_frame()
    assert list(frame.index) == ["sympy", "dual", "finite-diff:central"]


class Broken(Backend):
    def __init__(self):
        super().__init__(name="broken", options=())

    def compile(self, problem, **options):
        raise ZeroDivisionError("engine bug")

    def code(self, problem, **options):
        return "# broken"


class Wrong(Backend):
    """Returns NaN: the row must say so, never pass it as a number."""

    def __init__(self):
        super().__init__(name="nan-engine", options=())

    def compile(self, problem, **options):
        return Compiled(lambda x: np.full(x.size, np.nan))

    def code(self, problem, **options):
        return ""


@pytest.fixture
def registered():
    """Register test engines for one test only."""
    names = []

    def add(name, backend):
        gl.register_backend(name, backend)
        names.append(name)

    yield add
    for name in names:
        gl.backends.unregister(name)


def test_one_engine_failing_never_stops_the_others(seed, registered):
    registered("broken", Broken)
    registered("nan-engine", Wrong())
    cmp = gl.compare(*seed, backends=["broken", "dual", "nan-engine", "jax"], timing=False)
    assert cmp["broken"].status == "failed" and "engine bug" in cmp["broken"].error
    assert cmp["nan-engine"].status == "not finite" and cmp["nan-engine"].rel_error is None
    assert cmp["dual"].ok and cmp["jax"].ok


def test_unavailable_engine_names_the_extra(seed, registered):
    class Missing(Backend):
        def __init__(self):
            super().__init__(name="missing", requires="no_such_module_xyz", extra="xyz")

    registered("missing", Missing)
    cmp = gl.compare(*seed, backends=["missing", "dual"], timing=False)
    assert cmp["missing"].status == "unavailable"
    assert "pip install 'gradlab[xyz]'" in cmp["missing"].error
    with pytest.raises(gl.BackendUnavailable):
        gl.gradient(*seed, backend="missing")


def test_reference_falls_back_to_an_exact_engine_when_sympy_cannot_trace():
    def branchy(x, y):
        return x * y if x > 0 else -x * y

    cmp = gl.compare(branchy, (1.0, 2.0), backends=["dual"], timing=False)
    assert cmp.reference.tolist() == [2.0, 1.0]
    # the dual row, confirmed by a Richardson check run for the reference (no extra engine)
    assert cmp.reference_source.startswith("dual") and "no SymPy reference" in \
        cmp.reference_source and "confirmed by finite-diff:richardson" in cmp.reference_source


def test_int_inputs_give_float64(seed):
    for engine in ["jax", "pytensor", "dual", "sympy", "numpy"]:
        g = gl.gradient("x**2*y", {"x": 3, "y": 2}, backend=engine)
        assert g.dtype == np.float64
        assert_gradient(g, [12.0, 9.0], engine)


def test_grad_compiles_once_and_redefinition_recompiles():
    def f(x, y):
        return x * y

    g = gl.grad(f, "jax")
    assert g({"x": 2.0, "y": 5.0}).tolist() == [5.0, 2.0]
    hits = compiled_cache.hits
    assert gl.gradient(f, {"x": 1.0, "y": 1.0}, "jax").tolist() == [1.0, 1.0]
    assert compiled_cache.hits == hits + 1  # same function: no new compile

    def f(x, y):  # noqa: F811 - the user redefines f
        return x * y * y

    assert gl.gradient(f, {"x": 1.0, "y": 2.0}, "jax").tolist() == [4.0, 4.0]


def test_redefining_a_helper_recompiles():
    namespace = {}
    exec("import numpy as np\ndef h(t):\n    return t*t\ndef f(x):\n    return h(x)", namespace)
    assert gl.gradient(namespace["f"], [3.0], "jax").tolist() == [6.0]
    exec("def h(t):\n    return t*t*t", namespace)
    assert gl.gradient(namespace["f"], [3.0], "jax").tolist() == [27.0]


def test_cache_is_bounded():
    old = compiled_cache.maxsize
    compiled_cache.maxsize = 3
    try:
        for k in range(6):
            gl.gradient(f"x**{k + 2}", {"x": 1.0}, "dual")
        assert len(compiled_cache) <= 3
    finally:
        compiled_cache.maxsize = old


def test_wrt_holds_other_variables():
    cmp = gl.compare("q*chi*delta", {"q": 1, "chi": 2, "delta": 3}, wrt=["chi"], timing=False)
    assert cmp.names == ("chi",)
    for row in cmp.results:
        assert row.ok, row.error
        assert_gradient(row.gradient, [3.0], row.backend)
    assert gl.grad("q*chi*delta", "dual", wrt=["q"])({"q": 1, "chi": 4, "delta": 5}) == [20.0]


@pytest.mark.parametrize("x64", [False, True])
def test_jax_x64_flag_is_unchanged(seed, x64):
    import jax

    jax.config.update("jax_enable_x64", x64)
    try:
        cmp = gl.compare(*seed, backends=["jax", "pytensor"], timing=False,
                         options={"pytensor": {"mode": "CVM"}})
        assert cmp["jax"].ok
        assert jax.config.jax_enable_x64 is x64
        assert (jax.numpy.ones(1).dtype == np.float64) is x64
    finally:
        jax.config.update("jax_enable_x64", False)


def test_pytensor_config_and_numpy_error_state_are_unchanged(seed):
    import pytensor

    before = (pytensor.config.mode, pytensor.config.linker, pytensor.config.floatX)
    np.seterr(all="warn")
    errstate = np.geterr()
    gl.compare("log(x) + sqrt(y)", {"x": 1.0, "y": 0.0}, timing=False)
    gl.compare(*seed, timing=False)
    assert (pytensor.config.mode, pytensor.config.linker, pytensor.config.floatX) == before
    assert np.geterr() == errstate
    np.seterr(all="warn", under="ignore")


def test_non_differentiable_point_is_flagged_not_hidden():
    cmp = gl.compare("sqrt(x) + y", {"x": 0.0, "y": 1.0}, timing=False)
    # d/dx sqrt(x) is infinite at 0: no engine has a right number to report
    passed = [row.backend for row in cmp.results
              if row.ok and row.backend != "finite-diff:complex-step"]
    assert passed == [], str(cmp)
    assert cmp["sympy"].status == "not finite" and "[inf, 1]" in cmp["sympy"].error


def test_complex_step_is_flagged_at_a_non_differentiable_point():
    cmp = gl.compare("sqrt(x) + y", {"x": 0.0, "y": 1.0}, timing=False,
                     backends=["finite-diff:complex-step", "finite-diff:central"])
    assert not cmp["finite-diff:complex-step"].ok, str(cmp)


def test_complex_step_through_abs_is_refused():
    cmp = gl.compare(lambda x: abs(x) + x * x, [-1.0], timing=False,
                     backends=["finite-diff:complex-step", "dual"])
    assert cmp["finite-diff:complex-step"].status == "failed"
    assert "complex" in cmp["finite-diff:complex-step"].error
    assert cmp["dual"].gradient.tolist() == [-3.0]


class Slow(Backend):
    """Python-level busy work standing in for SymPy expression swell."""

    def __init__(self):
        super().__init__(name="slow", options=())
        self.stopped = threading.Event()
        self.ran_to_the_end = False

    def compile(self, problem, **options):
        import time

        try:
            end = time.perf_counter() + 30
            while time.perf_counter() < end:
                sum(range(1000))
        except BaseException:
            self.stopped.set()
            raise
        self.ran_to_the_end = True
        raise AssertionError("the time limit did not stop the engine")

    def code(self, problem, **options):
        return ""


def test_runaway_engine_times_out_and_is_stopped(seed, registered):
    slow = Slow()
    registered("slow", slow)
    cmp = gl.compare(*seed, backends=["slow", "dual"], timing=False, time_limit=0.5)
    assert not slow.ran_to_the_end  # compare returned while the engine was still busy
    assert cmp["slow"].status == "timed out" and "timed out after 0.5 s" in cmp["slow"].error
    assert cmp["dual"].ok
    assert slow.stopped.wait(timeout=25)  # the engine's thread is interrupted, not left running
    assert not slow.ran_to_the_end


def test_pytensor_jax_mode_leaves_the_jax_x64_flag_alone():
    import jax

    jax.config.update("jax_enable_x64", False)
    g = gl.gradient("sin(x)*y", {"x": 0.3, "y": 2.0}, backend="pytensor", mode="JAX")
    assert np.allclose(g, [2 * np.cos(0.3), np.sin(0.3)], rtol=1e-14, atol=0)
    assert jax.config.jax_enable_x64 is False


def test_numerical_rows_that_cannot_be_trusted_are_flagged():
    def coulomb(q, r):  # SI units: both variables far below the step
        return 8.9875517923e9 * q * q / r

    q, r, k = 1.602e-19, 5.29e-11, 8.9875517923e9
    cmp = gl.compare(coulomb, {"q": q, "r": r}, timing=False,
                     backends=["finite-diff:central", "finite-diff:richardson", "jax"])
    row = cmp["finite-diff:richardson"]  # narrower tables reach steps ~ r: right, or flagged
    truth = np.array([2 * k * q / r, -k * q * q / r**2])
    assert row.status == "inaccurate" or (
        row.ok and np.linalg.norm(row.gradient - truth) <= 10 * row.error_estimate)
    assert cmp["finite-diff:central"].status == "inaccurate"
    # the steps straddle r's pole at 0: f(r - h) has the other sign, nothing bounds the error
    assert "nothing bounds its error" in cmp["finite-diff:central"].error
    assert cmp["jax"].ok


def test_a_kink_within_richardsons_default_step_narrows_it():
    # kinks at 0.01 and -0.005, both within the default step 0.018 but not within h / 16:
    # the error estimate sends Richardson to narrower tables, which see f' = 0 + 1 exactly
    cmp = gl.compare(lambda x: np.maximum(0, x - 0.01) + np.abs(x + 0.005), [0.0], timing=False,
                     backends=["finite-diff:central", "finite-diff:richardson"], reference="none")
    assert cmp["finite-diff:central"].ok
    row = cmp["finite-diff:richardson"]
    assert row.ok and abs(row.gradient[0] - 1.0) <= row.error_estimate <= 1e-10
    assert any("narrowed" in note for note in row.notes)


def test_a_step_outside_the_domain_is_explained():
    cmp = gl.compare("sqrt(x)", {"x": 1e-8}, backends=["finite-diff:central", "dual"],
                     timing=False)
    assert cmp["finite-diff:central"].status == "not finite"
    assert "domain" in cmp["finite-diff:central"].error
    assert cmp["dual"].ok


A = np.array([1.0, 2.0])
SETTINGS = {"k": 2.0}


def reads_global_array(x):
    return A[0] * x**2 + SETTINGS["k"] * x


class Spring:
    def __init__(self, k):
        self.k = k

    def energy(self, x):
        return 0.5 * self.k * x**2


@pytest.mark.parametrize("engine", ["jax", "pytensor", "sympy", "dual"])
def test_data_changed_in_place_recompiles(engine):
    assert gl.gradient(reads_global_array, [1.0], engine).tolist() == [4.0]
    A[0] = 10.0
    SETTINGS["k"] = 5.0
    try:
        assert gl.gradient(reads_global_array, [1.0], engine).tolist() == [25.0]
    finally:
        A[0], SETTINGS["k"] = 1.0, 2.0
    spring = Spring(3.0)
    assert gl.gradient(spring.energy, [2.0], engine).tolist() == [6.0]
    spring.k = 4.0
    assert gl.gradient(spring.energy, [2.0], engine).tolist() == [8.0]
    data = np.array([1.0, 2.0, 3.0])

    def nll(mu):
        return np.sum((data - mu) ** 2)

    assert gl.gradient(nll, [0.0], engine).tolist() == [-12.0]
    data[:] = 0.0
    assert gl.gradient(nll, [0.0], engine).tolist() == [0.0]


def test_unchanged_data_reuses_the_compile():
    gl.gradient(reads_global_array, [1.0], "jax")
    hits = compiled_cache.hits
    gl.gradient(reads_global_array, [1.0], "jax")
    assert compiled_cache.hits == hits + 1


def test_grad_works_as_scipy_minimize_jac_with_args_and_named_points():
    from scipy.optimize import minimize

    def loss(w, data):
        return np.sum((w - data) ** 2)

    data = np.array([1.0, -2.0, 0.5])
    for engine in ["jax", "dual", "pytensor"]:
        result = minimize(loss, np.zeros(3), args=(data,), jac=gl.grad(loss, engine),
                          method="BFGS")
        assert result.success and np.allclose(result.x, data, atol=1e-6)
    g = gl.grad(lambda w, b: w * w * b, "dual")
    assert g(w=3.0, b=2.0).tolist() == [12.0, 9.0]
    with pytest.raises(gl.InputError, match="either"):
        g({"w": 1.0, "b": 1.0}, w=1.0)


def test_check_accepts_a_grad_function():
    f = lambda x, y: x * np.sin(y)  # noqa: E731
    grad = gl.grad(f, "jax")
    np.testing.assert_allclose(grad(x=0.5, y=2.0), [np.sin(2.0), 0.5 * np.cos(2.0)],
                               rtol=1e-15, atol=0)  # by hand
    assert gl.check(f, grad, {"x": 0.5, "y": 2.0}).ok
    assert not gl.check(f, lambda x, y: [np.sin(y), np.cos(y)], {"x": 0.5, "y": 2.0}).ok


def test_complex_step_error_estimate_covers_float32_code():
    import jax.numpy as jnp

    def written_for_jax(x):
        return jnp.sin(x) ** 2  # float32 unless the user turned on 64-bit mode

    row = gl.compare(written_for_jax, {"x": 0.5}, backends=["finite-diff:complex-step"],
                     timing=False, reference="none").results[0]
    exact = 2 * np.sin(0.5) * np.cos(0.5)
    assert row.ok and abs(row.gradient[0] - exact) <= 10 * row.error_estimate
