"""Evaluating HCL expressions straight from tree-sitter nodes.

tree-sitter-hcl writes a traversal (``var.x.y[0]``) as a flat run of sibling nodes:
a primary (``variable_expr``, a literal, ``( expr )``) followed by ``get_attr``,
``index`` and ``splat`` nodes. Operands of operators are such runs without an
``expression`` wrapper, so ``_run`` evaluates a run between two child positions.

Names (``var``, ``local``, ``module``, ``data``, resource types) are looked up through
a resolver, the module instance being evaluated (see ``module.py``).
"""

from __future__ import annotations

from mlsec.model.props import Branches, Items, Props, Ref, RefStr, Unknown

from . import functions
from .parser import expr_text, line_of
from .templates import render_heredoc, render_quoted, string_literal
from .values import (
    EvalError,
    Unresolved,
    as_unknown,
    decide,
    is_open,
    make_ref,
    normalize_number,
    same,
    spend,
    to_bool,
    to_index,
    to_key,
    to_number,
    too_many_branches,
)

_BINARY = {"+", "-", "*", "/", "%", "==", "!=", "<", ">", "<=", ">=", "&&", "||"}


def iterate(collection):
    """(key, value) pairs of a list, set or map, maps in key order as Terraform does."""
    if isinstance(collection, dict):
        return [(k, collection[k]) for k in sorted(collection)]
    if isinstance(collection, list):
        return list(enumerate(collection))
    if collection is None:
        raise EvalError("cannot iterate over a null value")
    raise EvalError(f"cannot iterate over a {type(collection).__name__}")


def bind(scope: dict, names: list[str], key, value) -> dict:
    """A scope with the variables of a ``for`` (``for v in`` or ``for k, v in``) bound."""
    inner = dict(scope)
    if len(names) == 2:
        inner[names[0]] = key
        inner[names[1]] = value
    else:
        inner[names[0]] = value
    return inner


def lift(value, fn):
    """Apply ``fn`` to a value, or to each option of a Branches value."""
    if isinstance(value, Branches):
        return Branches([(label, lift(opt, fn)) for label, opt in value.options])
    return fn(value)


class NoNames:
    """A resolver that refuses every name, for values that must stand on their own
    (variable files, defaults, template files)."""

    def __init__(self, message: str, base_dir: str = ".", max_file_bytes: int = 0):
        self.message = message
        self.base_dir = base_dir
        self.max_file_bytes = max_file_bytes

    def __getattr__(self, name):
        message = self.message

        def refuse(*args, **kwargs):
            raise EvalError(message)

        return refuse


_HANDLERS = {
    "expression": "_expression",
    "literal_value": "_literal",
    "collection_value": "_collection",
    "tuple": "_tuple",
    "object": "_object",
    "template_expr": "_template",
    "quoted_template": "_quoted",
    "heredoc_template": "_heredoc",
    "function_call": "_call",
    "for_expr": "_for",
    "operation": "_operation",
    "binary_operation": "_binary",
    "unary_operation": "_unary",
    "conditional": "_conditional",
    "variable_expr": "_variable",
    "string_lit": "_string",
}


