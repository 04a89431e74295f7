"""Tests for the safe expression layer (engine/expressions.py and its helpers).

Story files are untrusted, so besides the language itself these tests make sure
that every hostile or broken input ends in an ExpressionError (never another
exception) and that run-time arithmetic can never raise.
"""

from __future__ import annotations

import pickle
import random
from dataclasses import dataclass, field

import pytest

from communard.conditionwords import describe_condition
from engine.expressions import (
    Condition,
    Effect,
    ExpressionError,
    Template,
    VarSpec,
    compile_condition,
    compile_effect,
    compile_template,
)

LIMIT = 10**15

VARS: dict[str, VarSpec] = {
    "trust": VarSpec("int", 0, min=0, max=5),
    "gold": VarSpec("int", 0),
    "fled": VarSpec("bool", False),
    "has_bread": VarSpec("bool", False),
    "name": VarSpec("str", "Louise"),
}
SCENES = {"morning.oven": "morning.oven", "oven": "morning.oven",
          "evening.meeting": "evening.meeting"}


def resolve(ref: str) -> str | None:
    return SCENES.get(ref)


@dataclass
class Scope:
    vars: dict[str, bool | int | str] = field(default_factory=dict)
    visits: dict[str, int] = field(default_factory=dict)


def scope(visits: dict[str, int] | None = None, **values: bool | int | str) -> Scope:
    state: dict[str, bool | int | str] = {k: spec.default for k, spec in VARS.items()}
    state.update(values)
    return Scope(state, dict(visits or {}))


def cond(source: str, **values: bool | int | str) -> bool:
    return compile_condition(source, VARS, resolve)(scope(**values))


def value(source: str, **values: bool | int | str) -> bool | int | str:
    """The value of any expression, stored by an effect into a variable of its type."""
    for target, kind in (("gold", "int"), ("name", "str"), ("fled", "bool")):
        try:
            effect = compile_effect(f"{target} = {source}", VARS, resolve)
        except ExpressionError as error:
            if error.code == "E111" and "holds" in error.message:
                continue
            raise
        state = scope(**values)
        effect(state)
        result = state.vars[target]
        assert {"int": int, "str": str, "bool": bool}[kind] is type(result)
        return result
    raise AssertionError("unreachable")


def error_of(source: str, kind: str = "condition") -> ExpressionError:
    compiler = {"condition": compile_condition, "effect": compile_effect,
                "template": compile_template}[kind]
    with pytest.raises(ExpressionError) as info:
        compiler(source, VARS, resolve)
    return info.value


# --- values and operators ------------------------------------------------------

@pytest.mark.parametrize(("source", "expected"), [
    ("true", True), ("false", False), ("0", 0), ("42", 42), ("-1", -1), ("007", 7),
    ("1000000000000000", LIMIT), ("-1000000000000000", -LIMIT),
    ("'Louise'", "Louise"), ('"Louise"', "Louise"), ("''", ""),
    (r"'it\'s'", "it's"), (r'"say \"hi\""', 'say "hi"'), (r"'a\\b'", "a\\b"),
    ("'a \"b\"'", 'a "b"'), ("'Élise'", "Élise"),
])
def test_literals(source: str, expected: object) -> None:
    assert value(source) == expected


@pytest.mark.parametrize(("source", "expected"), [
    ("1 + 2", 3), ("5 - 7", -2), ("6 * 7", 42), ("7 / 2", 3), ("7 % 3", 1),
    ("-7 / 2", -3), ("7 / -2", -3), ("-7 / -2", 3), ("-7 % 2", -1), ("7 % -2", 1),
    ("-(2 + 3)", -5), ("- -4", 4), ("2 - -3", 5),
    ("min(3, 9)", 3), ("max(3, 9)", 9), ("abs(-4)", 4), ("abs(4)", 4),
    ("min(gold, 10)", 10), ("max(gold, 0)", 20), ("abs(gold - 30)", 10),
    ("'Lou' + 'ise'", "Louise"), ("name + '!'", "Louise!"),
])
def test_arithmetic(source: str, expected: object) -> None:
    assert value(source, gold=20) == expected


