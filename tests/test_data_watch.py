"""``g = gl.grad(f)`` made once, then the user changes the data f reads: every engine's next
call gives the gradient for the data of *that* call (a stale gradient is silently wrong), and
changing the data back gives the first gradient back. What f changes itself when it runs (a call
counter, a history list) is not data: g does not prepare anew for it.

Truth is hand-derived: for f(w) = ALPHA * sum(tanh(A w)**2) + CONFIG["c"] * w[0]**2 the gradient
is ALPHA * A^T (2 tanh(A w) sech(A w)**2) + 2 CONFIG["c"] w[0] e_0."""

import sys
import types
import warnings

import numpy as np
import pytest

import gradlab as gl
from gradlab.fingerprint import watch_reads
from gradlab.watch import CONTENT_BUDGET, ITEM_BYTES, SAMPLED_ARRAYS, _sample, _sampler

ENGINES = ["jax", "pytensor", "sympy", "dual", "numpy", "finite-diff:central",
           "finite-diff:richardson", "finite-diff:complex-step"]
EXACT = {"jax", "pytensor", "sympy", "dual"}
MODULE = sys.modules[__name__]

A = np.array([[0.3, -0.8, 0.5], [1.1, 0.2, -0.4]])
ALPHA = 0.5
CONFIG = {"c": 2.0}
W = np.array([0.4, -0.3, 0.7])


def model(w):
    return ALPHA * np.sum(np.tanh(A @ w) ** 2) + CONFIG["c"] * w[0] ** 2


def truth(w, a=None, alpha=None, c=None):
    a = A if a is None else a
    alpha = ALPHA if alpha is None else alpha
    c = CONFIG["c"] if c is None else c
    t = np.tanh(a @ w)
    g = alpha * a.T @ (2 * t * (1 - t**2))
    g[0] += 2 * c * w[0]
    return g


def close(engine, got, want):
    rtol = 1e-12 if engine in EXACT else 1e-6
    np.testing.assert_allclose(got, want, rtol=rtol, atol=0)


@pytest.fixture
def restore():
    saved = (A.copy(), ALPHA, dict(CONFIG))
    yield
    A[:] = saved[0]
    MODULE.ALPHA = saved[1]
    CONFIG.clear()
    CONFIG.update(saved[2])


def rebind_alpha():
    MODULE.ALPHA = -1.5


def change_a_in_place():
    A[0, 1] = 2.0


def change_dict_entry():
    CONFIG["c"] = -3.0


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("change", [rebind_alpha, change_a_in_place, change_dict_entry])
def test_a_change_of_data_is_seen(engine, change, restore):
    g = gl.grad(model, engine)
    first = g(W)
    close(engine, first, truth(W))
    change()
    close(engine, g(W), truth(W))  # the data of now
    assert not np.allclose(g(W), first)


@pytest.mark.parametrize("engine", ["jax", "dual", "finite-diff:central"])
def test_changing_data_back_gives_the_first_gradient(engine, restore):
    g = gl.grad(model, engine)
    first = g(W)
    MODULE.ALPHA = 3.0
    A[1, 2] = 7.0
    close(engine, g(W), truth(W))
    MODULE.ALPHA = 0.5
    A[1, 2] = -0.4
    close(engine, g(W), first)


def make_closure(scale):
    def f(x):
        return scale * np.sum(np.sin(x))

    def set_scale(value):
        nonlocal scale
        scale = value

    return f, set_scale


@pytest.mark.parametrize("engine", ["jax", "pytensor", "dual", "finite-diff:central"])
def test_a_closure_variable_changed_through_nonlocal(engine):
    f, set_scale = make_closure(2.0)
    g = gl.grad(f, engine)
    close(engine, g(W), 2.0 * np.cos(W))
    set_scale(-0.5)
    close(engine, g(W), -0.5 * np.cos(W))


class Spring:
    stiffness = 3.0

    def __init__(self):
        self.rest = 1.0

    def __call__(self, x):
        return 0.5 * self.stiffness * np.sum((x - self.rest) ** 2)


@pytest.mark.parametrize("engine", ["jax", "dual", "finite-diff:central"])
def test_attributes_of_an_object_and_its_class(engine):
    spring = Spring()
    g = gl.grad(spring, engine)
    close(engine, g(W), 3.0 * (W - 1.0))
    spring.rest = -2.0
    close(engine, g(W), 3.0 * (W + 2.0))
    Spring.stiffness = 5.0
    try:
        close(engine, g(W), 5.0 * (W + 2.0))
    finally:
        Spring.stiffness = 3.0


