"""Widening mutmut's map of tests by function, for tools/mutation.py."""

from __future__ import annotations

import ast
import json
from pathlib import Path

CLASS = "\u01c1"  # mutmut's separator of class and method in a mutant's name


def widen_test_map(stats: Path, root: Path, files: list[str]) -> set[str]:
    """Map every selected test to the functions mutmut cannot attribute to the tests that run
    their code, and return those functions' names.

    mutmut records which top-level functions each test calls. Calls made while a module is
    imported (engine instances, handler tables, closures built by factories) land on the first
    test, and a closure that a factory returned is never recorded when it runs: a
    mutant there would be run against one test only and survive for want of the others.
    """
    data = json.loads(stats.read_text())
    by_function = data["tests_by_mangled_function_name"]
    every = sorted(data["duration_by_test"])
    first = next(iter(data["duration_by_test"]), None)  # the test that imported the modules
    unmapped = {f for f, tests in by_function.items() if first in tests}
    unmapped |= {f for f in closure_factories(root, files) if f in by_function}
    for function in unmapped:
        by_function[function] = every
    stats.write_text(json.dumps(data))
    return unmapped


def closure_factories(root: Path, files: list[str]) -> set[str]:
    """mutmut's names of the functions and methods that define a function or lambda inside."""
    found = set()
    for path in files:
        module = path[:-3].replace("/", ".").removesuffix(".__init__")
        for node in ast.parse((root / path).read_text()).body:
            methods = [(f"x{CLASS}{node.name}{CLASS}", m) for m in node.body] \
                if isinstance(node, ast.ClassDef) else [("x_", node)]
            for prefix, function in methods:
                if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                        isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
                        for child in function.body for inner in ast.walk(child)):
                    found.add(f"{module}.{prefix}{function.name}")
    return found