@pytest.mark.parametrize(("source", "expected"), [
    ("1 + 2 * 3", 7), ("(1 + 2) * 3", 9), ("10 - 2 - 3", 5), ("100 / 10 / 5", 2),
    ("7 / 2 * 2", 6), ("2 * 3 % 4", 2), ("-2 * 3", -6), ("- 2 - 3", -5),
    ("2 + 3 * 4 - 6 / 2", 11), ("((((7))))", 7),
])
def test_arithmetic_precedence(source: str, expected: int) -> None:
    assert value(source) == expected


@pytest.mark.parametrize(("source", "expected"), [
    ("1 == 1", True), ("1 == 2", False), ("1 != 2", True), ("1 != 1", False),
    ("1 < 2", True), ("2 < 2", False), ("2 <= 2", True), ("3 <= 2", False),
    ("3 > 2", True), ("2 > 2", False), ("2 >= 2", True), ("1 >= 2", False),
    ("'a' == 'a'", True), ("'a' != 'A'", True), ("true == true", True), ("true != false", True),
    ("true and true", True), ("true and false", False), ("false or true", True),
    ("false or false", False), ("not false", True), ("not true", False),
    ("true or false and false", True), ("(true or false) and false", False),
    ("not true or true", True), ("not (true or true)", False), ("not 1 == 2", True),
    ("not not true", True), ("1 + 1 == 2 and 2 > 1", True), ("(2 * 3 > 5) == true", True),
    ("false and false or true", True), ("true and true and true and false", False),
    ("false or false or false or true", True),
])
def test_logic_and_comparison(source: str, expected: bool) -> None:
    assert cond(source) is expected


def test_variables_are_read_at_run_time() -> None:
    condition = compile_condition("trust >= 2 and not fled", VARS, resolve)
    assert isinstance(condition, Condition)
    assert condition.source == "trust >= 2 and not fled"
    assert condition.variables == {"trust", "fled"}
    assert condition.scenes == frozenset()
    assert condition(scope(trust=2)) is True
    assert condition(scope(trust=1)) is False
    assert condition(scope(trust=3, fled=True)) is False
    assert cond("name == 'Louise' or trust > 3") is True
    assert cond("name == 'Louise' or trust > 3", name="Jeanne") is False


def test_missing_variable_reads_its_default() -> None:
    """A save from an older story version may lack a variable added later."""
    condition = compile_condition("trust == 0 and name == 'Louise' and 2 > trust",
                                  VARS, resolve)
    assert condition(Scope({}, {})) is True


def test_short_circuit() -> None:
    # The right side would read a scene the resolver knows but the scope lacks.
    assert cond("false and visits('oven') > 0") is False
    assert cond("true or visited('oven')") is True


# --- run-time safety: clamping and division ---------------------------------

@pytest.mark.parametrize(("source", "expected"), [
    ("1000000000000000 + 1", LIMIT), ("-1000000000000000 - 1", -LIMIT),
    ("1000000000000000 * 1000000000000000", LIMIT),
    ("gold * gold * gold", LIMIT), ("-gold * gold * gold", -LIMIT),
    ("7 / 0", 0), ("7 % 0", 0), ("gold / (gold - gold)", 0), ("gold % (trust * 0)", 0),
    ("-1000000000000000 / -1", LIMIT),
])
def test_clamping_and_division_by_zero(source: str, expected: int) -> None:
    assert value(source, gold=LIMIT) == expected


def test_effect_clamps_to_declared_limits() -> None:
    state = scope(trust=4)
    compile_effect("trust += 10", VARS, resolve)(state)
    assert state.vars["trust"] == 5
    compile_effect("trust -= 100", VARS, resolve)(state)
    assert state.vars["trust"] == 0
    compile_effect("trust = 99", VARS, resolve)(state)
    assert state.vars["trust"] == 5
    compile_effect("trust = -3", VARS, resolve)(state)
    assert state.vars["trust"] == 0


def test_effect_clamps_unbounded_to_limit() -> None:
    state = scope(gold=LIMIT)
    compile_effect("gold += 1", VARS, resolve)(state)
    assert state.vars["gold"] == LIMIT
    compile_effect("gold = gold * -5", VARS, resolve)(state)
    assert state.vars["gold"] == -LIMIT
    compile_effect("gold -= 1000000000000000", VARS, resolve)(state)
    assert state.vars["gold"] == -LIMIT


def test_strings_are_capped() -> None:
    double = compile_effect("name += name", VARS, resolve)
    state = scope()
    for _ in range(20):
        double(state)
    assert len(state.vars["name"]) == 10_000
    assert value("name + name", name="x" * 9_000) == "x" * 10_000


