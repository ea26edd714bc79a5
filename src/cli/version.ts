/** bgdb's version (package.json's; a test keeps them equal): printed by --version without loading anything else. */
export const VERSION = "0.1.0";
