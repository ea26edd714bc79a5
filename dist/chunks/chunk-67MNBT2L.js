import { createRequire as __bgdbRequire } from "node:module"; const require = __bgdbRequire(import.meta.url);
function shellJoin(args){return args.map(a=>/^[\w./=:@%+,-]+$/.test(a)?a:`'${a.replace(/'/g,"'\\''")}'`).join(" ")}export{shellJoin};