# --- effects ------------------------------------------------------------------

def test_effects() -> None:
    state = scope(trust=1)
    effects = [compile_effect(s, VARS, resolve) for s in (
        "trust += 2", "has_bread = true", "name = 'Jeanne'", "name += ' Example'",
        "gold = trust * 10", "gold -= 5", "fled = trust > 2 and has_bread")]
    for effect in effects:
        assert isinstance(effect, Effect)
        effect(state)
    assert state.vars == {"trust": 3, "has_bread": True, "name": "Jeanne Example",
                          "gold": 25, "fled": True}
    assert effects[0].target == "trust"
    assert effects[0].variables == {"trust"}  # += reads its target
    assert effects[1].variables == frozenset()
    assert effects[4].variables == {"trust"}
    assert effects[6].variables == {"trust", "has_bread"}
    assert effects[6].source == "fled = trust > 2 and has_bread"


def test_effect_with_scene() -> None:
    effect = compile_effect("gold = visits('oven') * 2", VARS, resolve)
    assert effect.scenes == {"morning.oven"}
    state = scope(visits={"morning.oven": 3})
    effect(state)
    assert state.vars["gold"] == 6


@pytest.mark.parametrize(("source", "code", "offset", "fragment"), [
    ("trust == 1", "E110", 6, "single `=`"),
    ("trust *= 2", "E110", 6, "trust = trust *"),
    ("trust", "E110", 5, "=, += or -="),
    ("trust =", "E110", 7, "nothing follows"),
    ("", "E110", 0, "name of the variable"),
    ("3 = trust", "E110", 0, "name of the variable"),
    ("trust = 1, fled = true", "E110", 9, "unexpected `,`"),
    ("turst += 1", "E104", 0, "`trust`"),
    ("fled += true", "E111", 0, "true/false"),
    ("name -= 'x'", "E111", 0, "name = ..."),
    ("name = 3", "E111", 7, "holds a text"),
    ("trust = 'three'", "E111", 8, "holds a number"),
    ("fled = 1", "E111", 7, "holds true/false"),
    ("trust += fled", "E111", 9, "gives it true/false"),
    ("gold = open('f')", "E112", 7, "cannot be called"),
])
def test_effect_errors(source: str, code: str, offset: int, fragment: str) -> None:
    error = error_of(source, "effect")
    assert (error.code, error.offset) == (code, offset), error
    assert fragment in error.message


# --- compile-time errors --------------------------------------------------------

