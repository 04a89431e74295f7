"""The declared variables of story.yaml, checked and turned into VarSpecs.

A default that does not fit its type (E108) is reported and replaced by one
that does, so the variable stays declared and its uses are still checked.
A set (format 2) declares the names it may hold (`of:`), so a misspelt name in
a condition or an effect is refused at load time (E114).
"""

from __future__ import annotations

from . import models as m
from .expressions import VarSpec
from .problems import ProblemList
from .safetext import quoted, shown
from .yamlsrc import SourceFile


def compile_variables(head: m.StoryFile, source: SourceFile,
                      problems: ProblemList) -> dict[str, VarSpec]:
    result: dict[str, VarSpec] = {}
    python_type = {"bool": bool, "int": int, "str": str, "set": list}
    for name, var in head.variables.items():
        if var.type == "set" or var.of is not None:
            result[name] = set_variable(name, var, source, problems)
            continue
        default = var.default
        wanted = python_type[var.type]
        fits = type(default) is wanted
        if fits and isinstance(default, int):
            fits = ((var.min is None or default >= var.min)
                    and (var.max is None or default <= var.max))
        if not fits or (var.min is not None and var.max is not None and var.min > var.max):
            line, column = source.where(("variables", name, "default"))
            problems.add("E108", f"the default of '{name}' ({shown(default)}) does not fit its "
                         f"type {var.type}" + (f" between {var.min} and {var.max}"
                                          if var.type == "int" else "")
                         + ". Change the default or the type.", source.path, line, column)
            default = wanted()  # keep the variable declared, so its uses are still checked
            if var.type == "int" and var.min is not None:
                default = max(default, var.min)
        assert not isinstance(default, list)  # sets were handled above
        result[name] = VarSpec(var.type, default, var.min, var.max)
    return result


def set_variable(name: str, var: m.Variable, source: SourceFile,
                  problems: ProblemList) -> VarSpec:
    """A `type: set` variable: the names it may hold (`of:`) and those it starts with."""
    members = frozenset(var.of or ())
    if var.type != "set" or var.of is None:
        line, column = source.where(("variables", name))
        problems.add("E108", f"'{name}' has " + ("`of:` but is not `type: set`." if
                     var.type != "set" else "`type: set` but no `of:` list of the names it "
                     "may hold.") + " A set is written `{type: set, of: [varlin, louise], "
                     "default: []}`.", source.path, line, column)
        return VarSpec("set", frozenset(), of=members)
    default = var.default if isinstance(var.default, list) else None
    wrong = [n for n in default or () if n not in members]
    if default is None or wrong:
        line, column = source.where(("variables", name, "default"))
        what = (f"holds '{quoted(wrong[0])}', which is not in its `of:` list" if wrong
                else f"is {shown(var.default)}, not a list of names")
        problems.add("E108", f"the default of the set '{name}' {what}. Write a list of names "
                     "from `of:`, such as `default: []`.", source.path, line, column)
        default = [n for n in default or () if n in members]
    return VarSpec("set", frozenset(default), of=members)
