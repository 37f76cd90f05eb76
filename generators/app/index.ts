// `yo ifplugin`: scaffolds an ImageFactory plugin project. The command is lib/commands/app.ts, the same
// one the `ifplugin` bin runs; this only hands it to Yeoman (lib/yeoman/generator.ts).
import { APP } from '../../lib/commands/specs.js';
import { commandGenerator } from '../../lib/yeoman/generator.js';

export default commandGenerator(APP);