@pytest.mark.parametrize(("source", "code", "offset", "fragment"), [
    # type errors
    ("trust and fled", "E111", 0, "`and` needs true/false on both sides, got a number"),
    ("fled or name", "E111", 8, "got a text (`name`)"),
    ("not trust", "E111", 4, "`not` needs true/false"),
    ("trust", "E111", 0, "did you mean `trust > 0`"),
    ("name", "E111", 0, "must be true or false"),
    ("trust + 1", "E111", 0, "a condition must be true or false"),
    ("trust == name", "E111", 6, "same kind of value"),
    ("fled != 1", "E111", 5, "same kind of value"),
    ("name < 'b'", "E111", 0, "numbers only"),
    ("3 >= fled", "E111", 5, "numbers only"),
    ("name + 1 == 'x'", "E111", 5, "`+` adds two numbers or joins two texts"),
    ("fled + fled", "E111", 5, "`+` adds"),
    ("name - 'x' == ''", "E111", 0, "`-` works on numbers only"),
    ("trust * fled > 1", "E111", 8, "numbers only"),
    ("-name == 'x'", "E111", 1, "minus sign"),
    ("min(name, 1) > 0", "E111", 4, "numbers only"),
    ("abs(fled) > 0", "E111", 4, "numbers only"),
    ("min(1) > 0", "E111", 0, "two values"),
    ("abs(1, 2) > 0", "E111", 0, "one value"),
    ("visited()", "E111", 0, "one value"),
    ("visited(name)", "E111", 8, "in quotes"),
    ("visits('oven' + '') > 1", "E111", 7, "in quotes"),
    # unknown names and scenes
    ("turst > 1", "E104", 0, "Did you mean `trust`?"),
    ("fled and hasbread", "E104", 9, "`has_bread`"),
    ("zebra", "E104", 0, "declare it under `variables:`"),
    ("visited", "E110", 0, "needs brackets"),
    ("visited('nowhere')", "E106", 8, "'nowhere'"),
    ("visits('evening.nope') > 0", "E106", 7, "'evening.nope'"),
    # syntax
    ("", "E110", 0, "empty"),
    ("   ", "E110", 0, "empty"),
    ("True", "E110", 0, "did you mean `true`"),
    ("FALSE or fled", "E110", 0, "`false`"),
    ("fled AND fled", "E110", 5, "`and`"),
    ("1 < 2 < 3", "E110", 6, "cannot be chained"),
    ("1 == 1 == true", "E110", 7, "cannot be chained"),
    ("trust = 1", "E110", 6, "write `==`"),
    ("trust += 1", "E110", 6, "effects"),
    ("trust => 1", "E110", 6, "`>=`"),
    ("fled && fled", "E110", 5, "`and`"),
    ("fled || fled", "E110", 5, "`or`"),
    ("!fled", "E110", 0, "`not`"),
    ("trust > 1.5", "E110", 8, "whole numbers"),
    ("trust > 2x", "E110", 8, "digits and letters"),
    ("trust > 1000000000000001", "E110", 8, "too large"),
    ("trust > 99999999999999999999999999", "E110", 8, "too large"),
    ("trust >", "E110", 7, "ends too early after `>`"),
    ("(fled", "E110", 0, "never closed"),
    ("fled)", "E110", 4, "no matching `(`"),
    ("min(1, 2", "E110", 0, "never closed"),
    ("min(1, 2,) > 0", "E110", 9, "value is missing"),
    ("fled fled", "E110", 5, "missing"),
    ("1 (2) == 2", "E110", 2, "bracket cannot follow"),
    ("fled (fled)", "E112", 0, "cannot be called"),
    ("fled not fled", "E110", 5, "`not` goes in front"),
    ("+1 > 0", "E110", 0, "needs a value on its left"),
    ("* 2", "E110", 0, "value is missing"),
    ("'unclosed", "E110", 0, "never closed"),
    (r"name == 'a\n'", "E110", 10, "backslash"),
    ("name == 'tab\there'", "E110", 12, "U+0009"),
    ("name == ‘Louise’", "E110", 8, "curly quotation mark"),
    ("trust ≥ 2", "E110", 6, "`>=`"),
    ("trust > 1; fled", "E110", 9, "list"),
    ("{if fled}", "E110", 0, "curly braces"),
    ("trust > 1 # comment", "E110", 10, "unexpected character `#`"),
    ("trust\u00a0> 1", "E110", 5, "U+00A0"),
    ("fled\x00", "E110", 4, "U+0000"),
])
def test_condition_errors(source: str, code: str, offset: int, fragment: str) -> None:
    error = error_of(source)
    assert (error.code, error.offset) == (code, offset), error
    assert fragment in error.message, error.message
    assert error.message.rstrip().endswith((".", "?")), "every message ends with a fix"


def test_unknown_variable_without_close_match_has_no_suggestion() -> None:
    assert "Did you mean" not in error_of("zebra > 1").message


def test_error_object() -> None:
    error = error_of("fled and 3")
    assert isinstance(error, Exception)
    assert error.code == "E111" and error.offset == 9
    assert str(error).startswith("E111 at character 9: ")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.code, copy.message, copy.offset) == (error.code, error.message, error.offset)


# --- scenes ------------------------------------------------------------------------

def test_visited_and_visits() -> None:
    seen = compile_condition("visited('oven')", VARS, resolve)
    assert seen.scenes == {"morning.oven"}  # canonical ids, not the text as written
    assert seen(scope()) is False
    assert seen(scope(visits={"morning.oven": 1})) is True
    twice = compile_condition("visits('evening.meeting') < 2", VARS, resolve)
    assert twice(scope(visits={"evening.meeting": 1})) is True
    assert twice(scope(visits={"evening.meeting": 2})) is False
    both = compile_condition("visited('oven') and visits('evening.meeting') == 0",
                             VARS, resolve)
    assert both.scenes == {"morning.oven", "evening.meeting"}


def test_resolver_receives_reference_as_written() -> None:
    asked: list[str] = []

    def spy(ref: str) -> str | None:
        asked.append(ref)
        return "x.y"

    compile_condition("visited(\"here\") or visits('a.b') > 1", VARS, spy)
    assert asked == ["here", "a.b"]


