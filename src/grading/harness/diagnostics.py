"""Strata's editor diagnostics: what CPython itself says about a learner's file before it runs.

Standard library only; runs in the browser's Pyodide worker as the learner types, and under python3
in the tests. It never runs the learner's code: `compile` finds syntax errors (the parser's and the
compiler's: `return` outside a function, a misplaced `nonlocal`), runner.py's language_problem the
syntax that is newer than the exercise's Python version (the same check the grader makes), and
`symtable` which names each scope binds, so a name that resolves to nothing (not bound in its
scope, an enclosing function, the module or the builtins) is reported where it is used.

This file runs in a namespace where runner.py has been executed first: it uses that file's
language_problem and parse_level rather than keeping a second copy of the version rules.
"""

import ast
import builtins
import json
import symtable
import warnings

# Names every module has without binding them (and __path__ in a package's __init__.py).
MODULE_NAMES = frozenset(
    ("__name__", "__file__", "__doc__", "__spec__", "__loader__", "__package__", "__builtins__", "__path__",
     "__cached__", "__annotations__", "__dict__", "__debug__")
)
CLASS_NAMES = frozenset(("__module__", "__qualname__", "__class__", "__classdict__"))
SCOPE_NODES = {
    ast.FunctionDef: None,
    ast.AsyncFunctionDef: None,
    ast.ClassDef: None,
    ast.Lambda: "lambda",
    ast.ListComp: "listcomp",
    ast.SetComp: "setcomp",
    ast.DictComp: "dictcomp",
    ast.GeneratorExp: "genexpr",
}


def diagnostic(kind, message, line, column, end_line=None, end_column=None):
    """One finding; lines and columns are 1-based, the end exclusive (as Monaco takes them)."""
    line = line if isinstance(line, int) and line > 0 else 1
    column = column if isinstance(column, int) and column > 0 else 1
    end_line = end_line if isinstance(end_line, int) and end_line >= line else line
    if not isinstance(end_column, int) or (end_line == line and end_column <= column):
        end_column = column + 1
    return {
        "kind": kind,
        "message": message,
        "line": line,
        "column": column,
        "endLine": end_line,
        "endColumn": end_column,
    }


def syntax_error(error, source):
    """A SyntaxError (or IndentationError) as a diagnostic on its line."""
    line = error.lineno or 1
    column = error.offset or 1
    end_line = getattr(error, "end_lineno", None)
    end_column = getattr(error, "end_offset", None)
    lines = source.splitlines()
    if end_line is None or end_column is None or (end_line, end_column) <= (line, column):
        # mark to the end of the line's text, at least one character
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        end_line, end_column = line, max(column + 1, len(text.rstrip()) + 1)
    name = type(error).__name__
    return diagnostic("syntax", "%s: %s" % (name, error.msg), line, column, end_line, end_column)


def tables_by_key(table):
    """Every symbol table below `table`, by (name, first line): how an AST scope finds its own."""
    found = {}
    pending = [table]
    while pending:
        current = pending.pop()
        found.setdefault((current.get_name(), current.get_lineno()), []).append(current)
        pending.extend(current.get_children())
    return found


def module_bindings(top):
    """Names bound at module level: assigned, imported, defined there, or declared global and
    assigned in some function."""
    bound = set()
    pending = [top]
    while pending:
        table = pending.pop()
        for symbol in table.get_symbols():
            if table is top and (symbol.is_assigned() or symbol.is_imported() or symbol.is_namespace()):
                bound.add(symbol.get_name())
            elif symbol.is_declared_global() and symbol.is_assigned():
                bound.add(symbol.get_name())
        pending.extend(table.get_children())
    return bound


