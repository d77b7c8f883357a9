/** `import 'modelgate/v3/register'`: plain 'provider/model' strings in ai 6 go through modelgate. */
import { registerGateway } from './index';
import { gateway } from './v3';

registerGateway(gateway);
