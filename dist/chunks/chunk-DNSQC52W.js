import { createRequire as __bgdbRequire } from "node:module"; const require = __bgdbRequire(import.meta.url);
function messageKey(m){if("kind"in m){let{kind:_kind,phase:_phase,level:_level,...payload}=m;return JSON.stringify(payload)}return JSON.stringify(m)}export{messageKey};
