/** `import 'modelgate/v4/register'`: plain 'provider/model' strings in ai 7 go through modelgate. */
import { registerGateway } from './index';
import { gateway } from './v4';

registerGateway(gateway);
