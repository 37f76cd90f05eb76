#!/usr/bin/env python3
"""Find the Python-level bugs of an ImageFactory plugin folder.

Reads a JSON request on stdin:
    {"dir": "/abs/Plugin", "type": "os" | "cloud" | null,
     "interfaces": {"os": {"name": ..., "methods": [...]}, "cloud": {...}},
     "targets": the .info targets, or null (optional)}
and writes a JSON report on stdout:
    {"python": "3.x.y", "type": ..., "findings": [...], "delegates": [...]}

The plugin is only parsed with ast, never imported: its imports (zope, oz,
imgfac...) need not be installed and its module-level code must not run.
Standard library only; runs on Python 3.6 and later.

Exit status: 0 whenever a report was written, 2 for a bad request (then
stdout is {"error": "..."}).  With --batch it serves many requests, one a
line (see serve()).  Findings are sorted by file, line and column;
those about the folder as a whole have "line" and "col" null.  Lines of
decorated classes and methods are those of their first decorator, because
that is what every Python version records.
"""

import ast
import importlib.util
import io
import json
import keyword
import os
import platform
import re
import stat
import sys
import tokenize
import warnings

FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)
SKIP_DIRS = ('tests', 'test', '__pycache__')
# zope class advice, and the class decorator that replaces it on Python 3.
ADVICE = {'implements': 'implementer', 'implementsOnly': 'implementer_only',
          'classProvides': 'provider'}
# Who calls a method when it is not Builder.
CALLERS = {'add_cloud_plugin_content': 'The stock vSphere plugin'}
# Top-level modules an ImageFactory host has besides the standard library:
# `import imgfac` means that one even in a plugin with an imgfac.py.
HOST_MODULES = ('imgfac', 'zope', 'oz', 'guestfs', 'libxml2', 'httplib2')
ADVICE_ERROR = '"TypeError: Class advice impossible in Python3"'
IFACE_TYPES = {'OSDelegate': 'os', 'CloudDelegate': 'cloud'}


class BadRequest(Exception):
    pass


class Unreadable(Exception):
    """Why a module's source was not read: 'is not a regular file'..."""


# No plugin module is near this; parsing a bigger one could take gigabytes.
SOURCE_LIMIT = 4 * 1024 * 1024
# What the batch child may allocate (address space, where the OS allows):
# a hostile folder ends in a MemoryError for that folder, not an OOM kill.
MEMORY_LIMIT = 2 * 1024 * 1024 * 1024


def read_source(path):
    """The bytes of a regular file of at most SOURCE_LIMIT bytes.

    Opened without blocking (a FIFO opens at once instead of waiting for a
    writer) and checked on the open descriptor, so what is read is what was
    checked; /dev/zero or a FIFO is refused, never read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, 'O_NONBLOCK', 0) |
                     getattr(os, 'O_NOCTTY', 0))
    except FileNotFoundError:
        raise
    except OSError as error:
        raise Unreadable('cannot be opened (%s)' % (
            error.strerror or error.__class__.__name__))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable('is not a regular file')
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b''.join(chunks)
            size += len(chunk)
            if size > SOURCE_LIMIT:
                raise Unreadable('is larger than %d MiB' % (
                    SOURCE_LIMIT >> 20))
            chunks.append(chunk)
    except OSError as error:
        raise Unreadable('cannot be read (%s)' % (
            error.strerror or error.__class__.__name__))
    finally:
        os.close(fd)


def dotted(node):
    """Source text of a Name/Attribute chain: zope.interface.implementer."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return dotted(node.value) + '.' + node.attr
    if isinstance(node, ast.Call):
        return dotted(node.func) + '(...)'
    return '<expression>'


def last_name(node):
    return dotted(node).split('.')[-1]


def real_module(name, _seen={}):
    """Whether `name` is a top-level module Python 3 imports on its own.

    Python 3 imports are absolute: `import logging` in a plugin that has a
    logging.py is the standard library's logging, not a py2 implicit import.
    """
    if name not in _seen:
        stdlib = getattr(sys, 'stdlib_module_names', ())
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        _seen[name] = name in HOST_MODULES or name in stdlib or \
            name in sys.builtin_module_names or found
    return _seen[name]


def first_line(node):
    """Line of a class or def, or of its first decorator (see docstring)."""
    lines = [d.lineno for d in node.decorator_list] + [node.lineno]
    return min(lines)


def toplevel(body):
    """Statements run at import time: module level, also inside if/try/with."""
    for stmt in body:
        yield stmt
        if isinstance(stmt, FUNCS + (ast.ClassDef,)):
            continue
        for child in ast.iter_child_nodes(stmt):
            if isinstance(child, ast.excepthandler):
                for inner in toplevel(child.body):
                    yield inner
            elif isinstance(child, ast.stmt):
                for inner in toplevel([child]):
                    yield inner


def walk(node, func=None, fallback=False):
    """Yield (node, enclosing def name, in an except handler) below node."""
    for child in ast.iter_child_nodes(node):
        yield child, func, fallback
        inner = child.name if isinstance(child, FUNCS) else func
        handler = fallback or isinstance(child, ast.excepthandler)
        for item in walk(child, inner, handler):
            yield item


def declared_interface(cls):
    """OSDelegate/CloudDelegate named by @implementer(...) or class advice."""
    calls = [d for d in cls.decorator_list
             if isinstance(d, ast.Call) and last_name(d.func) == 'implementer']
    # classProvides is about the class object, not its instances.
    calls += [c for c in advice_calls(cls)
              if last_name(c.func) != 'classProvides']
    for call in calls:
        for arg in call.args:
            if last_name(arg) in ('OSDelegate', 'CloudDelegate'):
                return last_name(arg)
    return None


def own_nodes(func):
    """The nodes of a def's body that belong to it, not to nested scopes."""
    pending = list(func.body)
    while pending:
        node = pending.pop()
        if isinstance(node, FUNCS + (ast.ClassDef, ast.Lambda)):
            continue
        yield node
        pending.extend(ast.iter_child_nodes(node))


def is_none(node):
    constants = (ast.Constant,)
    if sys.version_info < (3, 8):
        constants += (ast.NameConstant,)
    return isinstance(node, constants) and node.value is None


def value_returns(func):
    """The return statements of func that give a value other than None."""
    return [n for n in own_nodes(func) if isinstance(n, ast.Return)
            and n.value is not None and not is_none(n.value)]


def yields(func):
    return [n for n in own_nodes(func)
            if isinstance(n, (ast.Yield, ast.YieldFrom))]


def advice_calls(cls):
    """implements(...)-style calls made directly in a class body."""
    return [stmt.value for stmt in cls.body
            if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)
            and last_name(stmt.value.func) in ADVICE]


