// Files that ship with the project (migrations, demo data), found from this module's location.
import { fileURLToPath } from 'node:url';

// This module is src/paths.ts when run from source and part of dist/cli.js when built (npm run build bundles the
// command into that one file): one level below the root either way.
const root = fileURLToPath(new URL('..', import.meta.url));

export function projectPath(...parts: string[]): string {
  return [root.replace(/\/$/, ''), ...parts].join('/');
}
