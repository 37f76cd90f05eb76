// `yo ifplugin:validate PATH...`: checks plugins against the loader contract. The command is lib/commands/validate.ts, the same
// one the `ifplugin` bin runs; this only hands it to Yeoman (lib/yeoman/generator.ts).
import { VALIDATE } from '../../lib/commands/specs.js';
import { commandGenerator } from '../../lib/yeoman/generator.js';

export default commandGenerator(VALIDATE);
