/** `import 'modelgate/register'`: plain 'provider/model' strings in ai 5 go through modelgate. */
import { gateway, registerGateway } from './index';

registerGateway(gateway);
