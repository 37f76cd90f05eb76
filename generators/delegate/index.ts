// `yo ifplugin:delegate`: adds a delegate class to a plugin. The command is lib/commands/delegate.ts, the same
// one the `ifplugin` bin runs; this only hands it to Yeoman (lib/yeoman/generator.ts).
import { DELEGATE } from '../../lib/commands/specs.js';
import { commandGenerator } from '../../lib/yeoman/generator.js';

export default commandGenerator(DELEGATE);