def signature_text(name, args):
    """Render a def's parameters like inspect.signature, defaults as =..."""
    posonly = getattr(args, 'posonlyargs', [])
    positional = posonly + args.args
    first_default = len(positional) - len(args.defaults)
    parts = []
    for i, param in enumerate(positional):
        parts.append(param.arg + ('=...' if i >= first_default else ''))
        if posonly and i == len(posonly) - 1:
            parts.append('/')
    if args.vararg:
        parts.append('*' + args.vararg.arg)
    elif args.kwonlyargs:
        parts.append('*')
    for param, default in zip(args.kwonlyargs, args.kw_defaults):
        parts.append(param.arg + ('' if default is None else '=...'))
    if args.kwarg:
        parts.append('**' + args.kwarg.arg)
    return '%s(%s)' % (name, ', '.join(parts))


def bind_error(func, nargs, static):
    """Why calling func with self + nargs positionals fails, else None.

    Mirrors inspect.signature(method).bind(*args), with Python's wording.
    """
    args = func.args
    positional = getattr(args, 'posonlyargs', []) + args.args
    given = nargs + (0 if static else 1)
    required = len(positional) - len(args.defaults)
    if given > len(positional) and not args.vararg:
        takes = str(len(positional))
        if args.defaults:
            takes = 'from %d to %d' % (required, len(positional))
        return '%s() takes %s positional argument%s but %d %s given' % (
            func.name, takes, '' if takes == '1' else 's', given,
            'was' if given == 1 else 'were')
    missing = [p.arg for p in positional[given:required]]
    kind = 'positional'
    if not missing:
        kind = 'keyword-only'
        missing = [p.arg for p, d in zip(args.kwonlyargs, args.kw_defaults)
                   if d is None]
    if missing:
        return '%s() missing %d required %s argument%s: %s' % (
            func.name, len(missing), kind, 's' if len(missing) > 1 else '',
            ', '.join("'%s'" % m for m in missing))
    return None


def alias_text(aliases):
    return ', '.join(a.name + (' as ' + a.asname if a.asname else '')
                     for a in aliases)


def binding_text(stmt):
    """Short source text of the statement that binds delegate_class."""
    if isinstance(stmt, ast.ImportFrom):
        return 'from %s%s import %s' % ('.' * stmt.level, stmt.module or '',
                                        alias_text(stmt.names))
    if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
        return 'delegate_class = ' + dotted(stmt.value)
    return 'delegate_class'


class Module(object):
    """One parsed .py file of the plugin folder."""

    def __init__(self, name, path, tree, siblings):
        self.name = name            # dotted, relative to the folder; '' = it
        self.path = path
        self.tree = tree
        self.siblings = siblings    # modules an implicit import could reach
        self.package = name if path.endswith('__init__.py') else \
            name.rpartition('.')[0]
        self.names = {}             # module-level name -> what binds it last
        self.has_star = False
        for stmt in toplevel(tree.body):
            self._bind(stmt)

    def _bind(self, stmt):
        if isinstance(stmt, ast.ClassDef):
            self.names[stmt.name] = ('class', stmt)
        elif isinstance(stmt, FUNCS):
            self.names[stmt.name] = ('def', stmt)
        elif isinstance(stmt, ast.ImportFrom):
            for alias in stmt.names:
                if alias.name == '*':
                    self.has_star = True
                else:
                    self.names[alias.asname or alias.name] = \
                        ('from', stmt, alias.name)
        elif isinstance(stmt, ast.Import):
            for alias in stmt.names:
                # `import a.b` binds a; `import a.b as c` binds c to a.b.
                key = alias.asname or alias.name.split('.')[0]
                self.names[key] = ('import', stmt,
                                   alias.name if alias.asname else key)
        elif isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    self.names[target.id] = ('value', stmt, stmt.value)
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            if isinstance(stmt.target, ast.Name):
                self.names[stmt.target.id] = ('value', stmt, stmt.value)

    def classes(self):
        return [s for s in toplevel(self.tree.body)
                if isinstance(s, ast.ClassDef)]


class Delegate(object):
    """A delegate class and its entry in the report."""

    def __init__(self, module, cls, iface, exported):
        self.module = module
        self.cls = cls
        self.entry = {'file': module.path, 'class': cls.name,
                      'line': first_line(cls), 'interface': iface,
                      'exported': exported, 'checked': True}


def edit(path, start, end, text):
    """Bytes start to end of the file replaced by text (UTF-8)."""
    return {'file': path, 'start': start, 'end': end, 'text': text}


class Source(object):
    """A file's bytes, to turn AST positions (line, UTF-8 byte column) into
    byte offsets of the file."""

    def __init__(self, data):
        self.data = data
        # Python breaks lines at \r\n, \r and \n; a byte order mark is not
        # part of line 1's columns.
        breaks = list(re.finditer(br'\r\n|\r|\n', data))
        self.starts = [3 if data.startswith(b'\xef\xbb\xbf') else 0] + \
            [m.end() for m in breaks]
        self.newline = breaks[0].group().decode() if breaks else '\n'

    def offset(self, line, col):
        return self.starts[line - 1] + col

    def start_of(self, node):
        return self.offset(node.lineno, node.col_offset)

    def end_of(self, node):
        return self.offset(node.end_lineno, node.end_col_offset)

    def next_line(self, line):
        """Where the line after `line` starts (its line break included)."""
        return self.starts[line] if line < len(self.starts) else \
            len(self.data)

    def text(self, start, end):
        return self.data[start:end].decode('utf-8')

    def alone(self, node):
        """Nothing but blanks before node on its first line, and blanks or a
        comment after it on its last."""
        before = self.data[self.starts[node.lineno - 1]:self.start_of(node)]
        after = self.data[self.end_of(node):self.next_line(node.end_lineno)]
        return not before.strip() and \
            re.match(br'[ \t\f]*(#[^\r\n]*)?(\r\n|\r|\n)?$', after) is not None


