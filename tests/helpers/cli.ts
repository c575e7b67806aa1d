// The whosaid command as built by `npm run build` (tests/helpers/build.ts builds it before the suite): node's arguments.
import { fileURLToPath } from 'node:url';

export const CLI = [fileURLToPath(new URL('../../dist/cli.js', import.meta.url))];