def test_function_names_can_also_be_variables() -> None:
    variables = {**VARS, "min": VarSpec("int", 3)}
    assert compile_condition("min(min, 2) == 2", variables, resolve)(Scope({"min": 3})) is True


# --- templates -------------------------------------------------------------------

def render(source: str, **values: bool | int | str) -> str:
    return compile_template(source, VARS, resolve).render(scope(**values))


def test_static_template() -> None:
    template = compile_template("The dough rises. {{braces}} stay }}", VARS, resolve)
    assert isinstance(template, Template)
    assert template.is_static
    assert template.render(scope()) == "The dough rises. {braces} stay }"
    assert template.variables == frozenset() and template.scenes == frozenset()
    assert compile_template("", VARS, resolve).render(scope()) == ""


@pytest.mark.parametrize(("trust", "expected"), [
    (3, "They trust you."), (1, "They watch you."), (0, "They ignore you.")])
def test_if_elif_else(trust: int, expected: str) -> None:
    source = ("{if trust >= 2}They trust you.{elif trust == 1}They watch you."
              "{else}They ignore you.{end}")
    assert render(source, trust=trust) == expected


def test_if_without_else_and_nesting() -> None:
    source = ("A{if fled} B{if trust > 1} C{else} D{end}{elif has_bread} E{end} F")
    assert render(source) == "A F"
    assert render(source, fled=True) == "A B D F"
    assert render(source, fled=True, trust=2) == "A B C F"
    assert render(source, has_bread=True) == "A E F"


def test_interpolation() -> None:
    template = compile_template("Your name is {= name}, trust {=trust+1}, fled {= fled}, "
                                "seen {= visits('oven')}.", VARS, resolve)
    assert not template.is_static
    assert template.variables == {"name", "trust", "fled"}
    assert template.scenes == {"morning.oven"}
    assert (template.render(scope(trust=2, visits={"morning.oven": 4}))
            == "Your name is Louise, trust 3, fled false, seen 4.")


def test_template_tags_and_escapes() -> None:
    assert render("{if name == '}'}yes{else}no{end}", name="}") == "yes"
    assert render("{{{= name}}}") == "{Louise}"
    assert render("{ if fled }x{ else }y{ end }") == "y"
    assert render("{if(fled)}x{end}", fled=True) == "x"
    assert render("{if fled}{end}") == ""
    assert render("Line one\n{if true}\nLine two\n{end}") == "Line one\n\nLine two\n"


@pytest.mark.parametrize(("source", "code", "offset", "fragment"), [
    ("{if fled}x", "E113", 0, "never closed"),
    ("ab {if fled}{if trust > 1}x{end}", "E113", 3, "never closed"),
    ("x{else}y", "E113", 1, "no {if ...}"),
    ("x{elif fled}y", "E113", 1, "no {if ...}"),
    ("x {end}", "E113", 2, "no {if ...}"),
    ("{if fled}a{else}b{else}c{end}", "E113", 17, "only one {else}"),
    ("{if fled}a{else}b{elif fled}c{end}", "E113", 17, "before the {else}"),
    ("a } b", "E113", 2, "`}}`"),
    ("a { b", "E113", 2, "never closed"),
    ("abc {if fled x{end}", "E113", 4, "never closed"),
    ("{if name == 'x}", "E113", 0, "quotes"),
    ("{name}", "E113", 0, "{= name}"),
    ("{}", "E113", 0, "not a tag"),
    ("{iffy}", "E113", 0, "not a tag"),
    ("{if fled}x{endif}", "E113", 10, "{end}"),
    ("{if fled}x{else fled}y{end}", "E113", 10, "{elif ...}"),
    ("{if fled}" * 65 + "{end}" * 65, "E113", 576, "nested"),
    # errors inside embedded expressions keep offsets into the whole template
    ("Hello {if turst > 1}x{end}", "E104", 10, "`trust`"),
    ("Hello {= name + 1}", "E111", 14, "`+`"),
    ("ab{if trust}x{end}", "E111", 6, "true or false"),
    ("ab{if fled}x{elif 2 ** 2}y{end}", "E112", 20, "power"),
    ("ab{=}", "E110", 4, "empty"),
    ("ab{if fled}x{elif}y{end}", "E110", 17, "empty"),
    ("{= open('/etc/passwd')}", "E112", 3, "cannot be called"),
    ("{= visited('nope')}", "E106", 11, "'nope'"),
])
def test_template_errors(source: str, code: str, offset: int, fragment: str) -> None:
    error = error_of(source, "template")
    assert (error.code, error.offset) == (code, offset), error
    assert fragment in error.message, error.message
    assert error.message.rstrip().endswith((".", "?"))


