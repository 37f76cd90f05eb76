"""Reads generated plugins the way Python does, for test/hardening-text.test.ts.

stdin: a JSON list of {"dir": ..., "info": <.info path or null>, "pyproject": <path or null>}.
stdout: a JSON list (ASCII only, so every character survives) with, per entry: the .info as json.load reads
it, the pyproject.toml's [project] table as tomllib reads it, and per .py file whether py_compile compiles it
and its tokens outside strings and comments: the code, which user text must never reach.
"""
import json
import os
import py_compile
import sys
import tempfile
import tokenize
import tomllib

# Tokens that carry no code: user text may only ever be inside STRING and COMMENT tokens; NL (a line break
# inside brackets) moves when a long string literal is wrapped.
SKIP = {tokenize.STRING, tokenize.COMMENT, tokenize.NL, tokenize.ENCODING}


def code_tokens(path):
    with open(path, 'rb') as f:
        return [[tokenize.tok_name[t.type], t.string] for t in tokenize.tokenize(f.readline) if t.type not in SKIP]


def check(entry, scratch):
    out = {'dir': entry['dir'], 'py': {}}
    if entry.get('info'):
        with open(entry['info'], encoding='utf-8') as f:
            out['info'] = json.load(f)
    if entry.get('pyproject'):
        with open(entry['pyproject'], 'rb') as f:
            out['pyproject'] = tomllib.load(f).get('project')
    for root, dirs, files in os.walk(entry['dir']):
        dirs[:] = [d for d in dirs if d != '__pycache__']
        for name in sorted(files):
            if not name.endswith('.py'):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, entry['dir'])
            result = {}
            try:
                py_compile.compile(path, cfile=os.path.join(scratch, 'x.pyc'), doraise=True)
                result['compiles'] = True
            except py_compile.PyCompileError as e:
                result['compiles'] = False
                result['error'] = str(e)
            try:
                result['code'] = code_tokens(path)
            except (tokenize.TokenError, SyntaxError) as e:
                result['code'] = None
                result['error'] = str(e)
            out['py'][rel] = result
    return out


def main():
    entries = json.load(sys.stdin)
    with tempfile.TemporaryDirectory() as scratch:
        json.dump([check(e, scratch) for e in entries], sys.stdout, ensure_ascii=True)


if __name__ == '__main__':
    main()
