// `yo ifplugin:templates [DIR]`: copies the built-in templates to customize them. The command is lib/commands/templates.ts, the same
// one the `ifplugin` bin runs; this only hands it to Yeoman (lib/yeoman/generator.ts).
import { TEMPLATES } from '../../lib/commands/specs.js';
import { commandGenerator } from '../../lib/yeoman/generator.js';

export default commandGenerator(TEMPLATES);
