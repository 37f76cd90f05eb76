// Preloaded with `node --import=<this file>`: any import of yeoman-environment or yeoman-generator fails loudly.
// The bin tests use it to show that `ifplugin` (validate and scaffolding alike) never loads Yeoman.
import { register } from 'node:module';

const hooks = `export async function resolve(specifier, context, next) {
  if (/^yeoman-(environment|generator)$/.test(specifier)) throw new Error('refused to load ' + specifier);
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