class Fixes(object):
    """The edits of `ifplugin validate --fix`, for the findings a fix cannot
    get wrong: each is a list of edit() dicts, or a file to create
    ({"create": true}). Anything but the exact cases below gets no fix, and
    the finding keeps its suggestion. It needs the end positions of Python
    3.8's ast, and UTF-8 source (where AST columns are the file's bytes)."""

    def __init__(self):
        self.sources = {}

    def source(self, path):
        if path not in self.sources:
            self.sources[path] = None
            try:
                with open(path, 'rb') as handle:
                    data = handle.read()
                data.decode('utf-8')
                encoding = tokenize.detect_encoding(io.BytesIO(data).readline)
            except (OSError, SyntaxError, UnicodeDecodeError):
                return None
            if sys.version_info >= (3, 8) and (
                    encoding[0] in ('utf-8', 'utf-8-sig') or data.isascii()):
                self.sources[path] = Source(data)
        return self.sources[path]

    def relative_from(self, module, node):
        """from X import Y -> from .X import Y: one dot, nothing else."""
        src = self.source(module.path)
        if src is None:
            return None
        keyword_end = re.compile(br'from[ \t]+').match(src.data,
                                                       src.start_of(node))
        name = node.module.encode('utf-8')
        if not keyword_end or not src.data.startswith(name, keyword_end.end()):
            return None
        return [edit(module.path, keyword_end.end(), keyword_end.end(), '.')]

    def relative_import(self, module, node, fix):
        """import X -> from . import X, import X.Y as Z -> from .X import Y as
        Z; not import X.Y, which binds X, nor several modules at once."""
        src = self.source(module.path)
        if src is None or len(node.names) != 1 or \
                ('.' in node.names[0].name and not node.names[0].asname) or \
                not src.data.startswith(b'import', src.start_of(node)):
            return None
        return [edit(module.path, src.start_of(node), src.end_of(node), fix)]

    def decorators(self, module, advised):
        """For each (class, advice call): the call's line removed, the class
        decorated, the decorator imported from zope.interface (in place of a
        bare `import zope` the fix leaves unused, as ImageFactory's own port
        did in 2019), or None."""
        src = self.source(module.path)
        if src is None:
            return [None] * len(advised)
        stmts = dict((id(s.value), s) for cls, _ in advised for s in cls.body
                     if isinstance(s, ast.Expr))
        usable = [self.advice_usable(module, src, call, stmts[id(call)])
                  for _, call in advised]
        fixable = [call for (_, call), ok in zip(advised, usable) if ok]
        imports = {}
        fixes = []
        for (cls, call), ok in zip(advised, usable):
            if not ok:
                fixes.append(None)
                continue
            name = ADVICE[last_name(call.func)]
            if name not in imports:
                imports[name] = self.decorator_import(module, src, name,
                                                      fixable, imports)
            if imports[name] is False:
                fixes.append(None)
                continue
            stmt = stmts[id(call)]
            # A body of advice alone would be empty: the first becomes pass.
            others = [s for s in cls.body
                      if not (isinstance(s, ast.Expr) and s.value in fixable)]
            if not others and stmt is cls.body[0]:
                removal = edit(module.path, src.start_of(stmt),
                               src.end_of(stmt), 'pass')
            else:
                removal = edit(module.path, src.starts[stmt.lineno - 1],
                               src.next_line(stmt.end_lineno), '')
            line = src.starts[cls.lineno - 1]
            indent = src.text(line, src.start_of(cls))
            args = src.text(src.start_of(call.args[0]),
                            src.end_of(call.args[-1]))
            decorator = edit(module.path, line, line, '%s@%s(%s)%s' % (
                indent, name, args, src.newline))
            fixes.append([e for e in (imports[name], decorator, removal)
                          if e is not None])
        return fixes

    @staticmethod
    def advice_usable(module, src, call, stmt):
        name = ADVICE[last_name(call.func)]
        binding = module.names.get(name)
        imported = binding is None or (
            binding[0] == 'from' and binding[1].module == 'zope.interface'
            and binding[1].level == 0 and binding[2] == name)
        return imported and call.args and not call.keywords and \
            not any(isinstance(a, ast.Starred) for a in call.args) and \
            src.alone(stmt)

    def decorator_import(self, module, src, name, fixable, imports):
        """The edit that imports `name` from zope.interface: None when the
        module does already, False when there is no safe place for it;
        imports: those made so far for this module."""
        binding = module.names.get(name)
        if binding is not None:
            return None
        line = 'from zope.interface import %s' % name
        # In place of the import the advice needed, when nothing else uses
        # it (only one decorator can take that place).
        if not any(e and e['start'] != e['end'] for e in imports.values()):
            for stmt in module.tree.body:
                if self.replaceable(module, src, stmt, fixable):
                    return edit(module.path, src.start_of(stmt),
                                src.end_of(stmt), line)
        leading = None
        for i, stmt in enumerate(module.tree.body):
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                leading = stmt
            elif not (i == 0 and isinstance(stmt, ast.Expr) and
                      isinstance(stmt.value, ast.Constant) and
                      isinstance(stmt.value.value, str)):
                break
        if leading is None:
            first = module.tree.body[0]
            if isinstance(first, ast.Expr):     # the docstring
                first = module.tree.body[1]
            at = src.starts[first_line(first) - 1] if isinstance(
                first, FUNCS + (ast.ClassDef,)) else src.start_of(first)
            return edit(module.path, at, at, line + src.newline)
        if not src.alone(leading):
            return False
        at = src.next_line(leading.end_lineno)
        ends = src.data[at - 1:at] in (b'\n', b'\r')
        return edit(module.path, at, at, (
            '' if ends else src.newline) + line + src.newline)

    @staticmethod
    def replaceable(module, src, stmt, fixable):
        """Whether stmt is `import zope` or `from zope.interface import
        implements` (one name) that only the advice calls being fixed use."""
        if isinstance(stmt, ast.Import):
            names = [(a.name, a.asname) for a in stmt.names]
            bound = 'zope' if names == [('zope', None)] else None
        elif isinstance(stmt, ast.ImportFrom) and stmt.level == 0 and \
                stmt.module == 'zope.interface' and len(stmt.names) == 1 \
                and stmt.names[0].asname is None:
            bound = stmt.names[0].name
        else:
            return False

        def uses(tree):
            return [n for n in ast.walk(tree)
                    if isinstance(n, ast.Name) and n.id == bound]
        return bound is not None and bound in ('zope',) + tuple(ADVICE) \
            and len(uses(module.tree)) == sum(
                len(uses(call.func)) for call in fixable) and src.alone(stmt)

    def parameters(self, module, func, wanted):
        """def m(self, builder, provider, credentials, template, parameters)
        -> (..., credentials, target, template, ...): the parameters Builder
        passes that m lacks, inserted by name where Builder passes them, when
        m's own are the others in Builder's order and its body does not use
        the names added."""
        src = self.source(module.path)
        args = func.args
        if src is None or not args.args or args.vararg or args.defaults or \
                getattr(args, 'posonlyargs', []) or \
                any(d is None for d in args.kw_defaults):
            return None
        params = [a.arg for a in args.args[1:]]
        rest = iter(wanted)
        if not all(p in rest for p in params) or \
                len(set(params)) != len(params):
            return None
        missing = [w for w in wanted if w not in params]
        names = set()
        for node in ast.walk(func):
            if isinstance(node, ast.Name):
                names.add(node.id)
            elif isinstance(node, ast.arg) and node not in args.args:
                names.add(node.arg)
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                names.update(node.names)
        if not missing or names & set(missing):
            return None
        after = {}      # index in args.args -> the names inserted after it
        for name in missing:
            before = [p for p in wanted[:wanted.index(name)] if p in params]
            at = params.index(before[-1]) + 1 if before else 0
            after.setdefault(at, []).append(name)
        return [edit(module.path, src.end_of(args.args[at]),
                     src.end_of(args.args[at]), ', ' + ', '.join(names))
                for at, names in sorted(after.items())]

    @staticmethod
    def init_file(path, delegates, plugin_type):
        """__init__.py exporting the folder's one delegate class."""
        if len(delegates) != 1 or os.path.lexists(path):
            return None
        delegate = delegates[0]
        module, iface = delegate.module.name, delegate.entry['interface']
        if not module.isidentifier() or keyword.iskeyword(module) or \
                not iface or plugin_type not in (None, iface):
            return None
        return [dict(edit(path, 0, 0, 'from .%s import %s as delegate_class\n'
                          % (module, delegate.cls.name)), create=True)]


