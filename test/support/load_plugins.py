"""Load plugins in ImageFactory's real loader, as imagefactoryd does.

    python3 load_plugins.py SITE PLUGINS_D CALLS_JSON [STUB...]

SITE holds imagefactory_plugins/ (the regular package, with the plugins in
it) and goes first on sys.path; ImageFactory itself (imgfac) comes from
PYTHONPATH. PLUGINS_D holds the .info files (links, as the RPMs make them).
CALLS_JSON: {"os"|"cloud": {method: number of arguments Builder passes}}.
STUB: top-level modules ImageFactory's stock plugins import that this
machine lacks (oz, guestfs...), served as permissive stand-ins.

Runs PluginManager(PLUGINS_D).load(), looks every target up as Builder does
(a cloud target as its string, an OS target as a 3-tuple with concrete
values for its wildcards), and for each delegate it gets: its class, the
interfaces zope says it provides, and whether each method Builder calls
takes Builder's arguments. Prints one JSON report.
"""

import inspect
import json
import os
import sys
import types


def install_stubs(names):
    class Anything(object):
        def __init__(self, *args, **kwargs):
            pass

        def __getattr__(self, item):
            return Anything()

        def __call__(self, *args, **kwargs):
            return Anything()

    class Stub(types.ModuleType):
        __path__ = []

        def __getattr__(self, item):
            if item.startswith('__'):
                raise AttributeError(item)
            return Anything

    class Finder(object):
        def find_module(self, name, path=None):
            return self if name.split('.')[0] in names else None

        def find_spec(self, name, path=None, target=None):
            if name.split('.')[0] not in names:
                return None
            import importlib.machinery
            return importlib.machinery.ModuleSpec(name, self)

        def create_module(self, spec):
            return Stub(spec.name)

        def exec_module(self, module):
            pass

    sys.meta_path.insert(0, Finder())


def main():
    site, plugins_d, calls = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    install_stubs(set(sys.argv[4:]))
    sys.path.insert(0, site)
    import zope.interface
    from imgfac.ApplicationConfiguration import ApplicationConfiguration
    from imgfac.PluginManager import PluginManager
    # Delegates read the configuration in their constructors: given, so that
    # it does not parse this script's argv (CONTRACT.md 4).
    ApplicationConfiguration(configuration={
        'plugins': plugins_d, 'image_manager': 'file',
        'image_manager_args': {'storage_path': plugins_d},
        'tdl_require_root_pw': False})
    manager = PluginManager(plugins_d)
    manager.load()
    report = {}
    for entry in sorted(os.listdir(plugins_d)):
        name = entry[:-len('.info')]
        metadata = manager.plugins.get(name)
        if not metadata or 'ERROR' in metadata:
            report[name] = {'loaded': False, 'error': (metadata or {}).get(
                'ERROR', 'not registered')}
            continue
        kind = metadata['type'].lower()
        plugin = {'loaded': True, 'targets': {}}
        for target in metadata['targets']:
            if kind == 'cloud':
                query = target if isinstance(target, str) else target[0]
            else:
                query = tuple(v if v is not None else w for v, w in
                              zip(target, ('any', '1', 'x86_64')))
            try:
                delegate = manager.plugin_for_target(query)
            except Exception as error:
                plugin['targets'][json.dumps(target)] = {
                    'error': '%s: %s' % (type(error).__name__, error)}
                continue
            if delegate is None:
                plugin['targets'][json.dumps(target)] = {'error': 'None'}
                continue
            cls = type(delegate)
            binds = {}
            for method, count in calls[kind].items():
                if hasattr(delegate, method):
                    try:
                        inspect.signature(getattr(delegate, method)).bind(
                            *(['x'] * count))
                        binds[method] = 'ok'
                    except TypeError as error:
                        binds[method] = str(error)
            plugin['targets'][json.dumps(target)] = {
                'class': '%s.%s' % (cls.__module__, cls.__name__),
                'provides': sorted(i.__name__ for i in
                                   zope.interface.implementedBy(cls)),
                'binds': binds}
        report[name] = plugin
    print(json.dumps(report, indent=1, sort_keys=True))


if __name__ == '__main__':
    main()
