#!/usr/bin/env python3
"""Check the files `ifplugin validate --fix` would write, before it writes.

Reads {"files": [{"path": ..., "kind": "py" | "info", "text": ...}]} on
stdin and writes {"problems": [{"path": ..., "problem": ...}]} on stdout: a
.py file must compile as `python3 -m py_compile` compiles it, a .info file
must load with json.load as ImageFactory's loader reads it (a text file,
UTF-8). Nothing is written anywhere. Standard library only; Python 3.6 and
later.
"""

import io
import json
import sys


def problem(kind, path, data):
    try:
        if kind == 'py':
            # What py_compile does (importlib's source_to_code), without
            # the .pyc.
            compile(data, path, 'exec', dont_inherit=True)
        else:
            json.load(io.TextIOWrapper(io.BytesIO(data), encoding='utf-8'))
    except SyntaxError as error:
        return '%s (%s)' % (error.__class__.__name__, ', '.join(
            str(p) for p in (error.msg, 'line %s' % error.lineno) if p))
    except ValueError as error:     # JSONDecodeError, null bytes
        return '%s: %s' % (error.__class__.__name__, error)
    return None


def main():
    request = json.loads(sys.stdin.buffer.read().decode('utf-8'))
    problems = []
    for entry in request['files']:
        found = problem(entry['kind'], entry['path'],
                        entry['text'].encode('utf-8'))
        if found:
            problems.append({'path': entry['path'], 'problem': found})
    sys.stdout.write(json.dumps({'problems': problems}) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