class Evaluator:
    """Evaluates expressions of one module instance; ``resolver`` answers names."""

    def __init__(self, resolver):
        self.resolver = resolver

    # -------------------------------------------------------------- entry points

    def _handler(self, node_type: str):
        """The method evaluating a node type. Looked up per call rather than kept in a
        per-instance table of bound methods: such a table ties the evaluator into a
        reference cycle that only the cyclic garbage collector could free."""
        name = _HANDLERS.get(node_type)
        return getattr(self, name) if name is not None else None

    def _quoted(self, node, scope):
        return render_quoted(self, node, scope)

    def _heredoc(self, node, scope):
        return render_heredoc(self, node, scope)

    def _variable(self, node, scope):
        return self._run([node], 0, 1, scope)

    def _string(self, node, scope):
        return string_literal(node)

    def eval(self, node, scope: dict):
        handler = self._handler(node.type)
        if handler is None:
            raise EvalError(f"unsupported syntax {node.type}")
        return handler(node, scope)

    def value(self, node, scope: dict, what: str = "value"):
        """Evaluate for storage: configuration errors become an Unknown with the reason."""
        try:
            if node.type == "expression":
                return self._expression(node, scope)
            return self.eval(node, scope)
        except Unresolved as exc:
            return exc.unknown
        except EvalError as exc:
            return Unknown(f"{what} cannot be evaluated: {exc}", expr_text(node))

    # -------------------------------------------------------------- primaries

    def _expression(self, node, scope):
        kids = node.children
        if len(kids) == 1:
            child = kids[0]
            handler = self._handler(child.type)
            if handler is not None:
                return handler(child, scope)
        return self._run(kids, 0, len(kids), scope)

    def _literal(self, node, scope):
        child = node.children[0]
        t = child.type
        if t == "string_lit":
            return string_literal(child)
        if t == "numeric_lit":
            text = child.text.decode()
            try:
                return int(text)
            except ValueError:
                try:
                    return normalize_number(float(text))
                except ValueError:
                    return int(text, 0)
        if t == "bool_lit":
            return child.text == b"true"
        return None  # null_lit

    def _collection(self, node, scope):
        return self.eval(node.children[0], scope)

    def _tuple(self, node, scope):
        ev = self.eval
        return Items([ev(c, scope) for c in node.children if c.type == "expression"], line=line_of(node))

    def _object(self, node, scope):
        out = Props(line=line_of(node))
        key_lines = out.key_lines
        for elem in node.children:
            if elem.type != "object_elem":
                continue
            parts = elem.children  # key, "=" or ":", value
            key = self._object_key(parts[0], scope)
            out[key] = self.eval(parts[-1], scope)
            key_lines[key] = line_of(elem)
        return out

    def _object_key(self, node, scope) -> str:
        kids = node.children
        if len(kids) == 1 and kids[0].type == "variable_expr":
            return kids[0].text.decode()  # a bare word is the key itself
        key = self.eval(node, scope)
        if is_open(key):
            raise Unresolved(as_unknown(key, f"object key {expr_text(node)}"))
        return to_key(key)

    def _template(self, node, scope):
        return self.eval(node.children[0], scope)

    # -------------------------------------------------------------- traversals

    def _run(self, kids, lo: int, hi: int, scope):
        """Evaluate ``kids[lo:hi]``: a primary followed by attribute/index/splat steps."""
        first = kids[lo]
        t = first.type
        if t == "(":
            value = self.eval(kids[lo + 1], scope)
            i = lo + 3
        elif t == "variable_expr":
            value, i = self._root(first.text.decode(), kids, lo + 1, hi, scope)
        else:
            value = self.eval(first, scope)
            i = lo + 1
        return self.steps(value, kids, i, hi, scope) if i < hi else value

    def _root(self, name: str, kids, i: int, hi: int, scope):
        if name in scope:
            return scope[name], i
        r = self.resolver
        nxt = attr_name(kids[i]) if i < hi else None
        if nxt is None:
            raise EvalError(f"{name} must be followed by an attribute name")
        if name == "var":
            return r.var(nxt), i + 1
        if name == "local":
            return r.local(nxt), i + 1
        if name == "module":
            return r.module_ref(nxt, self, kids, i + 1, hi, scope)
        if name == "data":
            second = attr_name(kids[i + 1]) if i + 1 < hi else None
            if second is None:
                raise EvalError(f"data.{nxt} must be followed by a data source name")
            return r.data_ref(nxt, second, self, kids, i + 2, hi, scope)
        if name == "path":
            return r.path_value(nxt), i + 1
        if name == "terraform":
            if nxt == "workspace":
                return "default", i + 1
            return Unknown(f"terraform.{nxt} is not known"), i + 1
        if name in ("count", "each", "self"):
            return Unknown(f"{name}.{nxt} is not available here"), i + 1
        return r.resource_ref(name, nxt, self, kids, i + 1, hi, scope)

    def steps(self, value, kids, i: int, hi: int, scope):
        """Apply attribute, index and splat steps ``kids[i:hi]`` to ``value``."""
        while i < hi:
            step = kids[i]
            t = step.type
            if t == "get_attr":
                value = get_attr(value, attr_name(step))
            elif t == "index":
                value = get_index(value, self.index_key(step, scope))
            elif t == "splat":
                splat = step.children[0]
                inner = splat.children
                value = self._splat(value, inner, scope)
            elif t in (")", "comment"):
                pass
            else:
                raise EvalError(f"unexpected {t} in traversal")
            i += 1
        return value

    def _splat(self, value, inner, scope):
        def each(v):
            return self.steps(v, inner, 1, len(inner), scope)

        if isinstance(value, Branches):
            return lift(value, lambda v: self._splat(v, inner, scope))
        if isinstance(value, Unknown):
            return value
        if value is None:
            return Items()
        if isinstance(value, list):
            return Items([each(v) for v in value], line=getattr(value, "line", None))
        return Items([each(value)])

    def index_key(self, node, scope):
        """The key of an ``index`` node (``[expr]`` or legacy ``.0``)."""
        inner = node.children[0]
        if inner.type == "legacy_index":
            return int(inner.text.decode()[1:])
        for c in inner.children:
            if c.type == "expression":
                return self.eval(c, scope)
        raise EvalError("empty index")

    # -------------------------------------------------------------- operators

    def _operation(self, node, scope):
        return self.eval(node.children[0], scope)

    def _unary(self, node, scope):
        kids = node.children
        operand = self._run(kids, 1, len(kids), scope)
        op = kids[0].type

        def apply(v):
            if is_open(v):
                return as_unknown(v, expr_text(node))
            if op == "!":
                return not to_bool(v)
            return -to_number(v)

        return lift(operand, apply)

    def _binary(self, node, scope):
        kids = node.children
        split = next(i for i, k in enumerate(kids) if i > 0 and k.type in _BINARY)
        op = kids[split].type
        left = self._run(kids, 0, split, scope)
        if op == "&&" and left is False:
            return False
        if op == "||" and left is True:
            return True
        right = self._run(kids, split + 1, len(kids), scope)
        return _combine(op, left, right, node)

    def _conditional(self, node, scope):
        cond_node, then_node, else_node = (c for c in node.children if c.type == "expression")
        cond = self.eval(cond_node, scope)
        return decide(cond, cond_node, lambda flag: self.eval(then_node if flag else else_node, scope))

    # -------------------------------------------------------------- for expressions

    def _for(self, node, scope):
        inner = node.children[0]
        kids = inner.children
        intro = kids[1]
        names = [c.text.decode() for c in intro.children if c.type == "identifier"]
        coll_node = next(c for c in intro.children if c.type == "expression")
        exprs = [c for c in kids[2:] if c.type == "expression"]
        cond = next((c for c in kids if c.type == "for_cond"), None)
        cond_node = cond.named_children[0] if cond is not None else None
        grouped = any(c.type == "ellipsis" for c in kids)
        is_object = inner.type == "for_object_expr"
        collection = self.eval(coll_node, scope)

        def run(coll):
            if is_open(coll):
                return as_unknown(coll, "for expression")
            out_list = []
            out_map: dict = {}
            key_lines = {}
            pairs = iterate(coll)
            spend(len(pairs))
            for key, value in pairs:
                local = bind(scope, names, key, value)
                if cond_node is not None:
                    keep = self.eval(cond_node, local)
                    if is_open(keep):
                        return as_unknown(keep, f"the condition of a for expression ({expr_text(cond_node)})")
                    if not to_bool(keep):
                        continue
                if not is_object:
                    out_list.append(self.eval(exprs[0], local))
                    continue
                k = self.eval(exprs[0], local)
                if is_open(k):
                    return as_unknown(k, "a key of a for expression")
                k = to_key(k)
                v = self.eval(exprs[1], local)
                if grouped:
                    out_map.setdefault(k, Items(line=line_of(node))).append(v)
                elif k in out_map:
                    raise EvalError(f"duplicate key {k!r} in for expression (use ... to group)")
                else:
                    out_map[k] = v
                key_lines[k] = line_of(node)
            if is_object:
                return Props(out_map, line=line_of(node), key_lines=key_lines)
            return Items(out_list, line=line_of(node))

        return lift(collection, run)

    # -------------------------------------------------------------- functions

    def _call(self, node, scope):
        kids = node.children
        name = kids[0].text.decode()
        args_node = next((c for c in kids if c.type == "function_arguments"), None)
        arg_nodes = [c for c in args_node.children if c.type == "expression"] if args_node is not None else []
        if name in ("try", "can"):
            return self._try(name, arg_nodes, scope)
        args = [self.eval(a, scope) for a in arg_nodes]
        if args_node is not None and any(c.type == "ellipsis" for c in args_node.children) and args:
            last = args.pop()
            if is_open(last):
                return as_unknown(last, f"the expanded argument of {name}")
            if not isinstance(last, list):
                raise EvalError(f"... needs a list, got {type(last).__name__}")
            args.extend(last)
        return functions.call(name, args, self, node)

    def _try(self, name, arg_nodes, scope):
        if name == "can":
            if len(arg_nodes) != 1:
                raise EvalError("can takes one argument")
            try:
                value = self.eval(arg_nodes[0], scope)
            except EvalError:
                return False
            return value if isinstance(value, Unknown) else True
        for arg in arg_nodes:
            try:
                return self.eval(arg, scope)
            except EvalError:
                continue
        raise EvalError("no argument of try could be evaluated")


