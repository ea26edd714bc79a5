import { createRequire as __bgdbRequire } from "node:module"; const require = __bgdbRequire(import.meta.url);
function serverName(version){let number=/^\d+\.\d+\.\d+/.exec(version)?.[0]??version;return`${/mariadb/i.test(version)?"MariaDB":"MySQL"} ${number}`}export{serverName};
