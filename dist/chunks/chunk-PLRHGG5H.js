import { createRequire as __bgdbRequire } from "node:module"; const require = __bgdbRequire(import.meta.url);
function processIo(){return{stdout:process.stdout,stderr:process.stderr,stdin:process.stdin,env:process.env,isTTY:!!(process.stderr.isTTY&&process.stdin.isTTY),cwd:process.cwd()}}var isProcessIo=io=>io.stdout===process.stdout&&io.stderr===process.stderr;export{processIo,isProcessIo};