def attr_name(node) -> str | None:
    """The name of a ``.name`` step, None for other steps."""
    if node.type != "get_attr":
        return None
    return node.text[1:].decode().strip()


def get_attr(value, name: str):
    if isinstance(value, dict):
        if name in value:
            return value[name]
        raise EvalError(f"object has no attribute {name!r}")
    if isinstance(value, Ref):
        return make_ref(value.target, f"{value.attr}.{name}" if value.attr else name)
    if isinstance(value, Unknown):
        return value
    if isinstance(value, Branches):
        return lift(value, lambda v: get_attr(v, name))
    if isinstance(value, RefStr):
        raise EvalError(f"a string has no attribute {name!r}")
    if value is None:
        raise EvalError(f"cannot read attribute {name!r} of a null value")
    raise EvalError(f"a {type(value).__name__} has no attribute {name!r}")


def get_index(value, key):
    if isinstance(key, Branches):
        return lift(key, lambda k: get_index(value, k))
    if isinstance(value, Branches):
        return lift(value, lambda v: get_index(v, key))
    if isinstance(value, Unknown):
        return value
    if isinstance(value, Ref):
        if is_open(key):
            return as_unknown(key, f"index into {value}")
        suffix = f"[{to_index(key)}]" if isinstance(key, (int, float)) else f'["{to_key(key)}"]'
        if value.attr is None:
            return make_ref(value.target + suffix, None)
        return make_ref(value.target, value.attr + suffix)
    if is_open(key):
        return as_unknown(key, "an index")
    if isinstance(value, list):
        i = to_index(key)
        if 0 <= i < len(value):
            return value[i]
        raise EvalError(f"index {i} is out of range for a list of {len(value)}")
    if isinstance(value, dict):
        k = to_key(key)
        if k in value:
            return value[k]
        raise EvalError(f"the map has no key {k!r}")
    if value is None:
        raise EvalError("cannot index a null value")
    raise EvalError(f"cannot index a {type(value).__name__}")


def _combine(op: str, left, right, node):
    if isinstance(left, Branches) or isinstance(right, Branches):
        crowded = too_many_branches([left, right])
        if crowded is not None:
            return crowded
        return lift(left, lambda a: lift(right, lambda b: _combine(op, a, b, node)))
    if op in ("&&", "||"):
        if op == "&&" and (right is False or left is False):
            return False
        if op == "||" and (right is True or left is True):
            return True
        if is_open(left) or is_open(right):
            return as_unknown(left if is_open(left) else right, expr_text(node))
        return to_bool(left) and to_bool(right) if op == "&&" else to_bool(left) or to_bool(right)
    if is_open(left) or is_open(right):
        return as_unknown(left if is_open(left) else right, expr_text(node))
    if op == "==":
        return same(left, right)
    if op == "!=":
        return not same(left, right)
    a, b = to_number(left), to_number(right)
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        if b == 0:
            raise EvalError("division by zero")
        return normalize_number(a / b)
    if op == "%":
        if b == 0:
            raise EvalError("modulo by zero")
        return normalize_number(a % b) if a >= 0 else -normalize_number((-a) % b)
    if op == "<":
        return a < b
    if op == ">":
        return a > b
    if op == "<=":
        return a <= b
    return a >= b