class NameChecker:
    """Walks the AST with the scopes symtable built, and reports each load of a name that
    resolves to nothing. A scope it cannot match to its table is skipped (never guessed): a
    missed report is better than a false one."""

    def __init__(self, top, known):
        self.top = top
        self.tables = tables_by_key(top)
        self.known = known
        self.found = []

    def table_of(self, node):
        name = SCOPE_NODES[type(node)] or node.name
        return self.tables.get((name, node.lineno))

    def lookup(self, tables, name):
        """Whether `name`, loaded in the scope of `tables` (one per table that may be this scope),
        is undefined in every one of them."""
        undefined = []
        for table in tables:
            try:
                symbol = table.lookup(name)
            except KeyError:
                # Python 3.14 puts annotations in their own scopes, named __annotate__
                symbol = None
                for child in table.get_children():
                    if child.get_name() == "__annotate__":
                        try:
                            symbol = child.lookup(name)
                            break
                        except KeyError:
                            continue
                if symbol is None:
                    return False
            # at module level every name is looked up globally; elsewhere only an unbound one is
            if str(table.get_type()) != "module" and not symbol.is_global():
                return False
            undefined.append(True)
        return bool(undefined) and name not in self.known

    def visit(self, node, tables, in_class=False):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            if tables and self.lookup(tables, node.id) and not (in_class and node.id in CLASS_NAMES):
                self.found.append(
                    diagnostic(
                        "undefined-name",
                        "name '%s' is not defined" % node.id,
                        node.lineno,
                        node.col_offset + 1,
                        node.end_lineno,
                        node.end_col_offset + 1,
                    )
                )
            return
        kind = type(node)
        if kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda):
            for child in node.decorator_list if kind is not ast.Lambda else ():
                self.visit(child, tables, in_class)
            for child in node.args.defaults + [d for d in node.args.kw_defaults if d is not None]:
                self.visit(child, tables, in_class)
            if kind is not ast.Lambda:
                arguments = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
                arguments += [a for a in (node.args.vararg, node.args.kwarg) if a is not None]
                for annotation in [a.annotation for a in arguments if a.annotation is not None] + [node.returns]:
                    if annotation is not None:
                        self.visit(annotation, tables, in_class)
            inner = self.table_of(node)
            body = node.body if kind is not ast.Lambda else [node.body]
            for child in body:
                self.visit(child, inner, False)
            return
        if kind is ast.ClassDef:
            for child in node.decorator_list + node.bases + [k.value for k in node.keywords]:
                self.visit(child, tables, in_class)
            inner = self.table_of(node)
            for child in node.body:
                self.visit(child, inner, True)
            return
        if kind in (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp):
            first, *rest = node.generators
            self.visit(first.iter, tables, in_class)
            # inlined comprehensions (Python 3.12+) have no table of their own
            inner = self.table_of(node) or tables
            self.visit(first.target, inner, False)
            for child in first.ifs:
                self.visit(child, inner, False)
            for generator in rest:
                for child in [generator.target, generator.iter] + generator.ifs:
                    self.visit(child, inner, False)
            for child in (node.key, node.value) if kind is ast.DictComp else (node.elt,):
                self.visit(child, inner, False)
            return
        for child in ast.iter_child_nodes(node):
            self.visit(child, tables, in_class)


def undefined_names(tree, source, path):
    """Loads of names that resolve to nothing, in source order."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names):
            return []  # a star import may bind any name: say nothing rather than guess
    top = symtable.symtable(source, path, "exec")
    known = module_bindings(top) | set(dir(builtins)) | MODULE_NAMES
    checker = NameChecker(top, known)
    checker.visit(tree, [top])
    checker.found.sort(key=lambda found: (found["line"], found["column"]))
    return checker.found


def check_source(source, path, language):
    """Diagnostics for one file of the learner's, as the exercise's Python version (`language`,
    "3.10") would see it: the first syntax error, else the names that resolve to nothing and
    syntax newer than that version."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings are not this checker's to print
            compile(source, path, "exec", dont_inherit=True)
            tree = ast.parse(source, path)
    except (SyntaxError, ValueError) as error:  # ValueError: a NUL byte in the source
        if isinstance(error, SyntaxError):
            return [syntax_error(error, source)]
        return [diagnostic("syntax", "SyntaxError: %s" % error, 1, 1)]
    found = []
    level = parse_level(language)  # noqa: F821 - runner.py's, in this namespace
    problem = language_problem(source, path, level)  # noqa: F821 - runner.py's
    if problem:
        message, (line, column) = problem
        found.append(
            diagnostic("version", "%s (this exercise is graded as Python %d.%d)" % (message, level[0], level[1]), line, column + 1)
        )
    try:
        found.extend(undefined_names(tree, source, path))
    except (SyntaxError, RecursionError):
        pass
    return found


def check_files(request):
    """JSON in, JSON out (the worker's call): {"files": {path: text}, "language": "3.10"} to
    {path: [diagnostic, ...]} for every .py file given."""
    data = json.loads(request)
    language = data.get("language") or "3.10"
    result = {}
    for path, text in sorted(data.get("files", {}).items()):
        if path.endswith(".py") and isinstance(text, str):
            result[path] = check_source(text, path, language)
    return json.dumps(result)