class Inspector(object):

    def __init__(self, root, plugin_type, interfaces, targets=None):
        self.root = root
        self.plugin = os.path.basename(root)
        self.type = plugin_type
        self.interfaces = interfaces
        self.targets = targets      # from the .info; None if unknown
        self.findings = []
        self.modules = {}           # parsed modules by dotted name
        self.known = set()          # every module, parsed or not
        self.unreadable = set()     # paths of modules refused unread
        self.broken = False

    def add(self, path, node, rule, severity, message, line=None, fix=None):
        if node is not None:
            line = line or node.lineno
        finding = {
            'file': path, 'line': line,
            'col': node.col_offset + 1 if node is not None else None,
            'rule': rule, 'severity': severity, 'message': message}
        if fix:
            finding['fix'] = fix    # the edits of --fix (see Fixes)
        self.findings.append(finding)

    def fixes(self):
        if not hasattr(self, '_fixes'):
            self._fixes = Fixes()
        return self._fixes

    # -- reading the folder ----------------------------------------------

    def load(self):
        for dirpath, dirnames, filenames in os.walk(self.root):
            # Tests, caches and plain folders are not part of the package.
            dirnames[:] = sorted(
                d for d in dirnames if d not in SKIP_DIRS
                and not d.startswith('.')
                and os.path.isfile(os.path.join(dirpath, d, '__init__.py')))
            rel = os.path.relpath(dirpath, self.root)
            package = [] if rel == os.curdir else rel.split(os.sep)
            siblings = set(dirnames)
            siblings.update(f[:-3] for f in filenames if f.endswith('.py'))
            siblings.discard('__init__')
            # Imports of this package by its full name are fine.
            siblings.discard('imagefactory_plugins')
            for filename in sorted(filenames):
                if filename.endswith('.py') and \
                        not filename.startswith('test_'):
                    stem = filename[:-3]
                    parts = package + ([] if stem == '__init__' else [stem])
                    self.parse('.'.join(parts),
                               os.path.join(dirpath, filename), siblings)

    def parse(self, name, path, siblings):
        try:
            data = read_source(path)
        except FileNotFoundError:
            return      # e.g. a dangling symlink: nothing to parse
        except Unreadable as error:
            self.known.add(name)
            self.unreadable.add(path)
            self.broken = True
            self.findings.append({
                'file': path, 'line': None, 'col': None,
                'rule': 'py-unreadable', 'severity': 'error',
                'message': '%s %s, so it was not analysed; importing the '
                'plugin reads it as a module and hangs, fails or runs out '
                'of memory; make it a regular file holding the module\'s '
                'source.' % (os.path.basename(path), error)})
            return
        self.known.add(name)
        try:
            with warnings.catch_warnings():
                # 3.12+ warns about invalid escapes; not our business here.
                warnings.simplefilter('ignore')
                tree = ast.parse(data, path)
        except (SyntaxError, ValueError) as error:
            self.broken = True
            line = getattr(error, 'lineno', None) or 1
            col = getattr(error, 'offset', None) or 1
            reason = getattr(error, 'msg', None) or str(error)
            self.findings.append({
                'file': path, 'line': line, 'col': col, 'rule': 'py-syntax',
                'severity': 'error',
                'message': 'Python %s cannot parse %s (%s), so importing the '
                'plugin raises SyntaxError, which the ImageFactory loader '
                'does not catch; port this line to Python 3 syntax.' % (
                    platform.python_version(), os.path.basename(path),
                    reason)})
            return
        self.modules[name] = Module(name, path, tree, siblings)

    # -- following names through the folder's own modules ----------------

    def import_target(self, module, level, target):
        """Folder-relative module an import names, None if outside."""
        parts = target.split('.') if target else []
        base = module.package.split('.') if module.package else []
        if level:
            if level - 1 > len(base):
                return None
            base = base[:len(base) - level + 1]
        elif parts[:2] == ['imagefactory_plugins', self.plugin]:
            base, parts = [], parts[2:]
        elif not parts or parts[0] not in module.siblings or \
                real_module(parts[0]):
            return None
        # else: a py2 implicit relative import, followed as the author meant.
        name = '.'.join(base + parts)
        return name if name in self.known else None

    def resolve(self, modname, name, depth=0):
        """What name means in a module of the folder.

        Returns ('class', Module, ClassDef), ('module', dotted name) or None
        when it comes from outside the folder or cannot be followed.
        """
        module = self.modules.get(modname)
        if module is None or depth > 20 or name not in module.names:
            return None
        binding = module.names[name]
        if binding[0] == 'class':
            return ('class', module, binding[1])
        if binding[0] == 'value':
            return self.resolve_expr(modname, binding[2], depth + 1)
        if binding[0] == 'import':
            target = self.import_target(module, 0, binding[2])
            return ('module', target) if target is not None else None
        if binding[0] == 'from':
            stmt, original = binding[1], binding[2]
            target = self.import_target(module, stmt.level, stmt.module)
            if target is None:
                return None
            found = self.resolve(target, original, depth + 1)
            submodule = (target + '.' if target else '') + original
            if found is None and submodule in self.known:
                found = ('module', submodule)
            return found
        return None

    def resolve_expr(self, modname, node, depth=0):
        if isinstance(node, ast.Call):
            # Cls(): an instance of a class of the folder.
            found = self.resolve_expr(modname, node.func, depth)
            if found and found[0] == 'class':
                return ('instance',) + found[1:]
            return None
        if isinstance(node, ast.Name):
            return self.resolve(modname, node.id, depth)
        if isinstance(node, ast.Attribute):
            base = self.resolve_expr(modname, node.value, depth)
            if base and base[0] == 'module':
                found = self.resolve(base[1], node.attr, depth + 1)
                submodule = (base[1] + '.' if base[1] else '') + node.attr
                if found is None and submodule in self.known:
                    found = ('module', submodule)
                return found
        return None

    def methods_of(self, module, cls, seen=()):
        """Methods visible on cls (own, then bases), bases we cannot follow
        and the base classes we could."""
        methods, unresolved, ancestors = {}, [], []
        seen = seen + ((module.name, cls.name),)
        # Update from the last base first so the leftmost one wins, as in
        # the MRO of the usual single-inheritance or mixin hierarchies.
        for base in reversed(cls.bases):
            found = self.resolve_expr(module.name, base)
            if found and found[0] == 'class' and \
                    (found[1].name, found[2].name) not in seen:
                inherited, more, above = self.methods_of(found[1], found[2],
                                                         seen)
                methods.update(inherited)
                unresolved = more + unresolved
                ancestors += [found[2]] + above
            elif dotted(base) != 'object':
                unresolved.insert(0, dotted(base))
        for stmt in cls.body:
            if isinstance(stmt, FUNCS):
                methods[stmt.name] = (module, cls, stmt)
            elif isinstance(stmt, ast.Assign):
                # method = other: it exists, its signature is unknown.
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        methods[target.id] = (module, cls, stmt)
        return methods, unresolved, ancestors

    # -- rules -----------------------------------------------------------

    def check_imports(self, module):
        for node, func, fallback in walk(module.tree):
            # An except-handler import is a py2 fallback py3 never reaches.
            if fallback:
                continue
            if isinstance(node, ast.ImportFrom):
                self.check_module_exists(module, node, func)
            if isinstance(node, ast.ImportFrom) and node.level == 0 and \
                    node.module and \
                    node.module.split('.')[0] in module.siblings and \
                    not real_module(node.module.split('.')[0]):
                names = alias_text(node.names)
                self.implicit(module, node, func, node.module,
                              'from %s import %s' % (node.module, names),
                              'from .%s import %s' % (node.module, names),
                              self.fixes().relative_from(module, node))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    head, _, tail = alias.name.rpartition('.')
                    top = alias.name.split('.')[0]
                    if top not in module.siblings or real_module(top):
                        continue
                    fix = 'from .%s import %s' % (head, tail) if head \
                        else 'from . import %s' % tail
                    if alias.asname:
                        fix += ' as ' + alias.asname
                    self.implicit(module, node, func, alias.name,
                                  'import ' + alias.name, fix,
                                  self.fixes().relative_import(
                                      module, node, fix))

    def check_module_exists(self, module, node, func):
        """A relative import of a module this folder does not have.

        Checked against the folder's listing, as Linux does: case matters even
        where the author's disk ignores it.
        """
        base = module.package.split('.') if module.package else []
        if node.level:
            if node.level - 1 > len(base):
                return      # above the plugin: imagefactory_plugins' own
            base = base[:len(base) - node.level + 1]
            parts = node.module.split('.') if node.module else []
        elif node.module and node.module.split('.')[:2] == [
                'imagefactory_plugins', self.plugin]:
            base, parts = [], node.module.split('.')[2:]
        else:
            return
        names = [parts]
        if not parts:
            # from . import x: x is a module unless the package binds it.
            package = self.modules.get('.'.join(base))
            if package is None or package.has_star:
                return
            names = [[a.name] for a in node.names
                     if package.names.get(a.name, (None, node))[1] is node]
        for wanted in names:
            missing, near = self.missing_path(base, wanted)
            if missing is None:
                continue
            text = 'from %s%s import %s' % ('.' * node.level, node.module or
                                            '', alias_text(node.names))
            hint = ' (the folder has %s: module names are case-sensitive, ' \
                'so this may work on your disk but not on Linux)' % near \
                if near else ''
            fix = 'spell it %s, as the file is named' % (
                near[:-3] if near.endswith('.py') else near) if near \
                else 'add that module or correct the import'
            raised = 'ModuleNotFoundError' if parts else \
                'ImportError ("cannot import name")'
            self.add(module.path, node, 'py-missing-module', 'error',
                     '`%s` imports the module %s, which the plugin folder '
                     'does not have%s: Python 3 raises %s %s; %s.' % (
                         text, '.'.join(missing), hint, raised,
                         self.effect(func), fix))

    def missing_path(self, base, parts):
        """(the first missing dotted part, a near miss) or (None, None)."""
        folder = os.path.join(self.root, *base)
        for i, part in enumerate(parts):
            try:
                entries = os.listdir(folder)
            except OSError:
                return None, None   # not a folder: nothing to judge
            if part in entries and os.path.isdir(os.path.join(folder, part)):
                folder = os.path.join(folder, part)
                continue
            if part + '.py' in entries:
                return None, None   # a module: its own names are its own
            near = [e for e in entries
                    if e.lower() in (part.lower(), part.lower() + '.py')]
            return parts[:i + 1], near[0] if near else None
        return None, None

    @staticmethod
    def effect(func):
        if func is None:
            return ('while the plugin is imported, and the loader reports '
                    '"Unable to import plugin for target"')
        return 'when %s() runs, failing that build' % func

    def implicit(self, module, node, func, target, text, fix, edits):
        effect = self.effect(func)
        self.add(module.path, node, 'py-implicit-import', 'error',
                 '`%s` is a Python 2 implicit relative import of the '
                 "plugin's own module %s: Python 3 raises "
                 'ModuleNotFoundError %s; write `%s`.' % (
                     text, target.split('.')[0], effect, fix), fix=edits)

    def check_implementer(self, module):
        """@implementer given the module imgfac.CloudDelegate, say."""
        for cls in module.classes():
            for decorator in cls.decorator_list:
                if not (isinstance(decorator, ast.Call) and
                        last_name(decorator.func) == 'implementer'):
                    continue
                for arg in decorator.args:
                    name = self.interface_module(module, arg)
                    if name:
                        self.add(
                            module.path, decorator,
                            'delegate-implementer-module', 'error',
                            '@implementer(%s) on class %s is given the module '
                            'imgfac.%s, not the interface, so zope raises '
                            '"TypeError: \'module\' object is not iterable" '
                            'while the plugin is imported, and the loader '
                            'cannot import it; import the interface: `from '
                            'imgfac.%s import %s`.' % (
                                dotted(arg), cls.name, name, name, name),
                            line=first_line(cls))

    @staticmethod
    def interface_module(module, node):
        """OSDelegate or CloudDelegate if node names that imgfac module."""
        names = ('OSDelegate', 'CloudDelegate')
        text = dotted(node)
        if text in ['imgfac.' + n for n in names] and \
                module.names.get('imgfac', ('',))[0] == 'import':
            return text.split('.')[1]
        if not isinstance(node, ast.Name):
            return None
        binding = module.names.get(node.id)
        if binding and binding[0] == 'from' and binding[1].level == 0 and \
                binding[1].module == 'imgfac' and binding[2] in names:
            return binding[2]
        if binding and binding[0] == 'import' and \
                binding[2] in ['imgfac.' + n for n in names]:
            return binding[2].split('.')[1]
        return None

    def check_advice(self, module):
        advised = [(node, call) for node, _, _ in walk(module.tree)
                   if isinstance(node, ast.ClassDef)
                   for call in advice_calls(node)]
        edits = self.fixes().decorators(module, advised)
        for (node, call), fix in zip(advised, edits):
            name = last_name(call.func)
            args = ', '.join(dotted(a) for a in call.args)
            self.add(module.path, call, 'py-class-advice', 'error',
                     'Class %s calls %s(%s) in its body, which raises %s '
                     'when its module is imported, and the ImageFactory '
                     'loader does not catch it; delete the call and '
                     'decorate the class with @%s(%s).' % (
                         node.name, name, args, ADVICE_ERROR,
                         ADVICE[name], args), fix=fix)

    def find_export(self):
        """(binding statement, resolved class or None) of delegate_class."""
        init = self.modules.get('')
        if init is None:
            return None, None
        binding = init.names.get('delegate_class')
        if binding is None:
            return None, None
        found = self.resolve('', 'delegate_class')
        if found and found[0] == 'instance':
            cls = found[2]
            self.add(init.path, binding[1], 'init-delegate-instance', 'error',
                     '`%s` makes delegate_class an instance of %s, but '
                     'PluginManager calls delegate_class() for every build, so'
                     ' each build raises "TypeError: \'%s\' object is not '
                     'callable"; export the class itself: `from .%s import %s '
                     'as delegate_class`.' % (
                         binding_text(binding[1]), cls.name, cls.name,
                         found[1].name or self.plugin, cls.name))
            found = ('class',) + found[1:]
        return binding[1], found if found and found[0] == 'class' else None

    def infer_type(self, delegates):
        declared = [d.entry['interface'] for d in delegates
                    if d.entry['interface']]
        if declared:
            return declared[0]
        # No decorator: fall back to the imgfac interface the code imports.
        imported = set()
        for module in self.modules.values():
            for node, _, _ in walk(module.tree):
                if isinstance(node, ast.ImportFrom) and node.module:
                    imported.update(node.module + '.' + a.name
                                    for a in node.names)
                elif isinstance(node, ast.Import):
                    imported.update(a.name for a in node.names)
        found = [t for t in ('os', 'cloud')
                 if any(n.startswith('imgfac.%s' % self.interfaces[t]['name'])
                        for n in imported)]
        return found[0] if len(found) == 1 else None

    def check_delegate(self, delegate):
        methods, unresolved, _ = self.methods_of(delegate.module, delegate.cls)
        entry = delegate.entry
        entry['methods'] = dict(
            (name, self.describe(*where)) for name, where in methods.items())
        if unresolved:
            entry['unresolved_bases'] = unresolved
        if not entry['interface'] or not entry['checked']:
            return
        self.check_constructor(delegate, methods.get('__init__'))
        for spec in self.interfaces[entry['interface']]['methods']:
            if spec['name'] not in methods:
                # A base we cannot read, or __getattr__, may provide it.
                if not unresolved and '__getattr__' not in methods:
                    self.missing(delegate, spec)
                continue
            where = methods[spec['name']]
            func = where[2]
            if not isinstance(func, FUNCS):
                self.check_assigned(delegate, spec, where)
                continue
            decorators = [dotted(d) for d in func.decorator_list]
            if [d for d in decorators
                    if d.split('.')[-1] in ('property', 'cached_property')
                    or d.endswith(('.setter', '.getter'))]:
                self.not_callable(delegate, spec, where, 'a property')
                continue
            if [d for d in decorators
                    if d not in ('staticmethod', 'classmethod')]:
                continue    # a wrapper decides what the call accepts
            error = bind_error(func, len(spec['args']),
                               'staticmethod' in decorators)
            if error:
                self.bad_signature(delegate, spec, where, error)
            elif isinstance(func, ast.AsyncFunctionDef) or yields(func):
                self.never_runs(delegate, spec, where)
            elif spec['name'] == 'builder_should_create_target_image' and \
                    not value_returns(func):
                self.returns_none(delegate, spec, where)

    def check_constructor(self, delegate, where):
        """PluginManager builds the delegate as delegate_class()."""
        if where is None or not isinstance(where[2], FUNCS):
            return
        module, owner, func = where
        if func.decorator_list:
            return
        cls = delegate.cls.name
        defined = '%s %s' % ('defines' if owner is delegate.cls else
                             'inherits', signature_text('__init__', func.args))
        if owner is not delegate.cls:
            defined += ' from ' + owner.name
        error = bind_error(func, 0, False)
        if error:
            self.add(module.path, func, 'delegate-init-arguments', 'error',
                     'PluginManager creates the delegate with delegate_class()'
                     ', no arguments, for every build, but %s %s, so that '
                     'raises "TypeError: %s" and the build is marked FAILED; '
                     'give every parameter after self a default, or read what'
                     ' you need from ApplicationConfiguration().configuration'
                     '.' % (cls, defined, error),
                     line=first_line(func))
        for node in value_returns(func):
            self.add(module.path, node, 'delegate-init-returns', 'error',
                     '__init__ of %s returns a value, so delegate_class() '
                     'raises "TypeError: __init__() should return None" for '
                     'every build; remove the value from the return.' % cls)

    def subject(self, delegate):
        """Who calls, and on what: Builder only ever calls delegate_class."""
        if delegate.entry['exported']:
            return 'calls', delegate.cls.name
        return 'would call', '%s (once it is delegate_class)' % (
            delegate.cls.name)

    def check_assigned(self, delegate, spec, where):
        """method = None, a number, a string or property(...) in the class."""
        value = where[2].value
        if isinstance(value, ast.Call) and \
                last_name(value.func) in ('property', 'cached_property'):
            self.not_callable(delegate, spec, where, 'a property')
        elif is_none(value) or isinstance(value, (
                ast.Constant, ast.JoinedStr, ast.List, ast.Dict, ast.Tuple)) \
                or (sys.version_info < (3, 8) and isinstance(
                    value, (ast.Num, ast.Str, ast.NameConstant))):
            self.not_callable(delegate, spec, where, 'None' if is_none(value)
                              else 'a value')

    def not_callable(self, delegate, spec, where, what):
        caller, call, want = self.call_text(spec)
        module, owner, node = where
        verb, target = self.subject(delegate)
        outcome = 'an error is only logged' if spec['guard'] == 'try' \
            else 'the build is marked FAILED'
        error = "'NoneType' object is not callable" if what == 'None' \
            else 'the value it gives is called'
        self.add(module.path, node, 'delegate-not-callable',
                 'warning' if spec['guard'] == 'try' else 'error',
                 '%s %s %s on %s, but %s.%s is %s, not a method, so the call '
                 'fails (%s) and %s; define it as `%s`.' % (
                     caller, verb, call, target, owner.name, spec['name'],
                     what, error, outcome, want),
                 line=first_line(node) if isinstance(node, FUNCS) else None)

    def never_runs(self, delegate, spec, where):
        caller, call, want = self.call_text(spec)
        module, owner, func = where
        verb, target = self.subject(delegate)
        if isinstance(func, ast.AsyncFunctionDef):
            what, makes, fix = 'an async def', 'a coroutine', 'make it a ' \
                'plain def'
        else:
            what = 'a generator (it contains yield, line %d)' % (
                yields(func)[0].lineno)
            makes, fix = 'a generator', 'remove the yield'
        done = 'nothing happens' if spec['guard'] == 'try' else (
            'Builder marks the step COMPLETE with nothing done')
        self.add(module.path, func, 'delegate-coroutine-or-generator',
                 'warning' if spec['guard'] == 'try' else 'error',
                 '%s %s %s on %s like a plain function, but %s.%s is %s, so '
                 'the call only makes %s and the body never runs: %s; %s.' % (
                     caller, verb, call, target, owner.name, spec['name'],
                     what, makes, done, fix),
                 line=first_line(func))

    def returns_none(self, delegate, spec, where):
        module, owner, func = where
        verb, target = self.subject(delegate)
        self.add(module.path, func, 'delegate-should-returns-none', 'error',
                 'Builder %s builder_should_create_target_image on %s and '
                 'uses its result, but %s.builder_should_create_target_image '
                 "never returns a value, so it returns None: Builder takes "
                 "that as False, skips the OS plugin's create_target_image "
                 'and the will/did hooks, and marks the target image COMPLETE'
                 ' with nothing in it (Builder\'s default, when the method is '
                 'absent, is to create the target image); return True, or '
                 'write builder.target_image.data yourself and return '
                 'False.' % (verb, target, owner.name),
                 line=first_line(func))

    def describe(self, module, owner, func):
        entry = {'file': module.path, 'class': owner.name,
                 'line': first_line(func) if isinstance(func, FUNCS)
                 else func.lineno}
        if not isinstance(func, FUNCS):
            return dict(entry, assigned=True)
        args = func.args
        return dict(
            entry,
            params=[a.arg for a in getattr(args, 'posonlyargs', [])
                    + args.args],
            defaults=len(args.defaults), varargs=args.vararg is not None,
            kwargs=args.kwarg is not None,
            kwonly=[a.arg for a in args.kwonlyargs],
            kwonly_required=[a.arg for a, d in zip(args.kwonlyargs,
                                                   args.kw_defaults)
                             if d is None],
            decorators=[dotted(d) for d in func.decorator_list],
            signature=signature_text(func.name, args))

    @staticmethod
    def call_text(spec):
        """Who calls the method, the call, and the def that accepts it."""
        name, args = spec['name'], spec['args']
        return (CALLERS.get(name, 'Builder'),
                '%s(%s)' % (name, ', '.join(args)),
                'def %s(%s)' % (name, ', '.join(['self'] + args)))

    def missing(self, delegate, spec):
        caller, call, want = self.call_text(spec)
        verb, target = self.subject(delegate)
        cls = delegate.cls
        severity = 'error' if spec['guard'] == 'none' and \
            spec['inInterface'] else 'warning'
        if spec['name'] == 'builder_should_create_target_image':
            effect = ('only if it exists; without it Builder\'s default is '
                      'to create the target image with the OS plugin, as if '
                      'it returned True')
        elif spec['guard'] == 'hasattr':
            effect = ('only if hasattr() finds it, so without it that step '
                      'is skipped')
        elif spec['guard'] == 'try':
            effect = ('inside try/except, so without it an error is only '
                      'logged and nothing stops the work in progress')
        else:
            effect = ('without checking that it exists, so the call raises '
                      'AttributeError and the build is marked FAILED')
        reach = self.stock_reach(spec)
        if reach is not None:
            severity = 'error' if reach else 'warning'
            effect = ('without checking that it exists, %s' % reach) if \
                reach else self.unreached(spec, cls.name)
        self.add(delegate.module.path, cls, 'delegate-missing-method',
                 severity, '%s %s %s on %s %s; add `%s` to class %s.' % (
                     caller, verb, call, target, effect, want, cls.name),
                 line=first_line(cls))

    def stock_reach(self, spec):
        """For a method only stock cloud plugins call: how they reach this
        plugin ('' if they do not), or None when that does not apply or the
        plugin's targets are unknown."""
        callers = spec.get('stockCallers')
        if not callers or self.targets is None:
            return None
        reached = []
        for caller in callers:
            for target in self.targets:
                if isinstance(target, list) and target and \
                        target[0] in caller['osNames']:
                    reached.append(
                        'when %s builds a target image from a %s template, '
                        "which this plugin's target %s serves" % (
                            caller['plugin'], target[0], json.dumps(target)))
        if not reached:
            return ''
        if len(reached) > 3:    # a .info may list thousands of targets
            reached[3:] = ['and %d more of its targets' % (len(reached) - 3)]
        return '%s: the call raises AttributeError and that build is ' \
            'marked FAILED' % '; '.join(reached)

    @staticmethod
    def unreached(spec, cls):
        whom = '; '.join('%s only for %s templates' % (
            c['plugin'], ' and '.join(c['osNames']))
            for c in spec['stockCallers'])
        return ('without checking that it exists, but %s, and no target of '
                '%s has that OS name, so no stock build reaches the missing '
                'method; it is still part of the interface, for cloud '
                'plugins of your own' % (whom, cls))

    def bad_signature(self, delegate, spec, where, error):
        caller, call, want = self.call_text(spec)
        module, owner, func = where
        static = 'staticmethod' in [dotted(d) for d in func.decorator_list]
        defined = 'defines %s%s' % ('@staticmethod ' if static else '',
                                    signature_text(func.name, func.args))
        if owner is not delegate.cls:
            defined = defined.replace('defines', 'inherits', 1) + \
                ' from ' + owner.name
        outcome = 'an error is only logged' if spec['guard'] == 'try' \
            else 'the build is marked FAILED'
        verb = self.subject(delegate)[0]
        self.add(module.path, func, 'delegate-bad-signature', 'error',
                 '%s %s %s but %s %s, so the call raises "TypeError: %s"'
                 ' and %s; %schange it to `%s`.' % (
                     caller, verb, call, delegate.cls.name, defined, error,
                     outcome, 'remove @staticmethod and ' if static else '',
                     want),
                 line=first_line(func),
                 fix=None if static else self.fixes().parameters(
                     module, func, spec['args']))

    def run(self):
        self.load()
        for module in self.modules.values():
            self.check_imports(module)
            self.check_advice(module)
        statement, exported = self.find_export()
        delegates = self.find_delegates(exported)
        self.check_init(statement, delegates)
        if self.type is None:
            self.type = self.infer_type(delegates)
        ancestors = set()
        for delegate in delegates:
            ancestors.update(self.methods_of(delegate.module, delegate.cls)[2])
        for delegate in delegates:
            if delegate.entry['exported']:
                # The .info type decides which calls Builder makes.
                delegate.entry['interface'] = self.type or \
                    delegate.entry['interface']
            elif delegate.cls in ancestors or exported is not None:
                # Checked through the subclass that uses it; and Builder
                # never calls a class that is not delegate_class.
                delegate.entry['checked'] = False
            self.check_delegate(delegate)
        for module in self.modules.values():
            self.check_implementer(module)
        unimported = statement is not None and any(
            f['rule'] == 'py-missing-module' and f['line'] ==
            statement.lineno and f['file'].endswith('__init__.py')
            for f in self.findings)
        if not delegates and not self.broken and not unimported:
            self.no_delegate(statement)
        self.findings.sort(key=lambda f: (f['file'], f['line'] or 0,
                                          f['col'] or 0, f['rule']))
        return {'python': platform.python_version(), 'type': self.type,
                'findings': self.findings,
                'delegates': [d.entry for d in delegates]}

    def find_delegates(self, exported):
        delegates = []
        for name in sorted(self.modules):
            module = self.modules[name]
            for cls in module.classes():
                is_exported = exported is not None and exported[2] is cls
                iface = IFACE_TYPES.get(declared_interface(cls))
                # Helpers in subpackages are not delegates unless exported.
                if is_exported or (iface and '.' not in name):
                    delegates.append(Delegate(module, cls, iface, is_exported))
        # The exported class first: it is the one PluginManager builds.
        delegates.sort(key=lambda d: not d.entry['exported'])
        return delegates

    def check_init(self, statement, delegates):
        if delegates:
            source = delegates[0].module.name or self.plugin
            fix = 'from .%s import %s as delegate_class' % (
                source, delegates[0].cls.name)
        else:
            fix = 'from .%s import %s as delegate_class' % (
                self.plugin, self.plugin)
        init = os.path.join(self.root, '__init__.py')
        if not os.path.isfile(init) and init not in self.unreadable:
            self.add(self.root, None, 'init-missing', 'error',
                     'The folder %s has no __init__.py, so Python 3 imports '
                     'imagefactory_plugins.%s as an empty namespace package '
                     'and PluginManager raises AttributeError for '
                     'delegate_class; create __init__.py with `%s`.' % (
                         self.plugin, self.plugin, fix),
                     fix=self.fixes().init_file(init, delegates, self.type))
        elif '' in self.modules and statement is None and \
                not self.modules[''].has_star:
            self.add(init, None, 'init-no-delegate-class', 'error',
                     "__init__.py does not bind delegate_class, so "
                     "PluginManager's import will raise AttributeError: "
                     "module 'imagefactory_plugins.%s' has no attribute "
                     "'delegate_class' for every target of the plugin; add "
                     "`%s`." % (self.plugin, fix))

    def no_delegate(self, statement):
        if statement is not None:
            self.add(os.path.join(self.root, '__init__.py'), statement,
                     'delegate-none', 'warning',
                     '`%s` does not name a class defined in this folder, so '
                     'no delegate methods could be checked, yet PluginManager'
                     ' calls delegate_class() for every build of the plugin;'
                     ' point it at the delegate class with `from .<Module> '
                     'import <Class> as delegate_class`.' % binding_text(
                         statement))
        else:
            self.add(self.root, None, 'delegate-none', 'warning',
                     'No class in %s is decorated with @implementer('
                     'OSDelegate) or @implementer(CloudDelegate) or exported '
                     'as delegate_class, so ImageFactory has no delegate to '
                     'instantiate for this plugin; write the delegate class '
                     'and export it from __init__.py.' % self.plugin)


