"""JUEL and FEEL as the sandbox interprets them: results, syntax errors with their column, hostile input
refused or bounded, and how a text's language is read from its form."""
from __future__ import annotations

import pytest

from engine.scripting.guards import SandboxViolation, ScriptResourceLimit, ScriptTimeout
from engine.scripting.languages import FEEL_TESTS, check, check_feel_tests, classify, interpret

DATA = {"approved": True, "x": "yes", "a": 7, "b": True, "n": None, "items": [1, 2, 3], "empty_list": [],
        "name": "Hà Nội", "m": {"k": 2}, "price": 2.5, "orders": [{"p": 5}, {"p": 12}], "kind": "news",
        "received": "2026-01-05T08:00:00+07:00", "day": "2026-01-31"}


def run(text: str, data: dict | None = None):
    language, source = classify(text)
    if language == "python":  # `${x == 'yes'}` runs as Python in a model; here its JUEL meaning is tested
        language, source = "juel", text
    return interpret(language, source, {**DATA, **(data or {})}, time_limit_s=1.0)


@pytest.mark.parametrize("text, expected", [
    ("${approved}", True), ("${!approved}", False), ("#{not approved}", False),
    ("${x == 'yes'}", True), ("${a > 5 && b}", True), ("${a > 5 and !b}", False),
    ("${approved or n}", True), ("${not empty items}", True), ("${empty empty_list}", True),
    ("${empty n}", True), ("${empty ''}", True), ("${a eq 7}", True), ("${x ne 'a'}", True),
    ("${a lt 3}", False), ("${a ge 7}", True), ("${a > 5 ? 'big' : 'small'}", "big"),
    ("${execution.getVariable('x')}", "yes"), ("${execution.getVariable('nothing')}", None),
    ("${execution.hasVariable('a')}", True), ("${m.k + 1}", 3), ("${m['k'] * 2}", 4), ("${m.zz}", None),
    ("${items[1]}", 2), ("${items[9]}", None), ("${n.anything}", None), ("${'5' + 1}", 6),
    ("${a / 2}", 3.5), ("${a div 7}", 1.0), ("${a mod 4}", 3), ("${-a}", -7), ("${null == n}", True),
    ("${a == '7'}", True), ("${true}", True), ("${'a' += 'b'}", "ab"), ("Hello ${name}, ${a}!",
                                                                        "Hello Hà Nội, 7!"),
    ("${name.toUpperCase()}", "HÀ NỘI"), ("${x.startsWith('y')}", True), ("${items.size()}", 3),
    ("${m.containsKey('k')}", True), ("${x.length()}", 3), ("\\${x} ${x}", "${x} yes"),
])
def test_juel(text, expected):
    assert run(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("=approved", True), ("=a > 5 and x = \"yes\"", True), ("=count(items) > 0", True),
    ("=a in [1..10]", True), ("=a in (1, 2, 7)", True), ("=a in (> 5)", True), ("=not(approved)", False),
    ("=items[2]", 2), ("=items[-1]", 3), ("=orders[p > 10]", [{"p": 12}]), ("=orders.p", [5, 12]),
    ("=string length(name)", 6), ("=upper case(kind)", "NEWS"), ("=substring(\"abcdef\", 2, 3)", "bcd"),
    ("=contains(name, \"Nội\")", True), ("=starts with(kind, \"ne\")", True), ("=sum(items)", 6),
    ("=mean(items)", 2), ("=min(items)", 1), ("=if a > 5 then \"big\" else \"small\"", "big"),
    ("=for i in items return i * 2", [2, 4, 6]), ("=some o in orders satisfies o.p > 10", True),
    ("=every o in orders satisfies o.p > 10", False), ("={a: 1, b: a + 1}.b", 2),
    ("=a between 1 and 10", True), ("=missing = null", True), ("=missing > 5", None),
    ("=missing + 1", None), ("=0.1 + 0.2", 0.3), ("=price * 2", 5), ("=a / 0", None),
    ("=date(received) + duration(\"P2D\")", "2026-01-07"),
    ("=date(day) + duration(\"P1M\")", "2026-02-28"),
    ("=date and time(received) + duration(\"PT2H\")", "2026-01-05T10:00:00+07:00"),
    ("=@\"2026-01-05\" < date(day)", True), ("=duration(\"P1DT4H\")", "P1DT4H"),
    ("=years and months duration(date(\"2025-01-10\"), date(day))", "P1Y"),
    ("=string(a) + \"!\"", "7!"), ("=number(\"42\") + 1", 43), ("=list contains(items, 2)", True),
    ("=distinct values([1, 1, 2])", [1, 2]), ("=index of(items, 3)", [3]), ("=2 ** 10", 1024),
    ("=true and null", None), ("=false and null", False), ("=true or null", True),
    ("=[1, 2] = [1, 2]", True), ("=\"a\" < \"b\"", True), ("=\"a\" < 1", None),
    ("=date(\"2026-01-05\").year", 2026), ("=decimal(1/3, 2)", 0.33), ("=split(\"a,b\", \",\")", ["a", "b"]),
])
def test_feel(text, expected):
    assert run(text) == expected