def test_template_nesting_limit_allows_64() -> None:
    source = "{if true}" * 64 + "deep" + "{end}" * 64
    assert render(source) == "deep"


# --- attempts to reach Python, and oversized input ----------------------------------

HOSTILE = [
    "__import__('os')", "__import__('os').system('ls')", "().__class__", "x.__class__",
    "fled.__class__.__bases__", "open('f')", "exec('1')", "eval('1')", "getattr(fled, 'x')",
    "globals()", "lambda: 1", "(lambda: 1)()", "2 ** 999999", "[1]", "a[0]", "name[0]",
    "{'a': 1}", "f'{fled}'", "fled if true else false", "import os", "x := 1", "1 .real",
    "...", "@fled", "`fled`", "$x", "fled is true", "'a' in name", "b'x'", "0x10 > 1",
    "1e9 > 1", "1_000 > 1", "print(1)", "trust.bit_length()", "(" * 10000, "not " * 5000,
    "-" * 3000 + "1", "fled and " * 300 + "fled", "a" * 3000, "'" + "x" * 3000 + "'",
    "'\x00'", "\x00", "fled\x00 == true", "name == 'a\x00b'", "\ud800", "name == '\ud800'",
]


@pytest.mark.parametrize("source", HOSTILE)
@pytest.mark.parametrize("kind", ["condition", "effect", "template"])
def test_hostile_input_is_an_expression_error(source: str, kind: str) -> None:
    text = {"condition": source, "effect": f"gold = {source}", "template": f"{{= {source}}}"}
    with pytest.raises(ExpressionError):
        {"condition": compile_condition, "effect": compile_effect,
         "template": compile_template}[kind](text[kind], VARS, resolve)


@pytest.mark.parametrize(("source", "code", "offset"), [
    ("__import__('os')", "E112", 0), ("().__class__", "E112", 2), ("x.__class__", "E112", 1),
    ("open('f')", "E112", 0), ("exec('1')", "E112", 0), ("lambda: 1", "E112", 0),
    ("2 ** 999999", "E112", 2), ("[1]", "E112", 0), ("a[0]", "E112", 1),
    ("fled if true else false", "E112", 5), ("(" * 10000, "E110", 2000),
    ("'\x00'", "E110", 1), ("\x00", "E110", 0),
])
def test_hostile_input_codes(source: str, code: str, offset: int) -> None:
    error = error_of(source)
    assert (error.code, error.offset) == (code, offset)


def test_power_operator_message() -> None:
    assert "there is no power operator" in error_of("2 ** 3 > 1").message


def test_length_limit() -> None:
    ok = "fled and " * 222 + "fled"  # 2002 characters
    assert error_of(ok).offset == 2000
    assert cond("fled or " * 220 + "true") is True  # long flat chains are fine


def test_nesting_limit() -> None:
    assert cond("(" * 64 + "true" + ")" * 64) is True
    error = error_of("(" * 65 + "true" + ")" * 65)
    assert (error.code, error.offset) == ("E110", 64)
    assert "nested too deeply" in error.message
    assert cond("not " * 64 + "true") is True
    assert error_of("not " * 65 + "true").code == "E110"
    assert value("-" * 64 + "1") == 1
    assert error_of("gold = " + "-" * 65 + "1", "effect").code == "E110"
    assert error_of("1" + " + 1" * 70 + " > 0").code == "E110"  # 70 operators inside each other
    assert error_of("min(" * 65 + "1" + ", 1)" * 65 + " > 0").code == "E110"


# --- fuzzing: only ExpressionError or success, and results never raise ------------

ALPHABET = ("abcdefghilmnorstuvwxyz_ABT0123456789 \t\n'\"\\+-*/%<>=!(),.[]{}:;#@&|~^$\x00é‘")
FRAGMENTS = ["trust", "gold", "fled", "has_bread", "name", "true", "false", "and", "or",
             "not", "visited('oven')", "visits('oven')", "visited('nowhere')", "min(", "max(",
             "abs(", "(", ")", ",", "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">",
             ">=", "=", "+=", "-=", "0", "1", "7", "1000000000000000", "'x'", "'}'", "{if ",
             "{elif ", "{else}", "{end}", "{= ", "}", "{{", "}}", " ", "**", ".", "[0]",
             "__class__", "open('f')", "\x00"]