def read_request(text):
    try:
        request = json.loads(text)
    except ValueError as error:
        raise BadRequest('request is not JSON: %s' % error)
    if not isinstance(request, dict):
        raise BadRequest('request must be a JSON object')
    root, kind = request.get('dir'), request.get('type')
    interfaces = request.get('interfaces')
    if not isinstance(root, str) or not os.path.isabs(root):
        raise BadRequest('"dir" must be an absolute path')
    if not os.path.isdir(root):
        raise BadRequest('"dir" is not a directory: %s' % root)
    if kind not in ('os', 'cloud', None):
        raise BadRequest('"type" must be "os", "cloud" or null')
    if not (isinstance(interfaces, dict) and
            all(valid_interface(interfaces.get(k)) for k in ('os', 'cloud'))):
        raise BadRequest('"interfaces" must hold os and cloud interfaces '
                         'with methods {name, args, guard, inInterface}')
    targets = request.get('targets')
    if targets is not None and not isinstance(targets, list):
        raise BadRequest('"targets" must be the .info targets (a list) or '
                         'null')
    return os.path.normpath(root), kind, interfaces, targets


def valid_interface(iface):
    """The parts of lib/imagefactory/interfaces.ts this script relies on."""
    def valid_method(m):
        return isinstance(m, dict) and isinstance(m.get('name'), str) and \
            isinstance(m.get('args'), list) and \
            all(isinstance(a, str) for a in m['args']) and \
            m.get('guard') in ('none', 'hasattr', 'try') and \
            isinstance(m.get('inInterface'), bool)
    return isinstance(iface, dict) and isinstance(iface.get('name'), str) \
        and isinstance(iface.get('methods'), list) \
        and all(valid_method(m) for m in iface['methods'])