def test_a_helper_redefined_and_a_user_module_attribute(tmp_path, monkeypatch):
    (tmp_path / "springdata.py").write_text("K = 2.0\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import springdata

    namespace = {"np": np, "springdata": springdata}
    exec("def helper(x):\n    return np.sum(x ** 2)\n"
         "def f(x):\n    return springdata.K * helper(x)\n", namespace)
    g = gl.grad(namespace["f"], "jax")
    close("jax", g(W), 4.0 * W)
    springdata.K = 3.0
    close("jax", g(W), 6.0 * W)
    exec("def helper(x):\n    return np.sum(x ** 3)\n", namespace)  # the cell re-run, new body
    close("jax", g(W), 9.0 * W**2)
    sys.modules.pop("springdata", None)


@pytest.mark.parametrize("engine", ["jax", "dual"])
def test_jacobian_hessian_arguments_and_batch_follow_the_data(engine, restore):
    hess = gl.hess(lambda w: ALPHA * np.sum(w**4), engine)
    np.testing.assert_allclose(hess(W), np.diag(6.0 * W**2), rtol=1e-12, atol=0)
    jac = gl.jac(lambda w: ALPHA * w**2, engine)
    g_args = gl.grad(lambda w, b: ALPHA * np.sum((w - b) ** 2), engine)
    g = gl.grad(model, engine)
    g.batch([W, 2 * W])
    g_args(W, 1.0)
    MODULE.ALPHA = 2.0
    np.testing.assert_allclose(hess(W), np.diag(24.0 * W**2), rtol=1e-12, atol=0)
    np.testing.assert_allclose(jac(W), np.diag(4.0 * W), rtol=1e-12, atol=0)
    np.testing.assert_allclose(g_args(W, 1.0), 4.0 * (W - 1.0), rtol=1e-12, atol=0)
    np.testing.assert_allclose(g.batch([W, 2 * W]), [truth(W), truth(2 * W)],
                               rtol=1e-12, atol=0)


CALLS = 0
HISTORY: list = []


def counting(x):
    global CALLS
    CALLS += 1
    HISTORY.append(x)
    return np.sum(np.exp(x))


@pytest.mark.parametrize("engine", ["jax", "finite-diff:central", "dual"])
def test_what_f_changes_itself_is_not_data(engine):
    g = gl.grad(counting, engine)
    close(engine, g(W), np.exp(W))
    prepared = g._prepared
    for _ in range(3):
        close(engine, g(W), np.exp(W))
    assert g._prepared is prepared  # no new preparation for its own counter and history


def test_large_arrays_are_watched_by_a_sample_and_said_so(restore):
    big = np.ones(CONTENT_BUDGET // 8 + 1)
    namespace = {"np": np, "big": big}
    exec("def f(x):\n    return np.sum(x ** 2) * big[-1]\n", namespace)
    with pytest.warns(UserWarning, match=r"does not compare all of an array.*as an argument"):
        g = gl.grad(namespace["f"], "jax")
        g(W)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        big *= 3.0  # a change of the whole array in place is seen (the round-7 corpus's)
        close("jax", g(W), 6.0 * W)
        namespace["big"] = np.full(3, 4.0)  # a new array is seen
        close("jax", g(W), 8.0 * W)


def test_a_sample_reads_the_same_values_however_the_array_lies_in_memory():
    big = np.arange(float(CONTENT_BUDGET // 4)).reshape(-1, 64)  # 2 MB
    for array in (big, big[::2], np.asfortranarray(big), big[:, ::-1]):
        want = np.take(array, _sample(array.size))
        assert np.array_equal(np.frombuffer(_sampler(array)(), dtype=array.dtype), want)
    many = [np.ones(CONTENT_BUDGET // 8 + k) for k in range(SAMPLED_ARRAYS + 2)]
    watch = watch_reads(lambda x: many[0][0] * x)
    assert watch.sampled == SAMPLED_ARRAYS  # the rest by identity: a long list of arrays
    assert sum("by identity" in what for what in watch.large) == 2  # costs no more per call
    many[1][:] = 2.0
    assert watch.changed()


def test_a_long_list_is_watched_by_identity_and_python_s_own_module_names_do_not_count(
        tmp_path, monkeypatch):
    long = [1.0] * (CONTENT_BUDGET // ITEM_BYTES + 1)
    namespace = {"np": np, "weights": long}
    exec("def f(x):\n    return weights[0] * np.sum(x ** 2)\n", namespace)
    watch = watch_reads(namespace["f"])
    assert watch.large == [f"a list of {len(long)} items"]
    long[0] = 3.0  # in place: not seen, as the warning says
    assert not watch.changed()
    namespace["weights"] = [2.0]
    assert watch.changed()

    (tmp_path / "springconstants.py").write_text("K = 2.0\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import springconstants

    def g(x):
        return springconstants.K * x

    watch = watch_reads(g)
    springconstants.__warningregistry__ = {"version": 1}  # what warnings adds to a module
    assert not watch.changed()
    springconstants.K = 5.0
    assert watch.changed()
    sys.modules.pop("springconstants", None)


@pytest.mark.parametrize("engine", ["jax", "dual"])
def test_a_pandas_table_edited_in_place_or_relabelled(engine):
    pd = pytest.importorskip("pandas")
    table = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [0.5, -1.0, 2.0], "name": list("xyz")})
    namespace = {"np": np, "table": table}
    exec("def f(w):\n    return np.sum(table[['a', 'b']].to_numpy() @ w)\n", namespace)
    g = gl.grad(namespace["f"], engine)
    w = np.array([0.3, 0.7])
    close(engine, g(w), [6.0, 1.5])  # column sums
    table.loc[0, "a"] = 11.0  # mixed dtypes: watched by its content key
    close(engine, g(w), [16.0, 1.5])
    numbers = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]})
    namespace["table"] = numbers
    close(engine, g(w), [3.0, 7.0])
    numbers.loc[1, "b"] = 10.0  # one float block: watched by its bytes
    close(engine, g(w), [3.0, 13.0])
    numbers.columns = ["b", "a"]
    close(engine, g(w), [13.0, 3.0])


@pytest.mark.parametrize("engine", ["jax", "pytensor", "sympy"])
def test_a_file_f_reads_at_each_call_is_read_again_by_a_new_gradient(engine, tmp_path):
    # no key sees a file: a compile found in the cache is checked against f's value at its
    # point (``comparison.witness``), so a new gl.grad and compare answer for the new file
    path = tmp_path / "c.npy"
    np.save(path, np.array([0.7, -0.9]))
    namespace = {"np": np, "path": str(path)}
    exec("def model(w):\n    c = np.load(path)\n    return np.sum(c * w ** 2)\n", namespace)
    model, w = namespace["model"], np.array([0.5, 2.0])
    close(engine, gl.grad(model, engine)(w), 2 * np.array([0.7, -0.9]) * w)
    np.save(path, np.array([3.0, 1.0]))
    close(engine, gl.grad(model, engine)(w), 2 * np.array([3.0, 1.0]) * w)
    cmp = gl.compare(model, w, backends=[engine, "dual"], timing=False)
    assert cmp[engine].ok and cmp.reference is not None
    np.testing.assert_allclose(cmp.reference, [3.0, 4.0], rtol=1e-12, atol=0)
    # a gradient function made before: f names a file reader (np.load), so its value at the
    # point is compared before each call as well
    g = gl.grad(model, engine)
    close(engine, g(w), 2 * np.array([3.0, 1.0]) * w)
    np.save(path, np.array([-1.0, 0.5]))
    close(engine, g(w), 2 * np.array([-1.0, 0.5]) * w)
    assert watch_reads(model).outside and not watch_reads(lambda w: np.sum(w)).outside


def test_a_file_reader_given_arguments(tmp_path):
    # its arguments are the call's own: no value of f to compare before the call (it once
    # crashed, evaluating f with the arguments released after the compile)
    path = tmp_path / "c.npy"
    np.save(path, np.array([0.7, -0.9]))
    namespace = {"np": np, "path": str(path)}
    exec("def model(w, a):\n    return np.sum(np.load(path) * (a @ w) ** 2)\n", namespace)
    w = np.array([0.5, 2.0])
    for engine in ("jax", "dual"):
        g = gl.grad(namespace["model"], engine)
        for _ in range(2):
            close(engine, g(w, np.eye(2)), 2 * np.array([0.7, -0.9]) * w)
    np.save(path, np.array([3.0, 1.0]))
    close("dual", g(w, np.eye(2)), 2 * np.array([3.0, 1.0]) * w)  # runs f: reads the file


GAIN = 2.0


def by_name(x):
    return globals()["GAIN"] * np.sum(x**2)


@pytest.mark.parametrize("engine", ["jax", "sympy", "dual", "finite-diff:complex-step"])
def test_a_global_read_through_globals_by_name(engine):
    # the round-7 corpus's globals()["GAIN2"]: a KeyError in every engine that copies f
    g = gl.grad(by_name, engine)
    close(engine, g(W), 4.0 * W)
    MODULE.GAIN = 5.0
    try:
        close(engine, g(W), 10.0 * W)
    finally:
        MODULE.GAIN = 2.0


def test_the_watch_checks_each_kind_of_read():
    cell_f, set_scale = make_closure(1.0)
    data = {"a": np.zeros(2), "items": [1.0, 2.0], "object": types.SimpleNamespace(k=1.0)}

    def f(x):
        return data["a"] @ x + data["items"][0] * data["object"].k + cell_f(x)

    changes = [lambda: data["a"].__setitem__(0, 1.0),
               lambda: data["items"].append(3.0),
               lambda: setattr(data["object"], "k", 2.0),
               lambda: set_scale(2.0),
               lambda: data.__setitem__("b", 0.0)]
    for change in changes:
        watch = watch_reads(f)
        assert not watch.changed()
        change()
        assert watch.changed()
        assert not watch_reads(f).changed()
    watch = watch_reads(f)
    data["items"].append(4.0)
    assert watch.changed() and not watch.unchanged().changed()