@pytest.mark.parametrize("entry, value, matches", [
    ("> 5", 7, True), ("> 5", 5, False), ("<= 10", 10, True), ("\"a\",\"b\"", "b", True),
    ("\"a\",\"b\"", "c", False), ("-", "anything", True), ("not(\"x\")", "y", True),
    ("not(\"x\")", "x", False),
    ("[1..5]", 5, True), ("[1..5)", 5, False), ("]1..5]", 1, False), ("(1..5]", 2, True), ("? > 3", 4, True),
    ("1, 3, [7..9]", 8, True), ("null", None, True), ("\"news\"", "news", True), ("> 5, < 0", -1, True),
    ("!= \"a\"", "b", True), ("date(\"2026-01-05\")", "2026-01-05", True),
])
def test_feel_unary_tests(entry, value, matches):
    assert run(FEEL_TESTS + entry, {"dmninputexpr": value}) is matches


@pytest.mark.parametrize("text, language, source", [
    ("approved", "python", "approved"), ("${working_days(5)}", "python", "working_days(5)"),
    ("${value_of('who', None)}", "python", "value_of('who', None)"), ("${true}", "juel", "${true}"),
    ("${execution.getVariable('x')}", "juel", "${execution.getVariable('x')}"),
    ("${!approved}", "juel", "${!approved}"), ("a ${b}", "juel", "a ${b}"), ("=x", "feel", "x"),
    ("#=x > 1", "feel", "x > 1"), ('${ {"j": reporter} }', "python", ' {"j": reporter} '),
    ("${name.length() > 0}", "juel", "${name.length() > 0}"),
    ("${order.total > 5}", "juel", "${order.total > 5}"), ("${name.strip()}", "python", "name.strip()"),
    ("${date.today()}", "python", "date.today()"), ("${now().hour > 8}", "python", "now().hour > 8"),
])
def test_the_form_of_a_text_names_its_language(text, language, source):
    assert classify(text) == (language, source)


@pytest.mark.parametrize("text, column, words", [
    ("${a >}", 6, "expected a value"), ("${a = 1}", 5, "assignment"), ("${(a}", 5, "expected ')'"),
    ("${a ? b}", 8, "expected ':'"), ("${}", 3, "empty"), ("x ${y", 3, "never closed"),
    ("${a && }", 8, "expected a value"), ("${f(1) && x}", 3, "unknown function 'f'"),
    ("${x.__class__}", 5, "'_'"), ("${__import__('os')}", 3, "'__'"), ("${x instanceof y}", 5, "instanceof"),
    ("${x -> x}", 5, "lambda"), ("${a; b}", 4, "';'"), ("${'abc}", 1, "never closed"),
    ("=a >", 5, "expected a value"), ("=a = = 1", 6, "expected a value"), ("=foo(1)", 2, "unknown function"),
    ("=matches(x, \"a.*\")", 2, "regular expressions"), ("=[1..", 6, "expected a value"),
    ("=function(x) x", 2, "function definitions"), ("={a 1}", 5, "expected ':'"),
    ("=x instance of number", 4, "instance of"), ("=a +* b", 5, "expected a value"),
    ("=if a then b", 13, "expected 'else'"), ("=\"abc", 2, "unterminated"),
    ("=a $ b", 4, "unexpected character"),
])
def test_each_syntax_error_names_its_column(text, column, words):
    [problem] = check(text)
    assert problem.startswith(f"line 1, column {column}: ") and words in problem, problem


def test_errors_on_later_lines_give_line_and_column():
    [problem] = check("=a > 1 and\n  b <")
    assert problem.startswith("line 2, column 6:"), problem
    [problem] = check_feel_tests("[1..")
    assert problem.startswith("line 1, column 5:"), problem


@pytest.mark.parametrize("text", [
    "${!" + "(" * 200 + "a" + ")" * 200 + "}", "=" + "(" * 200 + "a" + ")" * 200, "=" + "-" * 500 + "a",
    "${" + "!" * 500 + "a}", "=" + "[" * 100 + "]" * 100, "${" + "a + " * 3000 + "a}",
])
def test_deep_nesting_and_huge_text_are_refused_at_deploy(text):
    [problem] = check(text)
    assert "nested more than" in problem or "longer than" in problem, problem


@pytest.mark.parametrize("text, error", [
    ("=2 ** 100000", ScriptResourceLimit), ("=10 ** 5000 * 10 ** 5000", ScriptResourceLimit),
    ("=99999999999999999999 ** 5000", ScriptResourceLimit),
    ("=for a in 1..100000, b in 1..100000 return a", ScriptResourceLimit),
    ("=for i in 1..1000000000 return i", ScriptResourceLimit),
    ("${big += big}", ScriptResourceLimit), ("${big.replace('x', big)}", SandboxViolation),
    ("=count(for i in 1..999999 return for j in 1..9 return j)", (ScriptTimeout, ScriptResourceLimit)),
])
def test_bombs_are_bounded(text, error):
    with pytest.raises(error):
        run(text, {"big": "x" * 6_000_000})


@pytest.mark.parametrize("text, message", [
    ("${missing}", "Cannot resolve identifier 'missing'"), ("${a && b}", "cannot coerce 7 to a boolean"),
    ("${x.getClass()}", "has no method getClass()"), ("${x.matches('y')}", "regular expressions"),
    ("${m.__len__}", "'_'"), ("${n.foo()}", "cannot call foo() on null"), ("${a / 0}", "division by zero"),
    ("${execution.setVariable('a', 1)}", "execution has no method setVariable()"),
])
def test_juel_runtime_errors(text, message):
    with pytest.raises((ValueError, SandboxViolation), match=message.replace("(", r"\(").replace(")", r"\)")):
        run(text)


def test_feel_cannot_reach_python_attributes():
    assert run("=name.__class__") is None and run("=m.__len__") is None and run("=items.append") == [None] * 3
