import { createRequire as __bgdbRequire } from "node:module"; const require = __bgdbRequire(import.meta.url);