SCOPES = [scope(), scope(trust=5, gold=LIMIT, fled=True, has_bread=True, name="x" * 10_000,
                     visits={"morning.oven": 3}),
          scope(gold=-LIMIT, name="")]


def _exercise(source: str) -> None:
    for compiler in (compile_condition, compile_effect, compile_template):
        try:
            compiled = compiler(source, VARS, resolve)
        except ExpressionError as error:
            assert isinstance(error.offset, int) and 0 <= error.offset <= len(source) + 4
            assert error.code in {"E104", "E106", "E110", "E111", "E112", "E113"}
            continue
        for state in SCOPES:
            state = Scope(dict(state.vars), dict(state.visits))
            if isinstance(compiled, Condition):
                assert type(compiled(state)) is bool
            elif isinstance(compiled, Effect):
                compiled(state)
                result = state.vars[compiled.target]
                spec = VARS[compiled.target]
                assert type(result).__name__ == spec.type
                if spec.type == "int":
                    assert -LIMIT <= result <= LIMIT
                    assert spec.min is None or result >= spec.min
                    assert spec.max is None or result <= spec.max
                if spec.type == "str":
                    assert len(result) <= 10_000
            else:
                assert isinstance(compiled.render(state), str)
    assert isinstance(describe_condition(source), str)


def test_fuzz_characters() -> None:
    rng = random.Random(1871)
    for _ in range(2000):
        _exercise("".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 30))))


LEAVES = ["trust", "gold", "fled", "has_bread", "name", "true", "false", "0", "7", "-3",
          "1000000000000000", "'x'", "visits('oven')", "visited('oven')"]
BINARY = ["and", "or", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%"]


def _random_expression(rng: random.Random, depth: int) -> str:
    """A grammatical expression of random (often mismatched) types."""
    if depth <= 0 or rng.random() < 0.3:
        return rng.choice(LEAVES)
    form = rng.randrange(6)
    sub = [_random_expression(rng, depth - 1) for _ in range(2)]
    if form == 0:
        return f"({sub[0]})"
    if form == 1:
        return f"not {sub[0]}"
    if form == 2:
        return f"-{sub[0]}"
    if form == 3:
        return rng.choice([f"min({sub[0]}, {sub[1]})", f"max({sub[0]}, {sub[1]})",
                           f"abs({sub[0]})"])
    return f"{sub[0]} {rng.choice(BINARY)} {sub[1]}"


def test_fuzz_fragments() -> None:
    """Grammatical soup, sometimes damaged, reaches deeper than random characters do."""
    rng = random.Random(18710318)
    successes = 0
    for _ in range(2000):
        source = _random_expression(rng, rng.randint(1, 6))
        if rng.random() < 0.3:  # damage it: insert or delete a fragment
            cut = rng.randint(0, len(source))
            source = source[:cut] + rng.choice(FRAGMENTS) + source[cut + rng.randint(0, 3):]
        if rng.random() < 0.2:
            source = f"{{if {source}}}a{{else}}{{= {_random_expression(rng, 2)}}}{{end}}"
        _exercise(source)
        _exercise(f"fled = {source}")
        _exercise(f"gold += {source}")
        try:
            compile_condition(source, VARS, resolve)
            successes += 1
        except ExpressionError:
            pass
    assert successes > 100  # the fuzz must also exercise run time, not only errors


def test_templates_can_share_their_compiled_conditions():
    shared: dict = {}
    first = compile_template("A {if trust > 1}yes{else}no{end}.", VARS, resolve,
                             conditions=shared)
    second = compile_template("B {if trust > 1}sure{end}{if fled}gone{end}", VARS, resolve,
                              conditions=shared)
    assert {k.strip() for k in shared} == {"trust > 1", "fled"}  # compiled once each
    assert first.render(scope(trust=2)) == "A yes." and first.render(scope()) == "A no."
    assert second.render(scope(trust=3, fled=True)) == "B suregone"
    assert second.variables == {"trust", "fled"}
    with pytest.raises(ExpressionError) as error:  # a bad condition is reported, never cached
        compile_template("{if trust > 'x'}.{end}", VARS, resolve, conditions=shared)
    assert error.value.code == "E111" and len(shared) == 2