def main():
    if sys.argv[1:] == ['--batch']:
        return serve()
    try:
        request = read_request(sys.stdin.buffer.read().decode('utf-8'))
    except (BadRequest, UnicodeDecodeError) as error:
        sys.stdout.write(json.dumps({'error': str(error)}) + '\n')
        sys.stderr.write('inspect_plugin: %s\n' % error)
        return 2
    report = Inspector(*request).run()
    sys.stdout.write(json.dumps(report, indent=1) + '\n')
    return 0


def serve():
    """--batch: one process for every folder of a validate run.

    Writes {"python": executable, "version": "x.y.z"} first, then reads one
    request a line and answers each with one line: the report, or
    {"error": "..."} for that request alone (a bad request, or a folder that
    exhausted memory or recursion); the next request is served either way.
    """
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or hard > MEMORY_LIMIT:
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, hard))
    except (ImportError, ValueError, OSError):
        pass    # not on this OS: the caller's timeout still bounds the run
    out = sys.stdout

    def answer(value):
        out.write(json.dumps(value, separators=(',', ':')) + '\n')
        out.flush()

    answer({'python': sys.executable,
            'version': '%d.%d.%d' % sys.version_info[:3]})
    for line in sys.stdin.buffer:
        try:
            report = Inspector(*read_request(line.decode('utf-8'))).run()
        except (BadRequest, UnicodeDecodeError) as error:
            report = {'error': str(error)}
        except MemoryError:
            report = {'error': 'ran out of memory (the limit is %d MiB)' % (
                MEMORY_LIMIT >> 20)}
        except RecursionError:
            report = {'error': 'nests code too deeply to analyse'}
        try:
            answer(report)
        except MemoryError:
            answer({'error': 'wrote a report too large for memory'})
    return 0


if __name__ == '__main__':
    sys.exit(main())
