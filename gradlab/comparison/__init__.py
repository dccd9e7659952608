"""The comparison layer: run engines, judge their rows against a reference, time them.

Public entry points live here (compare, check, scaling, step_sweep); the front-ends call them.
"""
